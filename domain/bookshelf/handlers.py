"""Command handlers: load, call one aggregate method, save."""

from __future__ import annotations

from collections.abc import Callable

from domain.bookshelf.book import Book
from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.commands import AddBook, ConfirmOrder, PlaceOrder, ShipOrder
from domain.bookshelf.money import Money
from domain.bookshelf.order import Order, OrderItem
from domain.core import ObjectNotFoundError, ValidationError, current_domain, handle


@bookshelf.command_handler(part_of=Book)
class BookCommandHandler:
    @handle(AddBook)
    def add_book(self, command: AddBook) -> str:
        book = Book(
            title=command.title,
            author=command.author,
            isbn=command.isbn,
            price=Money(
                amount=command.price_amount,
                currency=command.price_currency,
            ),
            description=command.description,
        )
        book.add_to_catalog()  # Raises BookAdded event
        current_domain.repository_for(Book).add(book)
        return book.id


@bookshelf.command_handler(part_of=Order)
class OrderCommandHandler:
    @handle(PlaceOrder)
    def place_order(self, command: PlaceOrder) -> str:
        books = current_domain.repository_for(Book)
        found: dict[str, Book | None] = {}  # each book is read once, however many lines name it
        items, book_ids, missing = [], [], []
        for line in command.items:
            if line.book_id not in found:
                try:
                    found[line.book_id] = books.get(line.book_id)
                except ObjectNotFoundError:
                    found[line.book_id] = None
                    missing.append(f"no book with id {line.book_id} is in the catalog")
            book = found[line.book_id]
            if book is None:
                continue
            items.append(OrderItem(book_title=book.title, quantity=line.quantity,
                                   unit_price=book.price))
            book_ids.append(book.id)
        if missing:
            raise ValidationError({"items": missing})
        order = Order(customer_name=command.customer_name, items=items)
        order.place(book_ids)
        current_domain.repository_for(Order).add(order)
        return order.id

    @handle(ConfirmOrder)
    def confirm_order(self, command: ConfirmOrder) -> str:
        return self._move(command.order_id, Order.confirm)

    @handle(ShipOrder)
    def ship_order(self, command: ShipOrder) -> str:
        return self._move(command.order_id, Order.ship)

    @staticmethod
    def _move(order_id: str, transition: Callable[[Order], None]) -> str:
        orders = current_domain.repository_for(Order)
        order = orders.get(order_id)
        transition(order)
        orders.add(order)
        return order.id
