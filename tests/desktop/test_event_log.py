"""The event log: live rows, filters by type and text, details, paging, follow mode."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QComboBox

from desktop.event_log_model import EventLogModel
from desktop.event_rows import EventRow
from desktop.read_store import ReadStore
from domain.bookshelf import AddBook, open_bookshelf
from tests.desktop.helpers import add_book, find, log_types, type_into


def choose_type(window, event_type: str) -> None:
    combo = find(window, "eventLogTypeFilter", QComboBox)
    combo.setCurrentIndex(combo.findData(event_type))


def test_the_type_filter_keeps_only_that_type_live_and_stored(qtbot, window):
    add_book(qtbot, window, "Dune")
    choose_type(window, "Bookshelf.BookAdded.v1")
    add_book(qtbot, window, "Emma", author="Jane Austen")
    qtbot.waitUntil(lambda: len(log_types(window)) == 2)
    assert set(log_types(window)) == {"Bookshelf.BookAdded.v1"}

    choose_type(window, "Bookshelf.OrderPlaced.v1")
    assert log_types(window) == []
    find(window, "eventLogTypeFilter", QComboBox).setCurrentIndex(0)  # all types
    assert len(log_types(window)) == 2


def test_the_text_filter_matches_payloads(qtbot, window):
    add_book(qtbot, window, "Dune")
    add_book(qtbot, window, "Emma", author="Jane Austen")
    type_into(qtbot, window, "eventLogTextFilter", "austen")
    window.event_log_panel.apply_filters_now()
    assert [row.payload["title"] for row in window.event_log_model._rows] == ["Emma"]

    add_book(qtbot, window, "Persuasion", author="Jane Austen")
    add_book(qtbot, window, "Ulysses", author="James Joyce")
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 2)
    titles = [window.event_log_model.row_at(row).payload["title"] for row in range(2)]
    assert titles == ["Emma", "Persuasion"]


def test_selecting_an_event_shows_its_metadata_and_payload_as_json(qtbot, window):
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 1)
    find(window, "eventLogTable").selectRow(0)

    shown = json.loads(find(window, "eventLogDetails").toPlainText())
    assert shown["payload"]["title"] == "Dune"
    assert shown["metadata"]["type"] == "Bookshelf.BookAdded.v1"
    assert shown["metadata"]["stream"].startswith("bookshelf::book-")


def test_redelivered_rows_are_shown_once(qtbot, window):
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 1)
    again = window.event_log_model.row_at(0)
    window.event_log_panel.on_events([again])
    assert window.event_log_model.rowCount() == 1


def fill(database_path, count: int) -> None:
    domain = open_bookshelf(database_path)
    for number in range(count):
        domain.process(AddBook(title=f"Book {number}", author="A. Writer", price_amount=1.0))
    domain.close()


def test_a_long_history_is_read_a_page_at_a_time(qtbot, database_path, restore_bookshelf):
    fill(database_path, 25)
    read_store = ReadStore(database_path)
    try:
        model = EventLogModel(read_store, page_size=10)
        model.fetchMore()
        assert model.rowCount() == 10 and model.canFetchMore()
        model.fetchMore()
        model.fetchMore()
        assert model.rowCount() == 25 and not model.canFetchMore()
        assert [model.row_at(row).position for row in range(25)] == list(range(1, 26))
    finally:
        read_store.close()


def test_rows_delivered_before_the_last_page_is_read_come_from_the_store(
        qtbot, database_path, restore_bookshelf):
    fill(database_path, 25)
    read_store = ReadStore(database_path)
    try:
        model = EventLogModel(read_store, page_size=10)
        model.fetchMore()
        live = EventRow.from_record(tuple(read_store.connection.execute(
            "SELECT position, timestamp, type, stream, payload, metadata FROM events"
            " WHERE position = 25").fetchone()))
        model.append_live([live])
        assert model.rowCount() == 10
        while model.canFetchMore():
            model.fetchMore()
        assert [model.row_at(row).position for row in range(25)] == list(range(1, 26))
    finally:
        read_store.close()


def test_follow_mode_pauses_when_scrolled_up_and_resumes_at_the_bottom(qtbot, window):
    for number in range(40):
        window.bridge.submit(AddBook(title=f"Book {number}", author="A. Writer",
                                     price_amount=1.0))
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 40)
    panel, bar = window.event_log_panel, find(window, "eventLogTable").verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    assert panel.following

    bar.setValue(0)  # the user scrolls up
    assert not panel.following
    assert not find(window, "eventLogFollow").isChecked()
    window.bridge.submit(AddBook(title="Late", author="A. Writer", price_amount=1.0))
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 41)
    assert bar.value() == 0

    bar.setValue(bar.maximum())  # and back to the bottom
    assert panel.following
    window.bridge.submit(AddBook(title="Later", author="A. Writer", price_amount=1.0))
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 42)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
