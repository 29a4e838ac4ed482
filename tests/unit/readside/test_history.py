"""An aggregate's history: versions, the events of each write, states before and after."""

from __future__ import annotations

import json

import pytest

from domain.core.storage.reading import StateRecord
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import short_stream
from domain.readside.history import (
    DID_NOT_EXIST,
    NOT_RECORDED,
    AmbiguousStream,
    HistoryNotFound,
    find_stream,
    read_history,
)
from domain.readside.state_changes import path_text
from tests.unit.readside.conftest import Shelf
from tests.unit.readside.memory_reader import ORDER, MemoryReader
from tests.unit.readside.memory_reader import order_event as event


def order_stream(shelf: Shelf) -> str:
    return f"bookshelf::order-{shelf.shipped}"


def test_the_events_of_one_write_share_its_version(shelf: Shelf,
                                                    reader: SqliteReader) -> None:
    history = read_history(reader, order_stream(shelf))

    assert [(version.number, [event.type.split(".")[1] for event in version.events])
            for version in history.versions] == [
        (0, ["OrderItemAdded", "OrderItemAdded", "OrderPlaced"]),
        (1, ["OrderConfirmed"]), (2, ["OrderShipped"])]
    assert [event.sequence for version in history.versions for event in version.events] == [
        1, 2, 3, 4, 5]


def test_each_version_has_the_state_its_write_left(shelf: Shelf, reader: SqliteReader) -> None:
    history = read_history(reader, order_stream(shelf))

    assert [version.state["status"] for version in history.versions if version.state] == [
        "PENDING", "CONFIRMED", "SHIPPED"]


def test_a_version_is_shown_beside_the_one_before_with_its_changed_fields(
        shelf: Shelf, reader: SqliteReader) -> None:
    comparison = read_history(reader, order_stream(shelf)).comparison(1)

    assert comparison.before is not None and comparison.after is not None
    assert (comparison.before["status"], comparison.after["status"]) == (
        "PENDING", "CONFIRMED")
    assert comparison.changed == (("status",),)
    assert (comparison.before_missing, comparison.after_missing) == ("", "")


def test_before_the_first_version_the_aggregate_did_not_exist(
        shelf: Shelf, reader: SqliteReader) -> None:
    comparison = read_history(reader, order_stream(shelf)).comparison(0)

    assert comparison.before is None and comparison.before_missing == DID_NOT_EXIST
    assert ("items", 1, "unit_price", "amount") not in comparison.changed  # inside "items"
    assert ("items",) in comparison.changed and ("status",) in comparison.changed


def test_a_version_it_does_not_have_is_not_found(shelf: Shelf, reader: SqliteReader) -> None:
    with pytest.raises(HistoryNotFound, match="not found: .* has no version 3"):
        read_history(reader, order_stream(shelf)).comparison(3)


def test_a_stream_is_found_from_its_short_form_its_aggregate_id_or_an_event_id(
        shelf: Shelf, reader: SqliteReader) -> None:
    stream = order_stream(shelf)
    event = reader.events(limit=1)[0]

    assert find_stream(reader, stream) == stream
    assert find_stream(reader, short_stream(stream)) == stream
    assert find_stream(reader, shelf.shipped) == stream
    assert find_stream(reader, json.loads(event.metadata)["id"]) == event.stream


def test_a_stream_or_id_typed_in_upper_case_names_the_same_aggregate(
        shelf: Shelf, reader: SqliteReader) -> None:
    stream = order_stream(shelf)

    assert find_stream(reader, short_stream(stream).upper()) == stream
    assert find_stream(reader, shelf.shipped.upper()) == stream


@pytest.mark.parametrize("text", ["bookshelf::order-nobody", "order-ffffffff",
                                  "00000000-0000-4000-8000-000000000000", ""])
def test_a_name_of_no_aggregate_is_not_found(shelf: Shelf, reader: SqliteReader,
                                             text: str) -> None:
    with pytest.raises(HistoryNotFound, match="not found"):
        read_history(reader, find_stream(reader, text))


def test_a_short_form_starting_several_streams_is_ambiguous(shelf: Shelf,
                                                             reader: SqliteReader) -> None:
    with pytest.raises(AmbiguousStream, match="order- starts 2 streams"):
        find_stream(reader, "order-")


def state(version: int, sequence: int, status: str, raised_events: bool = True
          ) -> StateRecord:
    return StateRecord(version, sequence, json.dumps({"status": status}), raised_events)


