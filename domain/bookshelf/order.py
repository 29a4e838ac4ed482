"""The Order aggregate, its OrderItem entity and events; guarded status transitions."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from domain.bookshelf import money
from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.money import Money
from domain.core.errors import DomainRuleError
from domain.core.fields import Float, HasMany, Identifier, Integer, String, ValueObject

# More copies than any shop ships in one line; it also keeps totals within exact decimals.
MAX_QUANTITY = 10_000


class OrderStatus(Enum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    SHIPPED = "SHIPPED"


class OrderTransitionRefused(DomainRuleError):
    """An order was asked to move to a status its current status does not lead to."""


@bookshelf.aggregate
class Order:
    customer_name = String(max_length=150, required=True)
    status = String(
        max_length=20, choices=OrderStatus, default=OrderStatus.PENDING.value
    )
    items = HasMany("OrderItem")

    def clean(self) -> dict[str, list[str]]:
        currencies = {item.unit_price.currency for item in self.items if item.unit_price}
        if len(currencies) > 1:
            found = ", ".join(sorted(currencies))
            return {"items": [f"all items must share one currency, not {found}"]}
        return {}

    @property
    def total(self) -> Decimal:
        return money.total(
            (item.unit_price.amount if item.unit_price else 0.0, item.quantity)
            for item in self.items
        )

    @property
    def currency(self) -> str:
        return next((item.unit_price.currency for item in self.items if item.unit_price), "USD")

    def place(self, book_ids: list[str]) -> None:
        """Record a new order: one OrderItemAdded per line, then OrderPlaced."""
        for item, book_id in zip(self.items, book_ids, strict=True):
            self.raise_(
                OrderItemAdded(
                    order_id=self.id,
                    item_id=item.id,
                    book_id=book_id,
                    book_title=item.book_title,
                    quantity=item.quantity,
                    unit_price_amount=item.unit_price.amount if item.unit_price else 0,
                    unit_price_currency=item.unit_price.currency if item.unit_price else "USD",
                )
            )
        self.raise_(
            OrderPlaced(
                order_id=self.id,
                customer_name=self.customer_name,
                total_items=sum(item.quantity for item in self.items),
            )
        )

    def _refuse_unless(self, status: OrderStatus, action: str) -> None:
        if self.status != status.value:
            raise OrderTransitionRefused(
                f"Order {self.id} for {self.customer_name} is {self.status}: "
                f"only a {status.value} order can be {action}"
            )

    def confirm(self):
        self._refuse_unless(OrderStatus.PENDING, "confirmed")
        self.status = OrderStatus.CONFIRMED.value
        self.raise_(
            OrderConfirmed(
                order_id=self.id,
                customer_name=self.customer_name,
            )
        )

    def ship(self):
        self._refuse_unless(OrderStatus.CONFIRMED, "shipped")
        self.status = OrderStatus.SHIPPED.value
        self.raise_(
            OrderShipped(
                order_id=self.id,
                customer_name=self.customer_name,
            )
        )


@bookshelf.entity(part_of=Order)
class OrderItem:
    book_title = String(max_length=200, required=True)
    quantity = Integer(required=True)
    unit_price = ValueObject(Money)

    def clean(self) -> dict[str, list[str]]:
        if isinstance(self.quantity, int) and self.quantity < 1:
            return {"quantity": ["must be at least 1"]}
        if isinstance(self.quantity, int) and self.quantity > MAX_QUANTITY:
            return {"quantity": [f"must be at most {MAX_QUANTITY:,}"]}
        return {}


@bookshelf.event(part_of=Order)
class OrderItemAdded:
    """One line of a newly placed order, so read models can be built from events alone."""

    order_id = Identifier(required=True)
    item_id = Identifier(required=True)
    book_id = Identifier(required=True)
    book_title = String(max_length=200, required=True)
    quantity = Integer(required=True, min_value=1)
    unit_price_amount = Float(min_value=0)
    unit_price_currency = String(max_length=3, default="USD")


@bookshelf.event(part_of=Order)
class OrderPlaced:
    order_id = Identifier(required=True)
    customer_name = String(max_length=150, required=True)
    total_items = Integer(required=True)


@bookshelf.event(part_of=Order)
class OrderConfirmed:
    order_id = Identifier(required=True)
    customer_name = String(max_length=150, required=True)


@bookshelf.event(part_of=Order)
class OrderShipped:
    order_id = Identifier(required=True)
    customer_name = String(max_length=150, required=True)
