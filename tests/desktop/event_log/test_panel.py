"""The event log: live rows, filters by type and text, details, paging, follow mode."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QTableView

from desktop.event_log.model import EventLogModel
from desktop.event_log.panel import BOTTOM_SLACK, EventLogPanel
from domain.bookshelf import AddBook
from domain.readside import PAGE_SIZE, EventLogPager
from tests.desktop.event_log.helpers import positions
from tests.desktop.helpers import add_book, find, log_types, type_into
from tests.event_history import fill


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

    shown = json.loads(find(window, "eventLogDetails").json_text())
    assert shown["payload"]["title"] == "Dune"
    assert shown["metadata"]["type"] == "Bookshelf.BookAdded.v1"
    assert shown["metadata"]["stream"].startswith("bookshelf::book-")


def test_redelivered_rows_are_shown_once(qtbot, window):
    add_book(qtbot, window, "Dune")
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 1)
    again = window.event_log_model.row_at(0)
    window.event_log_panel.on_events([again])
    assert window.event_log_model.rowCount() == 1


def row_visible(table: QTableView, row: int) -> bool:
    rect = table.visualRect(table.model().index(row, 0))
    return table.viewport().rect().intersects(rect)


def top_position(panel: EventLogPanel) -> int:
    """The position of the event in the first row the viewport shows."""
    return panel.model.row_at(panel.table.rowAt(0)).position


PAGE = 30  # the panels below read pages of 30, so a few pages overflow a small viewport


@pytest.fixture
def open_log(qtbot, event_log) -> Callable[..., EventLogPanel]:
    """Opens an event log panel of PAGE-event pages, shown, on the test's database."""
    def open_(**options) -> EventLogPanel:
        panel = EventLogPanel(EventLogModel(EventLogPager(event_log, page_size=PAGE,
                                                          **options)))
        qtbot.addWidget(panel)
        panel.resize(900, 400)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return open_


def at_the_bottom(qtbot, panel: EventLogPanel) -> None:
    """Wait until the table is laid out and scrolled to its end."""
    bar = panel.table.verticalScrollBar()
    qtbot.waitUntil(lambda: 0 < bar.maximum() == bar.value())


def test_a_history_of_three_pages_opens_at_its_newest_event_following(
        qtbot, database_path, open_window):
    fill(database_path, 3 * PAGE_SIZE)
    window = open_window(database_path)
    model, table = window.event_log_model, find(window, "eventLogTable", QTableView)

    assert positions(model) == list(range(2 * PAGE_SIZE + 1, 3 * PAGE_SIZE + 1))
    qtbot.waitUntil(lambda: row_visible(table, PAGE_SIZE - 1))
    assert window.event_log_panel.following and find(window, "eventLogFollow").isChecked()
    count = find(window, "eventLogCount", QLabel)
    qtbot.waitUntil(lambda: count.text() == f"{3 * PAGE_SIZE:,} events")  # not the rows read


def test_scrolling_to_the_top_reads_the_page_before_without_moving_the_view(
        qtbot, database_path, open_log):
    fill(database_path, 3 * PAGE)
    panel = open_log()
    bar = panel.table.verticalScrollBar()
    at_the_bottom(qtbot, panel)

    bar.setValue(0)  # the user scrolls to the top
    assert positions(panel.model) == list(range(PAGE + 1, 3 * PAGE + 1))
    assert top_position(panel) == 2 * PAGE + 1  # still the row the user was looking at
    assert row_visible(panel.table, PAGE) and not row_visible(panel.table, PAGE - 1)
    assert not panel.following
    count = find(panel, "eventLogCount", QLabel)
    qtbot.waitUntil(lambda: count.text() == f"{3 * PAGE} events")
    assert "Older events are read as you scroll to the top." in count.toolTip()

    bar.setValue(0)
    assert positions(panel.model) == list(range(1, 3 * PAGE + 1))
    assert top_position(panel) == PAGE + 1
    assert not panel.model.can_fetch_older()
    assert count.text() == f"{3 * PAGE} events" and "Older" not in count.toolTip()
    bar.setValue(0)  # the very first event: nothing left to read
    assert top_position(panel) == 1 and panel.model.rowCount() == 3 * PAGE


