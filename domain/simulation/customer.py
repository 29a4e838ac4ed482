"""A customer: places orders of one to five books at its rate, some of them wrong on purpose."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from domain.bookshelf import PlaceOrder
from domain.simulation import catalog_data as data
from domain.simulation.actor import Actor, Request

if TYPE_CHECKING:
    from domain.simulation.world import World

# The mistakes a customer makes, so that rejections are seen too.
MISTAKES = ("empty name", "quantity zero", "negative quantity", "unknown book", "no items")


class Customer(Actor):
    rank = 2

    def __init__(self, seed: int, number: int, *, rate: float, invalid_share: float,
                 starts_at: float) -> None:
        super().__init__(f"customer-{number}", seed)
        self.number = number
        self.customer_name = (f"{self.random.choice(data.FIRST_NAMES)} "
                              f"{self.random.choice(data.LAST_NAMES)}")
        self.invalid_share = invalid_share
        self.rate = rate
        self.reschedule(starts_at)

    def reschedule(self, now: float) -> None:
        """The next order after `now`: orders arrive as a Poisson process at `rate` per minute."""
        self.next_at = now + self.random.expovariate(self.rate / 60.0) if self.rate > 0 else None

    def act(self, now: float, world: World) -> list[Request]:
        self.reschedule(now)
        books = world.books_seen_at(now)
        if not books:
            return []  # the shelf is still empty: come back later
        if self.random.random() < self.invalid_share:
            return [self.mistaken_order(books)]
        return [Request(PlaceOrder, self.order_fields(books), self.name)]

    def order_fields(self, books: list[str]) -> dict[str, Any]:
        quantities: dict[str, int] = {}  # a book chosen twice is one line (each book once)
        for _ in range(self.random.randint(1, 5)):
            book_id = self.random.choice(books)
            quantities[book_id] = quantities.get(book_id, 0) + self.random.randint(1, 3)
        lines = [{"book_id": book_id, "quantity": quantity}
                 for book_id, quantity in quantities.items()]
        return {"customer_name": self.customer_name, "items": lines}

    def mistaken_order(self, books: list[str]) -> Request:
        mistake = self.random.choice(MISTAKES)
        fields = self.order_fields(books)
        first = fields["items"][0]
        if mistake == "empty name":
            fields["customer_name"] = ""
        elif mistake == "quantity zero":
            first["quantity"] = 0
        elif mistake == "negative quantity":
            first["quantity"] = -self.random.randint(1, 5)
        elif mistake == "unknown book":
            first["book_id"] = str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        else:
            fields["items"] = []
        return Request(PlaceOrder, fields, self.name, invalid=mistake)
