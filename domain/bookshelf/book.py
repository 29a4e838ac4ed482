"""The Book aggregate and its BookAdded event, as the chapter declares them."""

from __future__ import annotations

from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.isbn import isbn_problems
from domain.bookshelf.money import Money
from domain.core.fields import Float, Identifier, String, Text, ValueObject


@bookshelf.aggregate
class Book:
    title = String(max_length=200, required=True)
    author = String(max_length=150, required=True)
    isbn = String(max_length=13)
    price = ValueObject(Money)
    description = Text()

    def clean(self) -> dict[str, list[str]]:
        problems = isbn_problems(self.isbn)
        return {"isbn": problems} if problems else {}

    def add_to_catalog(self):
        """Mark this book as added to the catalog and raise an event."""
        self.raise_(
            BookAdded(
                book_id=self.id,
                title=self.title,
                author=self.author,
                price_amount=self.price.amount if self.price else 0,
                price_currency=self.price.currency if self.price else "USD",
            )
        )


@bookshelf.event(part_of=Book)
class BookAdded:
    book_id = Identifier(required=True)
    title = String(max_length=200, required=True)
    author = String(max_length=150, required=True)
    price_amount = Float()
    price_currency = String(max_length=3, default="USD")