def test_scrolling_back_past_the_cap_keeps_the_view_and_holds_at_most_the_cap(
        qtbot, database_path, open_log):
    fill(database_path, 5 * PAGE)
    panel = open_log(max_rows=2 * PAGE)
    bar = panel.table.verticalScrollBar()
    at_the_bottom(qtbot, panel)

    bar.setValue(0)
    assert positions(panel.model) == list(range(3 * PAGE + 1, 5 * PAGE + 1))
    bar.setValue(0)  # a third page would pass the cap: the newest page goes
    assert positions(panel.model) == list(range(2 * PAGE + 1, 4 * PAGE + 1))
    assert top_position(panel) == 3 * PAGE + 1  # still the row the user was looking at
    bar.setValue(0)
    assert positions(panel.model) == list(range(PAGE + 1, 3 * PAGE + 1))
    assert top_position(panel) == 2 * PAGE + 1

    for _ in range(10):  # back down: the view reads the newer pages again at the bottom
        bar.setValue(bar.maximum())
        panel.table.doItemsLayout()
    assert positions(panel.model) == list(range(3 * PAGE + 1, 5 * PAGE + 1))
    assert not panel.model.canFetchMore()


def test_a_filter_starts_at_the_newest_events_it_keeps(qtbot, database_path, open_log):
    fill(database_path, 3 * PAGE)
    panel = open_log()
    bar = panel.table.verticalScrollBar()
    bar.setValue(0)  # scrolled up: a filter starts over anyway, at the newest, following

    panel.text_filter.setText("even writer")
    panel.apply_filters_now()
    # Books 0, 2, …, 88 are positions 1, 3, …, 89: the newest page is the last 30 of them.
    assert positions(panel.model) == list(range(31, 90, 2))
    at_the_bottom(qtbot, panel)
    assert panel.following and panel.model.can_fetch_older()
    bar.setValue(0)
    assert positions(panel.model) == list(range(1, 90, 2))

    panel.text_filter.clear()
    panel.type_filter.setCurrentIndex(panel.type_filter.findData("Bookshelf.BookAdded.v1"))
    assert positions(panel.model) == list(range(2 * PAGE + 1, 3 * PAGE + 1))
    at_the_bottom(qtbot, panel)
    assert panel.following


def test_events_delivered_while_scrolled_up_are_read_from_the_store_at_the_bottom(
        qtbot, database_path, event_log, open_log):
    fill(database_path, 3 * PAGE)
    panel = open_log()
    model, bar, count = panel.model, panel.table.verticalScrollBar(), find(panel, "eventLogCount")
    at_the_bottom(qtbot, panel)
    bar.setValue(1)  # the user scrolls up
    assert not panel.following

    fill(database_path, PAGE + 5, start=3 * PAGE)
    panel.on_events(event_log.page_after(3 * PAGE, 1000))
    assert positions(model) == list(range(2 * PAGE + 1, 3 * PAGE + 1))  # noted, not shown
    assert model.canFetchMore()
    qtbot.waitUntil(lambda: count.text() == f"{4 * PAGE + 5} events")  # noted: counted
    assert bar.value() == 1

    bar.setValue(bar.maximum())  # the user scrolls to the bottom: the view reads a page
    assert positions(model) == list(range(2 * PAGE + 1, 4 * PAGE + 1))
    assert model.canFetchMore() and not panel.following
    qtbot.waitUntil(lambda: bar.value() < bar.maximum())  # the range counts the new rows
    bar.setValue(bar.maximum())  # and on, to the last one
    assert positions(model) == list(range(2 * PAGE + 1, 4 * PAGE + 6))
    assert not model.canFetchMore() and panel.following

    fill(database_path, 1, start=4 * PAGE + 5)
    panel.on_events(event_log.page_after(3 * PAGE, 1000))  # redelivered, and one new
    assert positions(model) == list(range(2 * PAGE + 1, 4 * PAGE + 7))
    qtbot.waitUntil(lambda: row_visible(panel.table, model.rowCount() - 1))


