"""The event log's pages before and after a position, and where a filter looks."""

from __future__ import annotations

from domain.readside import WHOLE_LOG, EventFilter, EventLog
from domain.readside.event_log import Positions, SearchScope
from tests.unit.readside.conftest import Shelf
from tests.unit.readside.memory_reader import MemoryReader

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


def test_a_filter_looks_through_the_whole_log_once_the_index_has_read_it(log: EventLog):
    assert log.scope(ORDERS) == WHOLE_LOG and log.scope(EventFilter(text="dune")).whole


def test_a_text_too_short_for_the_index_is_looked_for_in_the_newest_events_and_says_so():
    reader = MemoryReader()
    reader.add(30)
    scope = EventLog(reader, scan_limit=10).scope(EventFilter(text="k1"))
    assert scope.ranges == (Positions(20, None),)
    assert scope.note is not None and "newest 10 events only" in scope.note


def test_a_short_text_in_a_log_no_longer_than_the_limit_looks_everywhere():
    reader = MemoryReader()
    reader.add(10)
    assert EventLog(reader, scan_limit=10).scope(EventFilter(text="k1")) == WHOLE_LOG


def test_an_index_far_behind_is_searched_where_it_read_and_in_the_newest_events():
    reader = MemoryReader()
    reader.add(100)
    reader.indexed = 30
    scope = EventLog(reader, scan_limit=10).scope(EventFilter(text="book"))
    assert scope.ranges == (Positions(0, 31), Positions(90, None))
    assert scope.note is not None and "30 of 100" in scope.note and "not the 60 between" \
        in scope.note


def test_pages_skip_what_the_scope_leaves_out():
    reader = MemoryReader()
    reader.add(20)
    scope = SearchScope((Positions(0, 4), Positions(15, None)), "some left out")
    assert positions(EventLog(reader).page_before(None, 8, EventFilter(text="book"), scope)) \
        == [1, 2, 3, 16, 17, 18, 19, 20]
    assert positions(EventLog(reader).page_after(2, None, EventFilter(text="book"), scope)) \
        == [3, 16, 17, 18, 19, 20]
    assert positions(EventLog(reader).page_before(17, 3, EventFilter(text="book"), scope)) \
        == [2, 3, 16]


def test_the_event_types_are_every_type_in_the_log(shelf: Shelf, log: EventLog):
    assert sorted(log.event_types()) == sorted({row.type for row in shelf.delivered})
