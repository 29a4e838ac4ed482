"""The event log's count: the events the store holds under the filter, counted off this thread."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QLabel

from desktop.event_log.model import EventLogModel
from desktop.event_log.panel import EventLogPanel
from domain.bookshelf import PlaceOrder, open_bookshelf
from domain.readside import EventFilter, EventLog, EventLogPager
from domain.readside import event_count as counting
from tests.desktop.helpers import find
from tests.event_history import add_needle, fill

HISTORY = 90


def open_panel(qtbot, event_log: EventLog) -> EventLogPanel:
    opened = EventLogPanel(EventLogModel(EventLogPager(event_log, page_size=20)))
    qtbot.addWidget(opened)
    return opened


@pytest.fixture
def panel(qtbot, database_path, event_log: EventLog) -> EventLogPanel:
    """A log of HISTORY books (half by an even writer) read 20 rows a page."""
    fill(database_path, HISTORY)
    return open_panel(qtbot, event_log)


def count_text(panel: EventLogPanel) -> str:
    return find(panel, "eventLogCount", QLabel).text()


def counted(qtbot, panel: EventLogPanel, text: str) -> None:
    qtbot.waitUntil(lambda: count_text(panel) == text)


def test_the_count_is_of_the_events_stored_not_of_the_rows_read(qtbot, panel: EventLogPanel):
    assert panel.model.rowCount() == 20
    counted(qtbot, panel, f"{HISTORY} events")
    assert "the store holds" in panel.count_label.toolTip()


def test_until_the_count_reports_the_rows_shown_are_the_lower_bound(
        qtbot, database_path, event_log: EventLog):
    fill(database_path, HISTORY)
    panel = open_panel(qtbot, event_log)
    panel.count_label.stop()  # nothing will report
    panel.count_label.count(panel.model.selection, panel.model.scope, 20)

    assert count_text(panel) == "at least 20 events" and panel.count_label.counting
    assert "Counting" in panel.count_label.toolTip()


def test_while_counting_the_count_says_at_least_and_goes_on_by_itself(
        qtbot, monkeypatch, database_path, event_log: EventLog):
    monkeypatch.setattr(counting, "FIRST_SPAN", 10)  # steps of 10, 40, then the rest
    fill(database_path, HISTORY)
    panel = open_panel(qtbot, event_log)
    shown: list[str] = []
    panel.count_label.reported.connect(lambda: shown.append(count_text(panel)))

    counted(qtbot, panel, f"{HISTORY} events")
    assert shown[0] == "at least 20 events"  # the rows shown: more than the first 10
    assert "at least 50 events" in shown and not panel.count_label.counting


def test_each_filter_counts_what_it_keeps(qtbot, database_path, panel: EventLogPanel):
    add_needle(database_path)
    panel.on_committed(HISTORY + 1)
    counted(qtbot, panel, f"{HISTORY + 1} events")

    panel.text_filter.setText("even writer")
    panel.apply_filters_now()
    counted(qtbot, panel, f"{HISTORY // 2} events")
    panel.text_filter.setText("needle")
    panel.apply_filters_now()
    counted(qtbot, panel, "1 event")
    panel.text_filter.setText("no such words")
    panel.apply_filters_now()
    counted(qtbot, panel, "0 events")
    panel.text_filter.clear()
    panel.type_filter.setCurrentIndex(panel.type_filter.findData("Bookshelf.BookAdded.v1"))
    counted(qtbot, panel, f"{HISTORY + 1} events")


def test_a_time_window_counts_only_the_events_stamped_in_it(qtbot, panel: EventLogPanel):
    panel.time_filter.setCurrentText("Last 15 minutes")
    counted(qtbot, panel, f"{HISTORY} events")
    later = EventFilter.moment(datetime.now(UTC) + timedelta(hours=1))
    panel.model.set_filters(None, "", since=later)
    panel.count_label.count(panel.model.selection, panel.model.scope, 0)
    counted(qtbot, panel, "0 events")


def test_a_search_that_looked_at_part_of_the_log_says_at_least_once_done(
        qtbot, database_path, event_log: EventLog):
    fill(database_path, HISTORY)
    panel = EventLogPanel(EventLogModel(EventLogPager(EventLog(event_log.reader, 30))))
    qtbot.addWidget(panel)
    panel.text_filter.setText("ok")  # too short for the index: the newest 30 only
    panel.apply_filters_now()
    qtbot.waitUntil(lambda: not panel.count_label.counting)
    assert count_text(panel) == "at least 30 events"
    assert "part of the log" in panel.count_label.toolTip()


def test_new_events_under_the_filter_are_counted_as_they_arrive(
        qtbot, database_path, event_log: EventLog, panel: EventLogPanel):
    panel.text_filter.setText("odd writer")
    panel.apply_filters_now()
    counted(qtbot, panel, f"{HISTORY // 2} events")

    fill(database_path, 4, start=HISTORY)  # two by the odd writer
    panel.on_events(event_log.page_after(HISTORY, None))
    counted(qtbot, panel, f"{HISTORY // 2 + 2} events")

    shop = open_bookshelf(database_path)  # another process: no odd writer in an order
    book = event_log.page_after(0, 1)[0].payload["book_id"]
    shop.process(PlaceOrder(customer_name="Ann", items=[{"book_id": book, "quantity": 1}]))
    shop.close()
    panel.text_filter.clear()  # but all of it counts without the filter
    panel.apply_filters_now()
    counted(qtbot, panel, f"{HISTORY + 4 + 2} events")


def test_once_stopped_the_count_reads_no_more(qtbot, panel: EventLogPanel):
    counted(qtbot, panel, f"{HISTORY} events")
    panel.model.stop_reading()

    assert not panel.count_label.running
    panel.count_label.extend(HISTORY + 1)  # a commit seen on the way out: nothing counts it
    assert count_text(panel) == f"{HISTORY} events"
