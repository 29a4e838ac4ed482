"""The clerk: stocks the shelf with a first batch of books, then adds one now and then."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.bookshelf import AddBook
from domain.bookshelf.isbn import isbn13_check_digit
from domain.simulation import catalog_data as data
from domain.simulation.actor import Actor, Request

if TYPE_CHECKING:
    from domain.simulation.world import World


class Clerk(Actor):
    rank = 0

    def __init__(self, seed: int, *, initial_books: int, book_interval: float) -> None:
        super().__init__("clerk", seed)
        self.initial_books = initial_books
        self.book_interval = book_interval
        self.next_at = 0.0
        self._stocked = False

    def act(self, now: float, world: World) -> list[Request]:
        count = 1 if self._stocked else max(1, self.initial_books)
        self._stocked = True
        # Irregular but never bunched: between half and one and a half intervals.
        self.next_at = now + self.book_interval * self.random.uniform(0.5, 1.5)
        return [Request(AddBook, self.new_book(), self.name) for _ in range(count)]

    def new_book(self) -> dict[str, Any]:
        pick = self.random.choice
        title = pick(data.TITLE_PATTERNS).format(adjective=pick(data.TITLE_ADJECTIVES),
                                                  noun=pick(data.TITLE_NOUNS))
        return {
            "title": title,
            "author": f"{pick(data.FIRST_NAMES)} {pick(data.LAST_NAMES)}",
            "isbn": self.new_isbn(),
            "price_amount": pick(data.PRICE_POINTS),
            "price_currency": data.CURRENCY,
            "description": "",
        }

    def new_isbn(self) -> str:
        first_twelve = self.random.choice(data.ISBN_PREFIXES) + "".join(
            str(self.random.randrange(10)) for _ in range(8))
        return first_twelve + isbn13_check_digit(first_twelve)
