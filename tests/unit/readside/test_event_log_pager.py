"""The event log pager, without Qt: what it reads, holds and tells its listener."""

from __future__ import annotations

from domain.core.storage.reading import EventFilter
from domain.readside import (
    FOLLOW_PAGES,
    EventLog,
    EventLogPager,
    EventRow,
    Inserted,
    Removed,
    Reset,
    RowChange,
)
from tests.unit.readside.memory_reader import MemoryReader, record

PAGE = 10
NEEDLE = EventFilter(text="needle")


class Recorder:
    """A listener that notes each change with the number of rows held when told."""

    def __init__(self, pager: EventLogPager) -> None:
        self.pager = pager
        self.changes: list[tuple[str, RowChange, int]] = []
        self.types: list[list[str]] = []
        pager.listener = self

    def rows_changing(self, change: RowChange) -> None:
        self.changes.append(("changing", change, len(self.pager.rows)))

    def rows_changed(self, change: RowChange) -> None:
        self.changes.append(("changed", change, len(self.pager.rows)))

    def types_seen(self, types: list[str]) -> None:
        self.types.append(types)


def history(count: int) -> MemoryReader:
    reader = MemoryReader()
    reader.add(count)
    return reader


def pager_on(reader: MemoryReader, **options) -> EventLogPager:
    return EventLogPager(EventLog(reader), page_size=PAGE, **options)


def positions(pager: EventLogPager) -> list[int]:
    return [row.position for row in pager.rows]


def delivered(reader: MemoryReader, after: int) -> list[EventRow]:
    """The rows the engine delivers for the events past `after`."""
    return EventLog(reader).page_after(after, None)


def haystack_with_a_needle_at(position: int, count: int) -> MemoryReader:
    reader = MemoryReader()
    reader.add(position - 1)
    reader.records.append(record(position, title="The Needle"))
    reader.add(count - position)
    return reader


# -- opening and paging ------------------------------------------------------------------


def test_nothing_is_read_before_the_first_fetch():
    reader = history(25)
    pager = pager_on(reader)
    assert pager.rows == [] and pager.can_fetch_newer() and not pager.can_fetch_older()
    assert reader.queries == 0


def test_the_first_fetch_reads_the_newest_page_only():
    pager = pager_on(history(25))
    pager.fetch_newer()
    assert positions(pager) == list(range(16, 26))
    assert not pager.can_fetch_newer() and pager.can_fetch_older()
    assert pager.last_position == 25


def test_an_empty_log_opens_empty_with_nothing_to_fetch_either_way():
    pager = pager_on(history(0))
    pager.fetch_newer()
    assert pager.rows == [] and not pager.can_fetch_newer() and not pager.can_fetch_older()


def test_older_pages_are_prepended_until_the_first_event():
    pager = pager_on(history(25))
    pager.fetch_newer()
    assert pager.fetch_older() == 10 and pager.can_fetch_older()
    assert pager.fetch_older() == 5 and not pager.can_fetch_older()
    assert positions(pager) == list(range(1, 26))
    assert pager.fetch_older() == 0


def test_reading_the_newest_again_drops_the_rows_held():
    reader = history(25)
    pager = pager_on(reader)
    pager.fetch_newer()
    pager.fetch_older()
    reader.add(30)
    pager.read_newest()
    assert positions(pager) == list(range(46, 56)) and pager.can_fetch_older()


# -- live rows ---------------------------------------------------------------------------


def test_live_rows_are_appended_while_following():
    reader = history(5)
    pager = pager_on(reader)
    pager.fetch_newer()
    reader.add(3)
    pager.append_live(delivered(reader, 5))
    assert positions(pager) == list(range(1, 9)) and not pager.can_fetch_newer()


def test_redelivered_rows_are_skipped():
    reader = history(5)
    pager = pager_on(reader)
    pager.fetch_newer()
    reader.add(1)
    pager.append_live(delivered(reader, 2))  # 3 to 5 again, and 6
    assert positions(pager) == list(range(1, 7))


def test_following_holds_at_most_twenty_pages():
    reader = history(PAGE)
    pager = pager_on(reader)
    pager.fetch_newer()
    for _ in range(FOLLOW_PAGES + 5):
        last = reader.last_position()
        reader.add(PAGE)
        pager.append_live(delivered(reader, last))
    assert len(pager.rows) == FOLLOW_PAGES * PAGE
    assert positions(pager)[-1] == reader.last_position()
    assert pager.can_fetch_older()  # the dropped rows are still in the log
    assert pager.fetch_older() == PAGE
    assert positions(pager)[0] == reader.last_position() - (FOLLOW_PAGES + 1) * PAGE + 1


