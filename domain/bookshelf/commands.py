"""The commands users and simulated people send: add a book, place, confirm, ship an order."""

from __future__ import annotations

from domain.bookshelf.book import Book
from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.isbn import isbn_problems
from domain.bookshelf.money import currency_problems, price_problems
from domain.bookshelf.order import MAX_QUANTITY, Order
from domain.core.fields import Float, Identifier, Integer, List, String, Text, ValueObject


@bookshelf.command(part_of=Book)
class AddBook:
    title = String(max_length=200, required=True)
    author = String(max_length=150, required=True)
    isbn = String(max_length=13)
    price_amount = Float(required=True)
    price_currency = String(max_length=3, default="USD")
    description = Text()

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
    items = List(ValueObject(OrderLine), required=True)


@bookshelf.command(part_of=Order)
class ConfirmOrder:
    order_id = Identifier(required=True)


@bookshelf.command(part_of=Order)
class ShipOrder:
    order_id = Identifier(required=True)
