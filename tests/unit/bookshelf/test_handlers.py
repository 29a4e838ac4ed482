"""The command handlers: what each reads to do its work."""

from __future__ import annotations

from collections import Counter

import pytest

from domain.bookshelf import Bookshelf, Order, PlaceOrder
from domain.core.runtime.repository import Repository
from tests.unit.bookshelf.helpers import add_book


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each aggregate id is read from storage."""
    counted: Counter[str] = Counter()
    read = Repository.get

    def counting(self: Repository, aggregate_id: object) -> object:
        counted[str(aggregate_id)] += 1
        return read(self, aggregate_id)

    monkeypatch.setattr(Repository, "get", counting)
    return counted


def test_placing_an_order_reads_each_of_its_books_once(shop: Bookshelf,
                                                       reads: Counter[str]) -> None:
    books = [add_book(shop, title=f"Book {number}", isbn="") for number in range(5)]
    shop.process(PlaceOrder(customer_name="Ann",
                            items=[{"book_id": book, "quantity": 1} for book in books]))
    assert reads == Counter(books)


def test_a_book_on_several_lines_is_read_once_even_by_a_command_built_around_the_rules(
    shop: Bookshelf, reads: Counter[str],
) -> None:
    book = add_book(shop)
    command = PlaceOrder(customer_name="Ann", items=[{"book_id": book, "quantity": 1}])
    command.__dict__["items"] = command.items * 50  # what the rules now refuse
    order_id = shop.process(command)
    assert reads == Counter({book: 1})
    assert len(shop.repository_for(Order).get(order_id).items) == 50