def test_live_rows_are_only_noted_while_not_following_then_read_a_page_at_a_time():
    reader = history(25)
    pager = pager_on(reader)
    pager.fetch_newer()
    pager.set_following(False)
    reader.add(15)
    pager.append_live(delivered(reader, 39))  # the newest one only
    assert len(pager.rows) == 10 and pager.can_fetch_newer()
    pager.fetch_newer()
    assert positions(pager) == list(range(16, 36)) and pager.can_fetch_newer()
    pager.fetch_newer()
    assert positions(pager) == list(range(16, 41)) and not pager.can_fetch_newer()


def test_live_rows_the_filter_refuses_are_not_shown():
    reader = history(3)
    pager = pager_on(reader)
    pager.set_filter(NEEDLE)
    reader.add(2)
    reader.records.append(record(6, title="The Needle"))
    pager.append_live(delivered(reader, 3))
    assert positions(pager) == [6]


# -- filters -----------------------------------------------------------------------------


def test_a_filter_starts_over_at_the_newest_page_of_the_events_it_keeps():
    reader = MemoryReader()
    for number in range(90):
        reader.records.append(record(number + 1, title=f"Book {number}",
                                     author="Even" if number % 2 == 0 else "Odd"))
    pager = pager_on(reader)
    pager.fetch_newer()
    pager.set_filter(EventFilter(text="even"))
    assert positions(pager) == list(range(71, 90, 2)) and pager.filtered
    pager.set_filter(EventFilter())
    assert positions(pager) == list(range(81, 91)) and not pager.filtered


def test_a_rare_match_far_back_is_found_by_the_first_read():
    reader = haystack_with_a_needle_at(2, 100)
    pager = pager_on(reader)
    pager.set_filter(NEEDLE)
    assert positions(pager) == [2] and not pager.can_fetch_older()
    assert pager.scope.whole and reader.queries == 1


def test_a_filtered_read_stops_at_a_page():
    reader = MemoryReader()
    for position in range(1, 101):
        reader.records.append(record(position, title="needle" if position % 3 else "hay"))
    pager = pager_on(reader)
    pager.set_filter(NEEDLE)
    assert len(pager.rows) == PAGE and pager.can_fetch_older()
    assert positions(pager)[-1] == 100


def test_newer_events_that_pass_a_filter_are_read_a_page_at_a_time():
    reader = haystack_with_a_needle_at(2, 10)
    pager = pager_on(reader)
    pager.set_filter(NEEDLE)
    pager.set_following(False)
    for _ in range(12):
        reader.add(2)
        reader.records.append(record(reader.last_position() + 1, title="Another Needle"))
    pager.append_live(delivered(reader, 10))
    assert pager.can_fetch_newer()
    fetches = 0
    while pager.can_fetch_newer():
        pager.fetch_newer()
        fetches += 1
    assert len(pager.rows) == 13 and fetches == 2  # 12 new ones, 10 at a time


def test_a_short_text_reads_the_newest_events_only_and_its_scope_says_so():
    reader = haystack_with_a_needle_at(2, 100)
    pager = EventLogPager(EventLog(reader, scan_limit=50), page_size=PAGE)
    pager.set_filter(EventFilter(text="ne"))
    assert pager.rows == [] and not pager.can_fetch_older()
    assert pager.scope.note is not None and "newest 50 events" in pager.scope.note


# -- what the listener is told -----------------------------------------------------------


def test_the_listener_is_told_before_and_after_each_change():
    reader = history(25)
    pager = pager_on(reader, max_rows=20)
    recorder = Recorder(pager)
    pager.fetch_newer()
    reader.add(15)
    pager.append_live(delivered(reader, 25))
    pager.fetch_older()
    pager.read_newest()
    assert recorder.changes == [
        ("changing", Inserted(0, 10), 0), ("changed", Inserted(0, 10), 10),
        ("changing", Inserted(10, 15), 10), ("changed", Inserted(10, 15), 25),
        ("changing", Removed(0, 5), 25), ("changed", Removed(0, 5), 20),
        ("changing", Inserted(0, 10), 20), ("changed", Inserted(0, 10), 30),
        ("changing", Removed(20, 10), 30), ("changed", Removed(20, 10), 20),  # max_rows
        ("changing", Reset(), 20), ("changed", Reset(), 10),
    ]


def test_a_fetch_asked_for_during_a_change_waits_for_the_next_turn():
    pager = pager_on(history(25))

    class Greedy(Recorder):
        def rows_changing(self, change: RowChange) -> None:
            assert self.pager.fetch_older() == 0
            self.pager.fetch_newer()
            super().rows_changing(change)

    recorder = Greedy(pager)
    pager.fetch_newer()
    assert positions(pager) == list(range(16, 26)) and len(recorder.changes) == 2


