"""An event-sourced domain for the core's tests: accounts opened, credited and closed."""

from __future__ import annotations

from typing import Any

from domain.core import Domain, ValidationError, apply, current_domain, handle, invariant
from domain.core.fields import Float, Identifier, String

ledger = Domain("Ledger")
# What the event handler saw: each event with the account as `get` rebuilt it then.
seen: list[tuple[Any, Any]] = []


@ledger.event(part_of="Account")
class AccountOpened:
    account_id = Identifier(required=True)
    holder = String(required=True)


@ledger.event(part_of="Account")
class Credited:
    account_id = Identifier(required=True)
    amount = Float(required=True)


@ledger.event(part_of="Account")
class Renamed:
    account_id = Identifier(required=True)
    holder = String(required=True)


@ledger.aggregate(event_sourced=True)
class Account:
    holder = String(max_length=30, required=True)
    balance = Float(default=0.0)

    @classmethod
    def open(cls, holder: str) -> Account:
        account = cls._create_new()
        account.raise_(AccountOpened(account_id=account.id, holder=holder))
        return account

    def credit(self, amount: float) -> None:
        self.raise_(Credited(account_id=self.id, amount=amount))

    @apply
    def opened(self, event: AccountOpened) -> None:
        self.id = event.account_id
        self.holder = event.holder
        self.balance = 0.0

    @apply
    def credited(self, event: Credited) -> None:
        self.balance += event.amount

    @apply
    def renamed(self, event: Renamed) -> None:
        self.holder = event.holder

    @invariant.post
    def balance_stays_under_a_thousand(self) -> None:
        if self.balance is not None and self.balance >= 1000:
            raise ValidationError({"balance": ["must stay under 1000"]})


@ledger.command(part_of=Account)
class OpenAccount:
    holder = String(required=True)


@ledger.command(part_of=Account)
class Credit:
    account_id = Identifier(required=True)
    amount = Float(required=True)


@ledger.command_handler(part_of=Account)
class AccountCommands:
    @handle(OpenAccount)
    def open_account(self, command: OpenAccount) -> str:
        account = Account.open(command.holder)
        current_domain.repository_for(Account).add(account)
        return str(account.id)

    @handle(Credit)
    def credit(self, command: Credit) -> None:
        accounts = current_domain.repository_for(Account)
        account = accounts.get(command.account_id)
        account.credit(command.amount)
        accounts.add(account)


@ledger.event_handler(part_of=Account)
class AccountEvents:
    @handle(AccountOpened)
    def on_opened(self, event: AccountOpened) -> None:
        seen.append((event, current_domain.repository_for(Account).get(event.account_id)))

    @handle(Credited)
    def on_credited(self, event: Credited) -> None:
        seen.append((event, current_domain.repository_for(Account).get(event.account_id)))
