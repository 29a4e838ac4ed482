"""Small steps the bookshelf tests share: add a book, place an order, count what is stored."""

from __future__ import annotations

from typing import Any

from domain.bookshelf import AddBook, Bookshelf, ConfirmOrder, PlaceOrder


def add_book(shop: Bookshelf, **values: Any) -> str:
    return shop.process(AddBook(**{"title": "The Great Gatsby", "author": "F. Scott Fitzgerald",
                                   "isbn": "9780743273565", "price_amount": 12.99, **values}))


def place_order(shop: Bookshelf, *lines: tuple[str, int], customer: str = "Alice Johnson") -> str:
    items = [{"book_id": book_id, "quantity": quantity} for book_id, quantity in lines]
    return shop.process(PlaceOrder(customer_name=customer, items=items))


def confirmed_order(shop: Bookshelf) -> str:
    order_id = place_order(shop, (add_book(shop), 1))
    shop.process(ConfirmOrder(order_id=order_id))
    return order_id


def event_types(shop: Bookshelf) -> list[str]:
    return [stored.type for stored in shop.session().store.load()]


def table_counts(shop: Bookshelf) -> dict[str, int]:
    """The number of rows in every table, the events table among them (a virtual table's
    rows are counted in its shadow tables: a contentless FTS5 table cannot be counted)."""
    names = [row[0] for row in shop.session().store.execute(
        "SELECT name FROM pragma_table_list WHERE type IN ('table', 'shadow')"
        " AND schema = 'main' AND name NOT LIKE 'sqlite_%'")]
    return {name: shop.session().store.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in names}
