"""A domain with a process manager for the core's tests: an errand opened, paid for, closed."""

from __future__ import annotations

from typing import ClassVar

from domain.core import Domain, current_domain, handle
from domain.core.fields import Identifier, Integer, List, String

errands = Domain("Errands")


@errands.event(part_of="Errand")
class ErrandOpened:
    errand_id = Identifier(required=True)
    title = String(required=True)
    price = Integer(required=True)


@errands.event(part_of="Errand")
class ErrandClosed:
    errand_id = Identifier(required=True)


@errands.event(part_of="Payment")
class PaymentTaken:
    payment_id = Identifier(required=True)
    errand_ref = Identifier(required=True)
    amount = Integer(required=True)


@errands.aggregate
class Errand:
    title = String(required=True)
    status = String(default="OPEN")


@errands.aggregate
class Payment:
    errand_ref = Identifier(required=True)
    amount = Integer(required=True, min_value=1)


@errands.command(part_of=Errand)
class OpenErrand:
    title = String(required=True)
    price = Integer(required=True)


@errands.command(part_of=Errand)
class CloseErrand:
    errand_id = Identifier(required=True)


@errands.command(part_of=Payment)
class TakePayment:
    errand_ref = Identifier(required=True)
    amount = Integer(required=True)


@errands.command_handler(part_of=Errand)
class ErrandHandler:
    @handle(OpenErrand)
    def open(self, command: OpenErrand) -> str:
        errand = Errand(title=command.title)
        errand.raise_(ErrandOpened(errand_id=errand.id, title=command.title,
                                   price=command.price))
        current_domain.repository_for(Errand).add(errand)
        return str(errand.id)

    @handle(CloseErrand)
    def close(self, command: CloseErrand) -> None:
        repository = current_domain.repository_for(Errand)
        errand = repository.get(command.errand_id)
        errand.status = "CLOSED"
        errand.raise_(ErrandClosed(errand_id=errand.id))
        repository.add(errand)


@errands.command_handler(part_of=Payment)
class PaymentHandler:
    @handle(TakePayment)
    def take(self, command: TakePayment) -> str:
        payment = Payment(errand_ref=command.errand_ref, amount=command.amount)
        payment.raise_(PaymentTaken(payment_id=payment.id, errand_ref=command.errand_ref,
                                    amount=command.amount))
        current_domain.repository_for(Payment).add(payment)
        return str(payment.id)


@errands.process_manager(stream_categories=["errand", "errands::payment"])
class ErrandFlow:
    """Opened: take the payment; paid: close the errand; closed: done."""

    errand_id = Identifier()
    title = String()
    paid = Integer(default=0)
    steps = List(String())
    # The methods that raise, for the tests of a failing step.
    failing: ClassVar[set[str]] = set()

    def _step(self, name: str) -> None:
        if name in self.failing:
            raise RuntimeError(f"{name} failed")
        self.steps = [*self.steps, name]

    @handle(ErrandOpened, start=True, correlate="errand_id")
    def opened(self, event: ErrandOpened) -> None:
        self.errand_id = event.errand_id
        self.title = event.title
        current_domain.process(TakePayment(errand_ref=event.errand_id, amount=event.price))
        self._step("opened")

    @handle(PaymentTaken, correlate={"errand_id": "errand_ref"})
    def paid_for(self, event: PaymentTaken) -> None:
        self.paid += event.amount
        self._step("paid")
        current_domain.process(CloseErrand(errand_id=event.errand_ref))

    @handle(ErrandClosed, correlate="errand_id", end=True)
    def closed(self, event: ErrandClosed) -> None:
        self._step("closed")