def test_pressing_follow_while_far_behind_jumps_to_the_newest_page(
        qtbot, database_path, event_log, open_log):
    fill(database_path, 2 * PAGE)
    panel = open_log()
    at_the_bottom(qtbot, panel)
    panel.table.verticalScrollBar().setValue(1)
    fill(database_path, 3 * PAGE, start=2 * PAGE)
    panel.on_events(event_log.page_after(2 * PAGE, 1000))

    find(panel, "eventLogFollow").click()
    assert positions(panel.model) == list(range(4 * PAGE + 1, 5 * PAGE + 1))
    at_the_bottom(qtbot, panel)
    assert panel.following and not panel.model.canFetchMore()


def test_a_followed_log_holds_at_most_its_cap_and_stays_at_the_bottom(
        qtbot, database_path, event_log, open_log):
    fill(database_path, PAGE)
    panel = open_log(max_rows=2 * PAGE)
    at_the_bottom(qtbot, panel)
    for start in range(PAGE, 4 * PAGE, PAGE):  # three more pages, delivered as they come
        fill(database_path, PAGE, start=start)
        panel.on_events(event_log.page_after(start, 1000))
        at_the_bottom(qtbot, panel)

    assert positions(panel.model) == list(range(2 * PAGE + 1, 4 * PAGE + 1))
    assert panel.following
    assert row_visible(panel.table, 2 * PAGE - 1)
    qtbot.waitUntil(lambda: find(panel, "eventLogCount", QLabel).text() == f"{4 * PAGE} events")
    panel.table.verticalScrollBar().setValue(0)  # to the top: the dropped rows come back
    assert positions(panel.model)[0] == PAGE + 1 and not panel.following


def test_follow_mode_pauses_when_scrolled_up_and_resumes_at_the_bottom(qtbot, window):
    # Rows enough to scroll well past the bottom's slack, however tall the log's dock is.
    for number in range(120):
        window.bridge.submit(AddBook(title=f"Book {number}", author="A. Writer",
                                     price_amount=1.0))
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 120)
    panel, bar = window.event_log_panel, find(window, "eventLogTable").verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > BOTTOM_SLACK and bar.value() == bar.maximum())
    assert panel.following

    bar.setValue(0)  # the user scrolls up
    assert not panel.following
    assert not find(window, "eventLogFollow").isChecked()
    window.bridge.submit(AddBook(title="Late", author="A. Writer", price_amount=1.0))
    # Delivered while paused: counted, but the rows in view stay as they are.
    qtbot.waitUntil(window.event_log_model.canFetchMore)
    assert window.event_log_model.rowCount() == 120 and bar.value() == 0
    qtbot.waitUntil(lambda: find(window, "eventLogCount", QLabel).text() == "121 events")

    bar.setValue(bar.maximum())  # and back to the bottom, where the view reads it in
    assert window.event_log_model.rowCount() == 121
    assert panel.following
    window.bridge.submit(AddBook(title="Later", author="A. Writer", price_amount=1.0))
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 122)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())


def test_a_selected_event_stays_selected_and_shown_while_events_stream_in(qtbot, window):
    for title in ("Dune", "Emma"):
        add_book(qtbot, window, title)
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 2)
    table = find(window, "eventLogTable", QTableView)
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.selectRow(1)  # as a click or the arrow keys do, with the table focused
    details = find(window, "eventLogDetails").json_text()

    for title in ("Persuasion", "Ulysses", "Middlemarch"):
        add_book(qtbot, window, title)

    panel = window.event_log_panel
    assert not panel.following and not find(window, "eventLogFollow").isChecked()
    assert window.event_log_model.row_at(table.currentIndex().row()).payload["title"] == "Emma"
    assert find(window, "eventLogDetails").json_text() == details
    count = find(window, "eventLogCount", QLabel)
    qtbot.waitUntil(lambda: count.text() == "5 events")  # the newer ones are counted