def test_versions_written_before_states_were_recorded_have_their_events_by_command() -> None:
    reader = MemoryReader([event(1, 1, "place"), event(2, 2, "place"), event(3, 3, "confirm"),
                           event(4, 4, "ship")])
    reader.states_on_record[ORDER] = [state(2, 4, "SHIPPED")]

    history = read_history(reader, ORDER)

    assert [(version.number, [each.sequence for each in version.events], version.state)
            for version in history.versions] == [
        (0, [1, 2], None), (1, [3], None), (2, [4], {"status": "SHIPPED"})]
    comparison = history.comparison(2)
    assert (comparison.before, comparison.before_missing) == (None, NOT_RECORDED)
    assert comparison.changed == ()
    assert history.comparison(1).after_missing == NOT_RECORDED


def test_old_writes_that_do_not_account_for_every_version_go_unnumbered() -> None:
    # Version 2 is the first recorded, but only one earlier command raised events: one
    # write raised none, and which one cannot be told.
    reader = MemoryReader([event(1, 1, "place"), event(2, 2, "ship")])
    reader.states_on_record[ORDER] = [state(2, 2, "SHIPPED")]

    history = read_history(reader, ORDER)

    assert [version.number for version in history.versions] == [None, 2]


def test_a_replay_gives_the_states_that_were_not_recorded() -> None:
    reader = MemoryReader([event(1, 1, "place"), event(2, 2, "confirm")])
    reader.states_on_record[ORDER] = [state(1, 2, "CONFIRMED")]

    history = read_history(reader, ORDER, replay=lambda stream, events: [
        {"status": f"replayed {number}"} for number, _ in enumerate(events)])

    assert [version.state for version in history.versions] == [
        {"status": "replayed 0"}, {"status": "CONFIRMED"}]
    assert history.comparison(1).changed == (("status",),)


def test_a_stream_the_replay_does_not_know_keeps_a_version_a_write() -> None:
    reader = MemoryReader([event(1, 1, "place"), event(2, 2, "place"), event(3, 3, "ship")])
    reader.states_on_record[ORDER] = [state(0, 2, "PENDING"), state(1, 3, "SHIPPED")]
    asked: list[str] = []

    def not_event_sourced(stream: str, _events: object) -> None:
        asked.append(stream)

    history = read_history(reader, ORDER, replay=not_event_sourced)

    assert asked == [ORDER]
    assert [(version.number, len(version.events)) for version in history.versions] == [
        (0, 2), (1, 1)]


def test_a_first_recorded_write_that_raised_no_event_leaves_the_events_to_the_old_writes(
        ) -> None:
    reader = MemoryReader([event(1, 1, "place"), event(2, 2, "confirm")])
    reader.states_on_record[ORDER] = [state(2, 2, "CONFIRMED", raised_events=False)]

    history = read_history(reader, ORDER)

    assert [(version.number, [each.sequence for each in version.events])
            for version in history.versions] == [(0, [1]), (1, [2]), (2, [])]


def test_a_version_asked_of_a_file_that_kept_no_version_numbers_says_so() -> None:
    # A file read as it is (schema 1): no states, and no version on the aggregate's row.
    reader = MemoryReader([event(1, 1, "place"), event(2, 2, "confirm")])
    reader.aggregate_row = lambda aggregate, aggregate_id: None  # type: ignore[method-assign]
    history = read_history(reader, ORDER)

    with pytest.raises(HistoryNotFound, match=f"not found: the version numbers of {ORDER} "
                       "were not recorded in this file"):
        history.version(1)


def test_a_comparisons_rows_are_the_fields_of_either_side_with_their_values_and_marks(
        shelf: Shelf, reader: SqliteReader) -> None:
    rows = {path_text(row.path): row
            for row in read_history(reader, order_stream(shelf)).comparison(1).rows()}

    status = rows["status"]
    assert (status.before.text(), status.after.text(), status.changed) == (
        '"PENDING"', '"CONFIRMED"', True)
    assert status.after.text(quote_strings=False) == "CONFIRMED"
    assert not rows["items[1].quantity"].changed
    assert [path for path, row in rows.items() if row.changed] == ["status"]


def test_a_side_with_no_state_has_no_value_for_any_field(shelf: Shelf,
                                                          reader: SqliteReader) -> None:
    [first, *_] = read_history(reader, order_stream(shelf)).comparison(0).rows()

    assert not first.before.found and first.before.text("—") == "—"
    assert first.changed
