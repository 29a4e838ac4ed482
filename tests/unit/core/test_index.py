"""Index declarations: `@domain.aggregate(indexes=[Index("isbn", unique=True), ...])` creates
the indexes, and a unique one refuses a save that repeats its values (issue 13)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    ExpectedVersionError,
    IncorrectUsageError,
    Index,
    ValidationError,
)
from domain.core.fields import String
from tests.unit.core.conftest import BACKENDS, fresh_store


def shelf_domain(path: Path) -> tuple[Domain, type]:
    shop = Domain(name="Indexed")

    @shop.aggregate(indexes=[Index("isbn", unique=True), Index("category"),
                             Index("author", "title", desc=("title",), name="by_author")])
    class Book:
        isbn: String(max_length=20, required=True)
        title: String(max_length=255, required=True)
        author: String(max_length=100)
        category: String(max_length=64)

    shop.config["database"] = str(path)
    shop.init()
    return shop, Book


def index_list(path: Path) -> dict[str, tuple[bool, list[tuple[str, bool]]]]:
    with closing(sqlite3.connect(path)) as connection:
        found = {}
        for _seq, name, unique, origin, _partial in connection.execute(
                "PRAGMA index_list(book)"):
            if origin != "c":
                continue  # the primary key's own
            columns = [(row[2], bool(row[3])) for row in
                       connection.execute(f"PRAGMA index_xinfo({name})") if row[5]]
            found[name] = (bool(unique), columns)
        return found


def test_the_declared_indexes_are_created_with_their_order_and_uniqueness(tmp_path: Path
                                                                          ) -> None:
    shop, book_class = shelf_domain(tmp_path / "shop.db")
    shop.repository_for(book_class).add(book_class(isbn="1", title="Dune"))
    shop.close()

    assert index_list(tmp_path / "shop.db") == {
        "ix_book_isbn": (True, [("isbn", False)]),
        "ix_book_category": (False, [("category", False)]),
        "by_author": (False, [("author", False), ("title", True)]),
    }


def test_a_unique_index_refuses_a_repeated_value_and_writes_nothing(tmp_path: Path) -> None:
    shop, book_class = shelf_domain(tmp_path / "shop.db")
    books = shop.repository_for(book_class)
    books.add(book_class(isbn="978-1", title="Dune"))

    with pytest.raises(ValidationError) as refused:
        books.add(book_class(isbn="978-1", title="Emma"))

    assert refused.value.messages == {
        "isbn": ["isbn='978-1' is already used by another Book"]}
    assert [each.title for each in books.query.all().items] == ["Dune"]
    shop.close()


def test_a_nocase_index_orders_text_whatever_its_ascii_case_and_serves_that_sort(
        tmp_path: Path) -> None:
    shop = Domain(name="Cased")

    @shop.aggregate(indexes=[Index("title"), Index("title", nocase=["title"])])
    class Book:
        title: String(max_length=255, required=True)

    shop.config["database"] = str(tmp_path / "cased.db")
    shop.init()
    for title in ("banana", "Apple", "cherry"):
        shop.repository_for(Book).add(Book(title=title))
    shop.close()

    with closing(sqlite3.connect(tmp_path / "cased.db")) as connection:
        names = {row[1] for row in connection.execute("PRAGMA index_list(book)")}
        plan = " ".join(row[3] for row in connection.execute(
            "EXPLAIN QUERY PLAN SELECT title FROM book ORDER BY title COLLATE NOCASE"))
        titles = [row[0] for row in connection.execute(
            "SELECT title FROM book INDEXED BY ix_book_title_nocase "
            "ORDER BY title COLLATE NOCASE")]
    assert {"ix_book_title", "ix_book_title_nocase"} <= names
    assert "ix_book_title_nocase" in plan and "TEMP B-TREE" not in plan
    assert titles == ["Apple", "banana", "cherry"]


@pytest.mark.parametrize(("declare", "error", "words"), [
    (lambda: Index(), IncorrectUsageError, "one or more field names"),
    (lambda: Index("a", "a"), IncorrectUsageError, "named twice"),
    (lambda: Index("a", desc=("b",)), IncorrectUsageError, "desc names b"),
    (lambda: Index("a", nocase=("b",)), IncorrectUsageError, "nocase names b"),
    (lambda: Index("a", where="a > 1"), ConfigurationError, "partial indexes"),
    (lambda: Index("a", include=("b",)), ConfigurationError, "covering indexes"),
])
def test_a_bad_index_is_refused_where_it_is_written(declare, error, words) -> None:
    with pytest.raises(error, match=words):
        declare()


@pytest.mark.parametrize(("indexes", "words"), [
    ([Index("nope")], "names nope, which Book does not declare"),
    (["isbn"], "indexes must be a list of Index"),
    ([Index("isbn", name="x"), Index("title", name="x")], "two indexes share a name"),
])
def test_an_index_on_what_the_aggregate_does_not_declare_is_refused(indexes, words) -> None:
    shop = Domain(name="Refusing")
    with pytest.raises(ConfigurationError, match=words):
        @shop.aggregate(indexes=indexes)
        class Book:
            isbn: String(max_length=20)
            title: String(max_length=20)


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_store(request, tmp_path, "coded.db")


def test_a_unique_case_blind_index_refuses_an_update_as_a_stale_write(location: str) -> None:
    shop = Domain(name="Coded")

    @shop.aggregate(indexes=[Index("code", unique=True, nocase=["code"])])
    class Item:
        code: String(max_length=20, required=True)

    shop.config["database"] = location
    shop.init()
    try:
        items = shop.repository_for(Item)
        items.add(Item(code="ABC"))
        other = Item(code="xyz")
        items.add(other)
        changed = items.get(other.id)
        changed.code = "abc"  # the same as "ABC" to this index

        with pytest.raises(ExpectedVersionError, match="Item"):
            items.add(changed)
        assert sorted(each.code for each in items.query.all().items) == ["ABC", "xyz"]
    finally:
        shop.close()
