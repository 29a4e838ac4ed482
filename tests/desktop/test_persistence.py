"""Closing the window keeps everything: reopening shows it, and no submitted command is lost."""

from __future__ import annotations

import sqlite3

from domain.bookshelf import AddBook
from tests.desktop.helpers import (
    add_book,
    hold_worker,
    log_types,
    place_order,
    release_when_stopping,
)


def test_closing_and_reopening_the_same_database_shows_the_same_data(
        qtbot, open_window, database_path):
    first = open_window(database_path)
    add_book(qtbot, first, "Dune")
    place_order(qtbot, first, "Ann")
    qtbot.waitUntil(lambda: len(log_types(first)) == 3)
    before = (log_types(first), first.orders_model.order(0), first.catalog_model.book(0))
    first.close()

    second = open_window(database_path)
    assert second.catalog_model.rowCount() == 1
    assert second.orders_model.rowCount() == 1
    after = (log_types(second), second.orders_model.order(0), second.catalog_model.book(0))
    assert after == before


def test_closing_during_a_stream_of_commands_loses_none_of_them(
        qtbot, open_window, database_path):
    window = open_window(database_path)
    gate = hold_worker(window.engine)  # the commands wait in the mailbox until close
    for number in range(300):
        window.bridge.submit(AddBook(title=f"Book {number}", author="A. Writer",
                                     price_amount=1.0))
    releaser = release_when_stopping(window.engine, gate)

    assert window.engine.backlog > 0
    window.close()  # stops the engine, which finishes every command it accepted
    releaser.join()

    with sqlite3.connect(database_path) as connection:
        titles = {row[0] for row in connection.execute("SELECT title FROM book")}
        events = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert titles == {f"Book {number}" for number in range(300)}
    assert events == 300
    reopened = open_window(database_path)
    assert reopened.catalog_model.rowCount() == 300
