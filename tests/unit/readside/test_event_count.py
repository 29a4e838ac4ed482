"""Counting the events a filter keeps, a span at a time, from the newest back."""

from __future__ import annotations

from domain.readside import WHOLE_LOG, EventCount, EventFilter, EventLog
from domain.readside.event_count import FIRST_SPAN, GROWTH
from domain.readside.event_log import Positions, SearchScope
from tests.unit.readside.memory_reader import MemoryReader, record

ORDERS_TYPE = "Bookshelf.OrderPlaced.v1"
ORDERS = EventFilter(type="OrderPlaced")


def a_log(events: int) -> tuple[MemoryReader, EventLog]:
    reader = MemoryReader()
    reader.add(events)
    return reader, EventLog(reader)


def count_all(count: EventCount) -> int:
    steps = 0
    while not count.done:
        count.step()
        steps += 1
    return steps


def spans(reader: MemoryReader) -> list[int]:
    """How many positions each count took in."""
    return [before - 1 - after for after, before in reader.counts if before is not None]


def test_a_count_starts_at_the_newest_span_and_says_at_least_until_done():
    reader, log = a_log(3 * FIRST_SPAN)
    count = EventCount(log, EventFilter(), WHOLE_LOG, reader.last_position())
    assert count.text() == "at least 0 events" and not count.done

    count.step()
    assert reader.counts == [(2 * FIRST_SPAN, 3 * FIRST_SPAN + 1)]
    assert count.counted == FIRST_SPAN and count.text() == f"at least {FIRST_SPAN:,} events"
    count_all(count)
    assert count.exact and count.text() == f"{3 * FIRST_SPAN:,} events"


def test_the_spans_counted_cover_every_position_once():
    reader, log = a_log(10_000)
    count = EventCount(log, EventFilter(), WHOLE_LOG, 10_000)
    count_all(count)
    covered = sorted(position for after, before in reader.counts
                     for position in range(after + 1, before))
    assert covered == list(range(1, 10_001)) and count.counted == 10_000


def test_each_span_is_longer_than_the_last_so_a_long_log_takes_few_steps():
    reader, log = a_log(1_000_000)
    steps = count_all(EventCount(log, EventFilter(), WHOLE_LOG, 1_000_000))
    assert spans(reader)[:3] == [FIRST_SPAN, GROWTH * FIRST_SPAN, GROWTH ** 2 * FIRST_SPAN]
    assert steps == 6


def test_only_the_events_that_pass_the_filter_are_counted():
    reader, log = a_log(10)
    reader.records += [record(position, ORDERS_TYPE) for position in (11, 12, 13)]
    count = EventCount(log, ORDERS, WHOLE_LOG, reader.last_position())
    count_all(count)
    assert count.counted == 3 and count.text() == "3 events"


def test_events_committed_while_counting_are_counted_next():
    reader, log = a_log(3 * FIRST_SPAN)
    count = EventCount(log, EventFilter(), WHOLE_LOG, 3 * FIRST_SPAN)
    count.step()
    reader.add(5)
    count.extend(reader.last_position())
    count.step()
    assert reader.counts[1] == (3 * FIRST_SPAN, 3 * FIRST_SPAN + 6)
    count_all(count)
    assert count.counted == 3 * FIRST_SPAN + 5

    reader.add(1)
    count.extend(reader.last_position())
    assert not count.done and count.text() == f"at least {3 * FIRST_SPAN + 5:,} events"
    count.step()
    assert count.text() == f"{3 * FIRST_SPAN + 6:,} events"
    count.extend(reader.last_position())  # nothing new: nothing to count
    assert count.done


def test_a_scope_that_leaves_part_of_the_log_out_counts_only_its_ranges_and_stays_a_bound():
    reader, log = a_log(100)
    scope = SearchScope((Positions(0, 11), Positions(90, None)), "left out")
    count = EventCount(log, EventFilter(text="Book"), scope, 100)
    count_all(count)
    assert reader.counts == [(90, 101), (0, 11)]
    assert count.done and not count.exact and count.text() == "at least 20 events"


def test_an_empty_log_counts_nothing_and_is_done_at_once():
    reader, log = a_log(0)
    count = EventCount(log, EventFilter(), WHOLE_LOG, 0)
    assert count.done and count.text() == "0 events"
    assert reader.counts == []


def test_one_event_is_one_event():
    reader, log = a_log(1)
    count = EventCount(log, EventFilter(), WHOLE_LOG, 1)
    count_all(count)
    assert count.text() == "1 event"
