"""Adding a book: the AddBook command, the Book it stores, and the BookAdded event."""

from __future__ import annotations

import pytest

from domain.bookshelf import AddBook, Book, Bookshelf, Catalog, Money
from domain.core import ValidationError
from tests.unit.bookshelf.helpers import add_book, event_types


def test_add_book_stores_the_book_with_its_price(shop: Bookshelf) -> None:
    book = shop.repository_for(Book).get(add_book(shop, price_amount="19.99", price_currency="EUR"))
    assert (book.title, book.isbn, book.price) == (
        "The Great Gatsby", "9780743273565", Money(amount=19.99, currency="EUR"))


def test_add_book_raises_book_added_with_the_price(shop: Bookshelf) -> None:
    book_id = add_book(shop)
    (stored,) = shop.session().store.load()
    assert stored.type == "Bookshelf.BookAdded.v1"
    assert stored.stream == f"bookshelf::book-{book_id}"
    assert stored.payload == {"book_id": book_id, "title": "The Great Gatsby",
                              "author": "F. Scott Fitzgerald", "price_amount": 12.99,
                              "price_currency": "USD"}


def test_add_book_puts_the_book_in_the_catalog_projection(shop: Bookshelf) -> None:
    book_id = add_book(shop)
    entry = shop.view_for(Catalog).get(book_id)
    assert (entry.title, entry.price_cents, entry.price_currency) == (
        "The Great Gatsby", 1299, "USD")


def test_a_free_book_is_accepted(shop: Bookshelf) -> None:
    assert shop.repository_for(Book).get(add_book(shop, price_amount=0)).price.amount == 0.0


@pytest.mark.parametrize(("values", "keys"), [
    ({"price_amount": -1}, {"price_amount"}),
    ({"price_amount": "free"}, {"price_amount"}),
    ({"price_currency": "usd"}, {"price_currency"}),
    ({"isbn": "9780743273566"}, {"isbn"}),
    ({"title": "", "author": None}, {"title", "author"}),
    ({"title": "x" * 201, "price_amount": None, "isbn": "123"}, {"title", "price_amount", "isbn"}),
])
def test_an_invalid_add_book_is_refused_naming_its_fields(
    values: dict[str, object], keys: set[str],
) -> None:
    base = {"title": "T", "author": "A", "price_amount": 1.0}
    with pytest.raises(ValidationError) as caught:
        AddBook(**{**base, **values})
    assert set(caught.value.messages) == keys


def test_a_failed_add_book_stores_nothing(shop: Bookshelf) -> None:
    with pytest.raises(ValidationError):
        add_book(shop, price_amount=-5)
    assert event_types(shop) == []