def test_event_types_are_told_once_and_the_known_ones_never():
    reader = history(3)
    reader.records.append(record(4, type_="Other.Thing.v1"))
    pager = pager_on(reader, known_types=["Bookshelf.BookAdded.v1"])
    recorder = Recorder(pager)
    pager.fetch_newer()
    pager.read_newest()
    assert recorder.types == [["Other.Thing.v1"]]
    assert pager.types == ["Bookshelf.BookAdded.v1", "Other.Thing.v1"]


def test_the_rows_are_one_list_changed_in_place():
    reader = history(25)
    pager = pager_on(reader, max_rows=20)
    rows = pager.rows
    pager.fetch_newer()
    pager.fetch_older()
    reader.add(15)
    pager.append_live(delivered(reader, 25))
    pager.set_filter(NEEDLE)
    assert pager.rows is rows


# -- a bounded window, however far one scrolls ---------------------------------------------


def test_browsing_to_the_oldest_event_and_back_holds_at_most_max_rows_and_skips_none():
    reader = history(20 * PAGE + 3)
    pager = pager_on(reader, max_rows=3 * PAGE)
    pager.fetch_newer()
    held: list[int] = []
    while pager.can_fetch_older():
        pager.fetch_older()
        held.append(len(pager.rows))
    assert positions(pager) == list(range(1, 3 * PAGE + 1))  # the oldest, contiguous
    assert pager.can_fetch_newer()  # the newest were dropped: they are read again

    seen = positions(pager)
    while pager.can_fetch_newer():
        pager.fetch_newer()
        held.append(len(pager.rows))
        seen += [position for position in positions(pager) if position > seen[-1]]
    assert max(held) <= 3 * PAGE
    assert seen == list(range(1, 20 * PAGE + 4))  # every event once, in order, no gap
    assert positions(pager)[-1] == reader.last_position() and pager.can_fetch_older()


def test_a_filtered_log_browsed_back_and_forth_stays_bounded_and_complete():
    reader = MemoryReader()
    for position in range(1, 40 * PAGE + 1):
        reader.records.append(record(position, title="Dune" if position % 4 == 0 else "Emma"))
    pager = pager_on(reader, max_rows=2 * PAGE)
    pager.set_filter(EventFilter(text="dune"))
    while pager.can_fetch_older():
        pager.fetch_older()
        assert len(pager.rows) <= 2 * PAGE
    assert positions(pager)[0] == 4
    found = positions(pager)
    while pager.can_fetch_newer():
        pager.fetch_newer()
        assert len(pager.rows) <= 2 * PAGE
        found += [position for position in positions(pager) if position > found[-1]]
    assert found == list(range(4, 40 * PAGE + 1, 4))


def test_live_rows_wait_while_the_newest_are_dropped_then_come_in_order():
    reader = history(6 * PAGE)
    pager = pager_on(reader, max_rows=2 * PAGE)
    pager.fetch_newer()
    for _ in range(3):
        pager.fetch_older()
    last = reader.last_position()
    reader.add(3)
    pager.append_live(delivered(reader, last))  # not appended after a gap
    assert positions(pager)[-1] < last
    while pager.can_fetch_newer():
        pager.fetch_newer()
    assert positions(pager)[-3:] == [last + 1, last + 2, last + 3]


def test_reading_around_a_position_holds_half_a_page_each_side_and_pauses() -> None:
    pager = pager_on(history(100))
    pager.fetch_newer()
    recorder = Recorder(pager)

    assert pager.read_around(40)

    assert positions(pager) == list(range(36, 46))
    assert (pager.can_fetch_older(), pager.can_fetch_newer(), pager.following) == (
        True, True, False)
    assert [kind for kind, change, _ in recorder.changes] == ["changing", "changed"]
    assert isinstance(recorder.changes[0][1], Reset)
    pager.fetch_newer()
    assert positions(pager)[-1] == 55  # the next page follows the rows read around it


def test_reading_around_the_newest_event_leaves_nothing_newer_to_read() -> None:
    pager = pager_on(history(30))

    assert pager.read_around(30)

    assert positions(pager) == list(range(26, 31))
    assert not pager.can_fetch_newer() and pager.can_fetch_older()


def test_reading_around_an_event_the_filter_keeps_out_says_so() -> None:
    pager = pager_on(haystack_with_a_needle_at(50, 100))
    pager.set_filter(NEEDLE)

    assert not pager.read_around(20)
    assert positions(pager) == [50]
    assert pager.read_around(50)
