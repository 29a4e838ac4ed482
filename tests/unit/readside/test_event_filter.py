"""One filter semantics: the reader's query and a live row's `matches` keep the same events."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.readside import EventFilter, EventLog, EventRow, short_id
from tests.unit.readside.conftest import Shelf


def kept(log: EventLog, selection: EventFilter) -> list[int]:
    """The positions the reader's query keeps."""
    return [row.position for row in log.page_after(0, None, selection)]


def matched(rows: list[EventRow], selection: EventFilter) -> list[int]:
    """The positions `matches` keeps among rows at hand."""
    return [row.position for row in rows if row.matches(selection)]


def test_a_type_is_its_full_name_or_its_short_one(shelf: Shelf, log: EventLog):
    for name in ("BookAdded", "Bookshelf.BookAdded.v1"):
        assert kept(log, EventFilter(type=name)) == [1, 2, 3, 4, 5]
        assert matched(shelf.delivered, EventFilter(type=name)) == [1, 2, 3, 4, 5]
    assert kept(log, EventFilter(type="OrderPlaced")) == [8, 12]
    assert kept(log, EventFilter(type="Added")) == []  # a part of a name is no name
    assert kept(log, EventFilter(type="bookadded")) == []


def test_a_stream_is_its_full_name_or_its_short_form_as_the_tables_show_it(
        shelf: Shelf, log: EventLog):
    full = f"bookshelf::order-{shelf.shipped}"
    short = f"order-{short_id(shelf.shipped)}"
    for stream in (full, short):
        assert kept(log, EventFilter(stream=stream)) == [6, 7, 8, 9, 10]
        assert matched(shelf.delivered, EventFilter(stream=stream)) == [6, 7, 8, 9, 10]


@pytest.mark.parametrize("selection", [
    EventFilter(type="*"), EventFilter(type="?ookAdded"), EventFilter(type="Book*"),
    EventFilter(type="[B]ookAdded"), EventFilter(type="%"), EventFilter(type="_ookAdded"),
    EventFilter(stream="*"), EventFilter(stream="order-*"), EventFilter(stream="?ook-*"),
    EventFilter(stream="%"),
], ids=repr)
def test_a_wildcard_in_a_type_or_a_stream_keeps_nothing(
        shelf: Shelf, log: EventLog, selection: EventFilter):
    assert kept(log, selection) == []
    assert matched(shelf.delivered, selection) == []


def test_the_text_is_searched_in_type_names_and_payload_values_whatever_the_case(
        shelf: Shelf, log: EventLog):
    assert kept(log, EventFilter(text="DUNE")) == [1, 6]  # the book, and its order line
    assert kept(log, EventFilter(text="orderconfirmed")) == [9]  # the type
    assert kept(log, EventFilter(text="* ?")) == [4]  # as written, not a wildcard
    assert kept(log, EventFilter(text="%")) == [4]
    assert kept(log, EventFilter(text='"sequence": 2')) == []  # not the metadata's JSON


def test_an_id_is_looked_up_as_an_aggregate_event_correlation_or_causation_id(
        shelf: Shelf, log: EventLog):
    assert kept(log, EventFilter(text=shelf.pending)) == [11, 12]  # the order's stream
    confirmed = shelf.delivered[8]
    metadata = confirmed.metadata
    assert kept(log, EventFilter(text=metadata["id"])) == [9]
    correlated = [row.position for row in shelf.delivered
                  if metadata["correlation_id"] in (row.metadata["correlation_id"],
                                                    row.metadata["causation_id"],
                                                    row.metadata["id"])]
    assert kept(log, EventFilter(text=metadata["correlation_id"])) == correlated
    assert matched(shelf.delivered, EventFilter(text=shelf.pending)) == [11, 12]


@pytest.mark.parametrize("selection", [
    EventFilter(), EventFilter(type="BookAdded"), EventFilter(type="OrderItemAdded.v1"),
    EventFilter(type="Bookshelf.OrderShipped.v1", text="ann"),
    EventFilter(text="émile"), EventFilter(text="ÉMILE"), EventFilter(text="\\u00e9"),
    EventFilter(text="\u212a"), EventFilter(text="kelvin"), EventFilter(text="\u212aELVIN"),
    EventFilter(text="_under_"), EventFilter(text="[sic]"), EventFilter(text='\\"quoted\\"'),
    EventFilter(text="l'"), EventFilter(text="writer", type="BookAdded"),
    EventFilter(text='"quantity": 2'), EventFilter(text="bookshelf::"),
], ids=repr)
def test_a_live_row_matches_exactly_when_the_query_keeps_it(
        shelf: Shelf, log: EventLog, selection: EventFilter):
    assert matched(shelf.delivered, selection) == kept(log, selection)


TRICKY = "aAkKeE\u212a\u00e9\u00c9\u0130\u00df*?%_[]'\" .:-\\u0"


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=TRICKY, max_size=4),
       type_=st.sampled_from([None, "", "BookAdded", "Order", "*", "OrderPlaced"]))
def test_any_text_keeps_the_same_events_live_and_stored(
        shelf: Shelf, log: EventLog, text: str, type_: str | None):
    selection = EventFilter(type=type_, text=text)
    assert matched(shelf.delivered, selection) == kept(log, selection)


def test_since_and_until_keep_the_same_events_live_and_stored_at_every_event_s_time(
        shelf: Shelf, log: EventLog):
    stamps = [row.timestamp for row in shelf.delivered]
    for stamp in stamps:
        for selection in (EventFilter(since=stamp), EventFilter(until=stamp),
                          EventFilter(since=stamp, until=stamp), EventFilter(since=stamp,
                                                                             text="dune")):
            assert matched(shelf.delivered, selection) == kept(log, selection)
    middle = stamps[len(stamps) // 2]
    assert kept(log, EventFilter(since=middle)) == [
        row.position for row in shelf.delivered if row.timestamp >= middle]
    assert kept(log, EventFilter(since=middle, until=middle)) == []


def test_a_moment_is_utc_as_the_store_writes_it_and_a_naive_one_is_local_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    from datetime import UTC, datetime

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert EventFilter.moment(datetime(2026, 12, 1, 9, 30)) == "2026-12-01T14:30:00+00:00"
        assert EventFilter.moment(datetime(2026, 12, 1, 9, 30, tzinfo=UTC)) == (
            "2026-12-01T09:30:00+00:00")
    finally:
        monkeypatch.undo()
        time.tzset()
