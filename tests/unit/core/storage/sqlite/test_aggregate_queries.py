"""The SQL of aggregate queries: values bound as parameters, totals counted by SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain
from domain.core.storage.query import AggregateQuery, Condition, Criterion, Ordering
from domain.core.storage.sqlite.aggregate_queries import (
    TableShape,
    condition_clause,
    count_sql,
    ids_sql,
)
from domain.core.storage.sqlite.tables import ElementTable
from tests.unit.core.catalogue import Book, opened, shelve

HOSTILE = "x' OR '1'='1'; DROP TABLE book; --"


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[Domain]:
    with opened(tmp_path) as domain:
        yield domain


def test_every_value_is_a_parameter_never_part_of_the_sql() -> None:
    for lookup in ("exact", "iexact", "contains", "icontains", "gt", "gte", "lt", "lte"):
        sql, parameters = condition_clause(Condition("title", lookup, HOSTILE))
        assert "DROP" not in sql and "'1'" not in sql
        assert any(HOSTILE in str(parameter) for parameter in parameters)
    sql, parameters = condition_clause(Condition("title", "in", [HOSTILE, "b"]))
    assert (sql, parameters) == ('("title" IN (?, ?))', [HOSTILE, "b"])


def test_the_window_is_bound_too_and_no_limit_is_sqlites_minus_one() -> None:
    query = AggregateQuery(criteria=(Criterion((Condition("pages", "gt", 3),)),),
                           order=(Ordering("pages", descending=True),), offset=4)
    assert ids_sql(TableShape("book"), query) == (
        'SELECT "id" FROM "book" WHERE ("pages" > ?) ORDER BY "pages" DESC, rowid ASC'
        " LIMIT ? OFFSET ?", [3, -1, 4])


def test_an_exclude_counts_an_unknown_test_as_not_matching() -> None:
    query = AggregateQuery(criteria=(Criterion((Condition("author", "exact", "A"),),
                                               negated=True),))
    assert count_sql(TableShape("book"), query) == (
        'SELECT count(*) FROM "book" WHERE NOT coalesce(("author" = ?), 0)', ["A"])


def test_hostile_looking_values_match_literally_and_harm_nothing(catalogue: Domain) -> None:
    shelve(catalogue, Book(title=HOSTILE), Book(title="Plain"))
    query = catalogue.repository_for(Book).query
    for lookups in ({"title": HOSTILE}, {"title__iexact": HOSTILE.upper()},
                    {"title__icontains": "'1'='1'; drop"}, {"title__contains": "; DROP"},
                    {"title__in": [HOSTILE]}):
        assert [book.title for book in query.filter(**lookups).all().items] == [HOSTILE]
    assert query.filter(title="' OR 1=1 --").all().total == 0
    assert query.exclude(title=HOSTILE).all().total == 1
    assert query.count() == 2  # the table is still there, both rows in it


@pytest.fixture
def ten_thousand_books(catalogue: Domain) -> Domain:
    store = catalogue.session().store
    books = catalogue.repository_for(Book)
    with store.unit_of_work():
        for number in range(10_000):
            books.add(Book(title=f"Volume {number:05}", pages=number))
    return catalogue


def test_total_is_counted_by_sqlite_without_reading_the_rows(
        ten_thousand_books: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[object] = []
    original = ElementTable.build
    monkeypatch.setattr(ElementTable, "build",
                        lambda table, *args: built.append(1) or original(table, *args))
    statements: list[str] = []
    connection: sqlite3.Connection = ten_thousand_books.session().store.connection
    connection.set_trace_callback(statements.append)
    try:
        page = ten_thousand_books.repository_for(Book).query.filter(
            pages__gte=500).order_by("-pages").limit(3).all()
        counted = ten_thousand_books.repository_for(Book).query.count()
    finally:
        connection.set_trace_callback(None)

    assert (page.total, [book.pages for book in page.items]) == (9_500, [9_999, 9_998, 9_997])
    assert counted == 10_000
    assert len(built) == 3  # the page's three books, and not one more
    # The trace shows each statement as run, its parameters in place.
    counts = [sql for sql in statements if sql.startswith('SELECT count(*) FROM "book"')]
    assert counts == ['SELECT count(*) FROM "book" WHERE ("pages" >= 500)',
                      'SELECT count(*) FROM "book" WHERE 1']
