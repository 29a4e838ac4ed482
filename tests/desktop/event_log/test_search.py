"""A filtered event log searches a bounded window of positions per query, and goes on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel

from desktop.event_log.model import EventLogModel
from desktop.event_log.panel import EventLogPanel
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import EventLog, EventLogPager, Scan
from tests.desktop.event_log.helpers import positions
from tests.desktop.helpers import find
from tests.event_history import add_needle, fill

WINDOW = 50
HISTORY = 300  # six windows


class CountingLog(EventLog):
    """An event log that notes each scan: (cursor before, cursor after)."""

    def __init__(self, reader) -> None:
        super().__init__(reader)
        self.scans: list[tuple[int, int]] = []
        self.unbounded = 0

    def scan_older(self, before: int, *args, **kwargs) -> Scan:
        scan = super().scan_older(before, *args, **kwargs)
        self.scans.append((before, scan.reached))
        return scan

    def scan_newer(self, after: int, *args, **kwargs) -> Scan:
        scan = super().scan_newer(after, *args, **kwargs)
        self.scans.append((after, scan.reached))
        return scan

    def page_before(self, *args, **kwargs):
        self.unbounded += 1
        return super().page_before(*args, **kwargs)

    def page_after(self, *args, **kwargs):
        self.unbounded += 1
        return super().page_after(*args, **kwargs)


@pytest.fixture
def log(database_path) -> Iterator[CountingLog]:
    """A history whose only needle is its second event, far behind HISTORY others."""
    fill(database_path, 1)
    add_needle(database_path)
    fill(database_path, HISTORY, start=1)
    reader = SqliteReader(str(database_path))
    yield CountingLog(reader)
    reader.close()


def assert_each_scan_within_the_window(log: CountingLog) -> None:
    assert log.scans and log.unbounded == 0
    assert all(0 <= abs(after - before) <= WINDOW for before, after in log.scans)


def test_a_rare_match_far_back_is_found_one_window_per_read_as_the_model_reads_older(
        qtmodeltester, log):
    model = EventLogModel(EventLogPager(log, page_size=10, scan_window=WINDOW, time_budget=0))
    qtmodeltester.check(model, force_py=True)  # it fetches the newest, unfiltered
    log.unbounded = 0
    model.set_filters(None, "needle")
    assert model.rowCount() == 0 and model.can_fetch_older()  # one window searched, no more
    assert len(log.scans) == 1

    while model.can_fetch_older():
        model.fetch_older()
    assert positions(model) == [2]
    assert len(log.scans) == -(-(HISTORY + 2) // WINDOW)  # each window once
    assert_each_scan_within_the_window(log)


def test_a_time_budget_lets_one_read_scan_several_windows(log):
    model = EventLogModel(EventLogPager(log, page_size=10, scan_window=WINDOW,
                                        time_budget=60.0))
    model.set_filters(None, "needle")
    assert positions(model) == [2] and not model.can_fetch_older()
    assert len(log.scans) == -(-(HISTORY + 2) // WINDOW)
    assert_each_scan_within_the_window(log)


def test_newer_events_are_searched_one_window_per_fetch_while_more_remain(
        database_path, log):
    model = EventLogModel(EventLogPager(log, page_size=10, scan_window=WINDOW, time_budget=0))
    model.set_filters(None, "needle")
    model.fetchMore()
    model.set_following(False)
    fill(database_path, 2 * WINDOW, start=HISTORY + 1)
    add_needle(database_path)
    model.append_live(log.page_after(log.last_position() - 1, 1))  # the needle, noted
    log.scans.clear()
    log.unbounded = 0

    model.fetchMore()
    assert model.canFetchMore() and len(log.scans) == 1
    while model.canFetchMore():
        model.fetchMore()
    assert positions(model)[-1] == log.last_position()
    assert len(log.scans) == 3  # 2 * WINDOW + 1 positions
    assert_each_scan_within_the_window(log)


def test_the_panel_goes_on_searching_until_the_match_far_back_is_shown(qtbot, log):
    panel = EventLogPanel(EventLogModel(EventLogPager(log, page_size=10, scan_window=WINDOW,
                                                      time_budget=0)))
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    count = find(panel, "eventLogCount", QLabel)
    log.unbounded = 0  # the newest page, unfiltered

    panel.text_filter.setText("needle")
    panel.apply_filters_now()
    assert panel.model.rowCount() == 0 and count.text() == "0+ events"
    assert "not searched yet" in count.toolTip()
    qtbot.waitUntil(lambda: not panel.model.can_fetch_older())  # no one scrolls: it goes on
    assert positions(panel.model) == [2] and count.text() == "1 event"
    assert panel.following
    assert_each_scan_within_the_window(log)
