"""The event log's pages before and after a position, and its bounded scans."""

from __future__ import annotations

from domain.readside import EventFilter, EventLog, Scan
from tests.unit.readside.conftest import Shelf

ORDERS = EventFilter(type="OrderPlaced")


def positions(rows) -> list[int]:
    return [row.position for row in rows]


def test_a_page_after_a_position_is_the_oldest_events_past_it(log: EventLog):
    assert positions(log.page_after(3, 4)) == [4, 5, 6, 7]
    assert positions(log.page_after(10, None)) == [11, 12]
    assert positions(log.page_after(0, None, ORDERS)) == [8, 12]


def test_a_page_before_a_position_is_the_newest_events_before_it_oldest_first(log: EventLog):
    assert positions(log.page_before(None, 3)) == [10, 11, 12]
    assert positions(log.page_before(5, 10)) == [1, 2, 3, 4]
    assert positions(log.page_before(12, 1, ORDERS)) == [8]


def test_a_scan_towards_older_events_examines_its_window_and_says_how_far_it_went(
        log: EventLog):
    assert log.scan_older(13, 10, ORDERS, window=4) == Scan(log.page_after(11, 1), 9, False)
    assert log.scan_older(9, 10, ORDERS, window=4) == Scan(log.page_after(7, 1), 5, False)
    assert log.scan_older(5, 10, ORDERS, window=4) == Scan([], 1, True)
    assert log.scan_older(1, 10, ORDERS, window=4) == Scan([], 1, True)


def test_a_scan_that_fills_its_limit_stops_at_the_last_row_it_found(log: EventLog):
    scan = log.scan_older(13, 2, window=100)
    assert positions(scan.rows) == [11, 12] and scan.reached == 11 and not scan.done
    scan = log.scan_newer(0, 2, window=100)
    assert positions(scan.rows) == [1, 2] and scan.reached == 2 and not scan.done


def test_a_scan_towards_newer_events_stops_at_the_last_event_committed(log: EventLog):
    scan = log.scan_newer(6, 10, ORDERS, window=100)
    assert positions(scan.rows) == [8, 12] and scan.reached == 12 and scan.done
    assert log.scan_newer(12, 10, ORDERS) == Scan([], 12, True)
    assert log.scan_newer(2, 10, ORDERS, window=4) == Scan([], 6, False)


def test_the_event_types_are_every_type_in_the_log(shelf: Shelf, log: EventLog):
    assert sorted(log.event_types()) == sorted({row.type for row in shelf.delivered})
