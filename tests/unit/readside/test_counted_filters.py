"""The reader counts what its query keeps: every filter, over any span of positions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.readside import EventFilter, EventLog, short_id
from tests.unit.readside.conftest import Shelf


def kept(log: EventLog, selection: EventFilter, after: int = 0,
         before: int | None = None) -> int:
    """How many events the reader's query keeps."""
    return len(log.reader.events(selection, after=after, before=before))


def selections(shelf: Shelf) -> list[EventFilter]:
    stamps = [row.timestamp for row in shelf.delivered]
    middle = stamps[len(stamps) // 2]
    return [
        EventFilter(), EventFilter(type="BookAdded"), EventFilter(type="OrderPlaced"),
        EventFilter(type="NeverStored"), EventFilter(text="dune"),
        EventFilter(text="orderconfirmed"), EventFilter(text="ann", type="OrderShipped"),
        EventFilter(text="order"),  # in type names and in payloads: each event once
        EventFilter(text="du"),  # too short for the index: examined one by one
        EventFilter(text=shelf.pending), EventFilter(stream=f"order-{short_id(shelf.shipped)}"),
        EventFilter(stream=f"order-{short_id(shelf.shipped)}", text="dune"),
        EventFilter(since=middle), EventFilter(until=middle),
        EventFilter(since=middle, text="book"), EventFilter(until=middle, type="BookAdded"),
    ]


def test_every_filter_counts_what_its_query_keeps_over_the_whole_log(
        shelf: Shelf, log: EventLog):
    for selection in selections(shelf):
        assert log.count(selection, 0, None) == kept(log, selection), selection


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_span_counts_what_the_query_keeps_in_it(shelf: Shelf, log: EventLog, data):
    selection = data.draw(st.sampled_from(selections(shelf)))
    after = data.draw(st.integers(0, 13))
    before = data.draw(st.none() | st.integers(after, 14))
    assert log.count(selection, after, before) == kept(log, selection, after, before)


@pytest.mark.parametrize("first", [4, 7, 11])
def test_counts_of_adjacent_spans_add_up_to_the_whole(shelf: Shelf, log: EventLog, first: int):
    for selection in selections(shelf):
        assert log.count(selection, 0, first + 1) + log.count(selection, first, None) == \
            kept(log, selection)
