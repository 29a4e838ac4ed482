"""The commands users and simulated people send: add a book, place, confirm, ship an order."""

from __future__ import annotations

from domain.bookshelf.book import Book
from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.isbn import isbn_problems
from domain.bookshelf.money import currency_problems, price_problems
from domain.bookshelf.order import MAX_QUANTITY, Order
from domain.core.fields import Float, Identifier, Integer, List, String, Text, ValueObject

# Limits on new commands only: books and orders stored before them still load and rebuild.
MAX_DESCRIPTION = 10_000
MAX_LINES = 100


@bookshelf.command(part_of=Book)
class AddBook:
    title = String(max_length=200, required=True)
    author = String(max_length=150, required=True)
    isbn = String(max_length=13)
    price_amount = Float(required=True)
    price_currency = String(max_length=3, default="USD")
    description = Text(max_length=MAX_DESCRIPTION)

    def clean(self) -> dict[str, list[str]]:
        problems = {
            "isbn": isbn_problems(self.isbn),
            "price_amount": price_problems(self.price_amount),
            "price_currency": currency_problems(self.price_currency),
        }
        return {name: texts for name, texts in problems.items() if texts}


@bookshelf.value_object
class OrderLine:
    """One line of a PlaceOrder: which book, how many."""

    book_id = Identifier(required=True)
    quantity = Integer(required=True, min_value=1, max_value=MAX_QUANTITY)


@bookshelf.command(part_of=Order)
class PlaceOrder:
    customer_name = String(max_length=150, required=True)
    items = List(ValueObject(OrderLine), required=True, max_items=MAX_LINES)

    def clean(self) -> dict[str, list[str]]:
        if not isinstance(self.items, tuple):
            return {}  # the field refused them
        lines: dict[str, list[int]] = {}
        for number, line in enumerate(self.items, start=1):
            if isinstance(line, OrderLine):  # the field has refused anything else
                lines.setdefault(line.book_id, []).append(number)
        repeats = [f"book {book_id} is on lines {_listed(numbers)}: each book may be on one line"
                   for book_id, numbers in lines.items() if len(numbers) > 1]
        return {"items": repeats} if repeats else {}


def _listed(numbers: list[int]) -> str:
    return f"{', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


@bookshelf.command(part_of=Order)
class ConfirmOrder:
    order_id = Identifier(required=True)


@bookshelf.command(part_of=Order)
class ShipOrder:
    order_id = Identifier(required=True)
