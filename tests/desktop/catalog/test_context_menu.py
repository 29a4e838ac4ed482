"""The catalog's context menu: a book's history, its events in the log, its id."""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication

from domain.bookshelf import Book
from tests.desktop.helpers import add_book


def action(window, row: int, name: str) -> QAction:
    found = window.catalog_panel.table.menu_for(row).findChild(QAction, name)
    assert found is not None
    return found


def test_show_history_asks_the_window_for_the_books_stream(qtbot, window):
    add_book(qtbot, window, "Dune")
    book_id = window.catalog_model.book(0)["book_id"]
    with qtbot.waitSignal(window.historyRequested) as asked:
        action(window, 0, "catalogTableShowHistory").trigger()
    assert asked.args == [Book.stream_name(book_id)]


def test_show_events_filters_the_log_to_the_book(qtbot, window):
    for title in ("Dune", "Emma"):
        add_book(qtbot, window, title)
    row = next(row for row in range(2) if window.catalog_model.book(row)["title"] == "Emma")
    action(window, row, "catalogTableShowStream").trigger()
    log = window.event_log_model
    qtbot.waitUntil(lambda: log.rowCount() == 1)
    assert log.row_at(0).payload["title"] == "Emma"


def test_copy_id_copies_the_books_id(qtbot, window):
    add_book(qtbot, window, "Dune")
    action(window, 0, "catalogTableCopyId").trigger()
    assert QGuiApplication.clipboard().text() == window.catalog_model.book(0)["book_id"]


def test_several_books_selected_show_none_in_the_details(qtbot, window):
    for title in ("Dune", "Emma"):
        add_book(qtbot, window, title)
    window.catalog_panel.table.selectAll()
    assert window.catalog_panel.selected_book() is None
