"""The catalog sorted by a header click and filtered as typing pauses, both by SQL."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.catalog.panel import FILTER_PAUSE_MS
from domain.bookshelf import AddBook, open_bookshelf
from tests.desktop.helpers import add_book, click_header, column_texts, find, type_into

ADDED = datetime(2026, 1, 1, tzinfo=UTC)
BOOKS = [("banana Split", "Zoe Adams", 10.0), ("Apple Pie", "émile Zola", 9.0),
         ("cherry Tart", "Ann Baker", 100.0)]


@pytest.fixture
def stocked(open_window, database_path: Path):
    with open_bookshelf(database_path) as shop:
        for title, author, price in BOOKS:
            shop.process(AddBook(title=title, author=author, price_amount=price))
    return open_window(database_path)


def test_the_books_show_in_the_order_they_were_added_until_a_header_is_clicked(stocked):
    table = find(stocked, "catalogTable")
    assert column_texts(table, 0) == ["banana Split", "Apple Pie", "cherry Tart"]
    assert table.horizontalHeader().sortIndicatorSection() == 3  # Added


def test_clicking_the_title_header_sorts_the_titles_whatever_their_case(qtbot, stocked):
    table = find(stocked, "catalogTable")
    click_header(qtbot, table, 0)
    assert column_texts(table, 0) == ["Apple Pie", "banana Split", "cherry Tart"]
    click_header(qtbot, table, 0)
    assert column_texts(table, 0) == ["cherry Tart", "banana Split", "Apple Pie"]


@pytest.mark.parametrize("column, titles", [
    # SQLite's NOCASE folds A-Z only: "émile" comes after "Zoe".
    (1, ["cherry Tart", "banana Split", "Apple Pie"]),  # Ann Baker, Zoe Adams, émile Zola
    (2, ["Apple Pie", "banana Split", "cherry Tart"]),  # 9.00, 10.00, 100.00
    (3, ["banana Split", "Apple Pie", "cherry Tart"]),  # as they were added
])
def test_each_column_sorts_its_values(stocked, column, titles):
    table = find(stocked, "catalogTable")
    table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert column_texts(table, 0) == titles
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert column_texts(table, 0) == titles[::-1]


def test_the_filter_is_one_query_once_typing_pauses(qtbot, stocked, monkeypatch):
    books = stocked.catalog_model.window
    texts: list[str] = []
    set_text = books.set_text
    monkeypatch.setattr(books, "set_text", lambda text: (texts.append(text), set_text(text)))
    table = find(stocked, "catalogTable")

    type_into(qtbot, stocked, "catalogFilter", "ÉMILE")
    qtbot.waitUntil(lambda: texts != [])  # once typing pauses

    assert texts == ["ÉMILE"]
    assert column_texts(table, 0) == ["Apple Pie"]  # by émile Zola


def test_the_filter_looks_at_titles_and_authors_literally(qtbot, stocked):
    model = stocked.catalog_model
    model.set_text("a")
    assert model.rowCount() == 3
    model.set_text("tart")
    assert column_texts(find(stocked, "catalogTable"), 0) == ["cherry Tart"]
    model.set_text("%")
    assert model.rowCount() == 0


def test_a_new_book_takes_its_place_in_the_order_and_the_selection_stays(qtbot, stocked):
    table = find(stocked, "catalogTable")
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.selectRow(1)  # banana Split

    add_book(qtbot, stocked, "Avocado Toast")

    qtbot.waitUntil(lambda: column_texts(table, 0)[0:2] == ["Apple Pie", "Avocado Toast"])
    # The new book is selected once it shows, wherever the order puts it.
    qtbot.waitUntil(lambda: table.selectionModel().selectedRows()[0].data() == "Avocado Toast")


def test_a_book_added_while_filtered_out_leaves_the_selection_alone(qtbot, stocked):
    table = find(stocked, "catalogTable")
    stocked.catalog_model.set_text("pie")
    table.selectRow(0)

    add_book(qtbot, stocked, "Dune Pie")

    assert [index.data() for index in table.selectionModel().selectedRows()] in (
        ["Apple Pie"], ["Dune Pie"])


def insert_books(path: Path, count: int) -> None:
    """Catalog rows written straight into the projection's table: thousands in a moment."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executemany(
            "INSERT INTO projection_catalog (book_id, title, author, price_cents,"
            " price_currency, added_at, position) VALUES (?, ?, 'A. Writer', ?, 'USD', ?, ?)",
            [(f"book-{number:05d}", f"Title {number:05d}", (number % 50) * 100,
              (ADDED + timedelta(seconds=number)).isoformat(), number)
             for number in range(count)])


def test_a_catalog_of_thousands_is_held_a_few_pages_at_a_time(qtbot, open_window,
                                                              database_path):
    open_bookshelf(database_path).close()
    insert_books(database_path, 6_000)
    window = open_window(database_path)
    model, table = window.catalog_model, find(window, "catalogTable")
    assert model.rowCount() == 6_000

    for row in (5_999, 3_000, 0, 4_321):
        table.scrollTo(model.index(row, 0))
        qtbot.wait(1)  # painted: the view asks for the rows it shows
        assert model.index(row, 0).data() == f"Title {row:05d}"
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    table.scrollToBottom()

    window_ = model.window
    assert window_.held <= window_.max_pages * window_.page_size
    assert model.index(5_999, 2).data() == "0.00 USD"


def test_a_filter_typed_just_before_the_window_closes_reads_nothing_after(qtbot, window):
    type_into(qtbot, window, "catalogFilter", "Dune")

    window.close()  # before typing pauses: the filter's query would meet a closed reader

    qtbot.wait(FILTER_PAUSE_MS * 2)  # a slot's exception would fail the test here
    assert window.catalog_model.rowCount() == 0
