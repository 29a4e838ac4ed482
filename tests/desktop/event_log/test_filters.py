"""The event log's filters: a rare match far back, a stream or an id, a time range, and a note
when a search could not look everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QLabel

from desktop.event_log.model import EventLogModel, looks_like_stream
from desktop.event_log.panel import BETWEEN, EventLogPanel
from desktop.main_window import domain_event_types
from domain.bookshelf import AddBook, PlaceOrder, open_bookshelf
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import EventLog, EventLogPager
from tests.desktop.event_log.helpers import positions
from tests.desktop.helpers import find
from tests.event_history import add_needle, fill

HISTORY = 300


@pytest.fixture
def reader(database_path: Path) -> Iterator[SqliteReader]:
    """A history whose only needle is its second event, far behind HISTORY others."""
    fill(database_path, 1)
    add_needle(database_path)
    fill(database_path, HISTORY, start=1)
    opened = SqliteReader(str(database_path))
    yield opened
    opened.close()


def panel_on(qtbot, reader: SqliteReader, scan_limit: int | None = None) -> EventLogPanel:
    panel = EventLogPanel(EventLogModel(EventLogPager(
        EventLog(reader, scan_limit), page_size=20, known_types=domain_event_types())))
    qtbot.addWidget(panel)
    return panel


def search(panel: EventLogPanel, text: str) -> None:
    panel.text_filter.setText(text)
    panel.apply_filters_now()


def test_a_rare_match_far_back_is_shown_by_the_first_read(qtbot, reader):
    panel = panel_on(qtbot, reader)
    search(panel, "NEEDLE")
    assert positions(panel.model) == [2] and not panel.model.can_fetch_older()
    assert panel.scope_label.isHidden()
    count = find(panel, "eventLogCount", QLabel)
    qtbot.waitUntil(lambda: count.text() == "1 event")


def test_a_text_too_short_for_the_index_says_how_far_back_it_looked(qtbot, reader):
    panel = panel_on(qtbot, reader, scan_limit=100)
    search(panel, "ne")
    assert positions(panel.model) == []  # the needle is older than the newest 100
    assert not panel.scope_label.isHidden()
    assert "Searched the newest 100 events only" in panel.scope_label.text()
    search(panel, "needle")
    assert positions(panel.model) == [2] and panel.scope_label.isHidden()


def test_a_stream_or_an_aggregate_id_typed_in_the_search_shows_that_aggregate(
        qtbot, database_path: Path):
    shop = open_bookshelf(database_path)
    book = shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.0))
    order = shop.process(PlaceOrder(customer_name="Ann", items=[{"book_id": book,
                                                                "quantity": 1}]))
    shop.process(AddBook(title="Emma", author="Jane Austen", price_amount=9.0))
    shop.close()
    reader = SqliteReader(str(database_path))
    try:
        panel = panel_on(qtbot, reader)
        for text in (f"order-{order[:8]}", f"bookshelf::order-{order}", order):
            search(panel, text)
            assert positions(panel.model) == [2, 3], text  # the line, then the order
        search(panel, book)
        assert positions(panel.model) == [1]
    finally:
        reader.close()


def test_what_the_table_shows_as_a_stream_is_read_as_one():
    assert looks_like_stream("order-1a2b3c4d")
    assert looks_like_stream("bookshelf::order-08e61313-21b8-40dd-beb2-54ee5903cc66")
    assert not looks_like_stream("Book 12") and not looks_like_stream("café-noir")


def test_a_time_range_keeps_the_events_stamped_in_it(qtbot, reader):
    panel = panel_on(qtbot, reader)
    times = find(panel, "eventLogTimeFilter", QComboBox)
    times.setCurrentText("Last 15 minutes")
    assert len(positions(panel.model)) == 20  # the newest page: all were just stamped
    assert panel.since_edit.isHidden() and panel.until_edit.isHidden()
    times.setCurrentText(BETWEEN)
    assert not panel.since_edit.isHidden() and not panel.until_edit.isHidden()
    past = datetime.now(UTC) - timedelta(days=3)
    panel.since_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(past.timestamp())))
    panel.until_edit.setDateTime(QDateTime.fromSecsSinceEpoch(
        int((past + timedelta(days=1)).timestamp())))
    panel.until_edit.editingFinished.emit()
    assert positions(panel.model) == []
    times.setCurrentText("Any time")
    assert len(positions(panel.model)) == 20 and panel.since_edit.isHidden()


def test_text_type_and_time_combine(qtbot, reader):
    panel = panel_on(qtbot, reader)
    find(panel, "eventLogTimeFilter", QComboBox).setCurrentText("Last hour")
    combo = find(panel, "eventLogTypeFilter", QComboBox)
    combo.setCurrentIndex(combo.findData("Bookshelf.BookAdded.v1"))
    search(panel, "needle")
    assert positions(panel.model) == [2]
    combo.setCurrentIndex(combo.findText("OrderPlaced"))
    assert positions(panel.model) == []


@pytest.mark.parametrize("text", ["Café", "CAFÉ", "cafe"])
def test_cafe_in_any_case_finds_the_cafe_and_a_hebrew_name_finds_its_book(
        qtbot, database_path: Path, text: str):
    shop = open_bookshelf(database_path)
    for title in ("Café Society", "אברהם אבינו", "Dune"):
        shop.process(AddBook(title=title, author="A. Writer", price_amount=5.0))
    shop.close()
    reader = SqliteReader(str(database_path))
    try:
        panel = panel_on(qtbot, reader)
        search(panel, text)
        assert [panel.model.row_at(row).payload["title"]
                for row in range(panel.model.rowCount())] == ["Café Society"]
        search(panel, "אברהם")
        assert positions(panel.model) == [2]
    finally:
        reader.close()
