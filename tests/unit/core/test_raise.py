"""`raise_`: which events an aggregate may raise, and the metadata it stamps on them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from domain.core import Domain, IncorrectUsageError
from tests.unit.core.library import (
    CreateShelf,
    ReaderJoined,
    Shelf,
    ShelfCreated,
    ShelfRenamed,
    journal,
)


def created(shelf: Shelf) -> ShelfCreated:
    event = ShelfCreated(shelf_id=shelf.id, name=shelf.name)
    shelf.raise_(event)
    return event


def test_raise_collects_the_event_on_the_aggregate_without_dispatching_it() -> None:
    shelf = Shelf(name="Poetry")
    event = created(shelf)
    assert shelf._events == [event]
    assert journal == []


def test_raise_refuses_an_event_of_another_aggregate_naming_both_classes() -> None:
    shelf = Shelf(name="Poetry")
    with pytest.raises(IncorrectUsageError, match=r"ReaderJoined.*Reader.*Shelf"):
        shelf.raise_(ReaderJoined(reader_id="r1"))
    assert shelf._events == []


def test_raise_refuses_what_is_not_an_event() -> None:
    shelf = Shelf(name="Poetry")
    with pytest.raises(IncorrectUsageError, match="CreateShelf.*Shelf"):
        shelf.raise_(CreateShelf(name="Poetry"))  # type: ignore[arg-type]


def test_each_event_gets_a_unique_uuid() -> None:
    shelf = Shelf(name="Poetry")
    ids = {created(shelf)._metadata.id for _ in range(3)}
    assert len(ids) == 3
    assert all(uuid.UUID(each) for each in ids)


def test_the_timestamp_is_timezone_aware_utc_and_recent() -> None:
    stamp = created(Shelf(name="Poetry"))._metadata.timestamp
    assert stamp.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - stamp) < timedelta(seconds=5)


def test_the_type_is_domain_event_and_version() -> None:
    assert created(Shelf(name="Poetry"))._metadata.type == "Testing.ShelfCreated.v1"


def test_the_type_uses_the_camel_case_of_a_domain_name_with_spaces() -> None:
    shop = Domain("Corner shop")

    @shop.aggregate
    class Till:
        pass

    @shop.event(part_of=Till)
    class TillOpened:
        pass

    till = Till()
    till.raise_(TillOpened())
    assert till._events[0]._metadata.type == "CornerShop.TillOpened.v1"
    assert till._events[0]._metadata.stream == f"corner_shop::till-{till.id}"


def test_the_stream_is_domain_aggregate_and_id() -> None:
    shelf = Shelf(id="s1", name="Poetry")
    assert created(shelf)._metadata.stream == "testing::shelf-s1"


def test_the_sequence_counts_the_events_of_the_aggregate_from_1() -> None:
    shelf = Shelf(name="Poetry")
    created(shelf)
    shelf.rename("Prose")
    shelf.rename("Drama")
    assert [event._metadata.sequence for event in shelf._events] == [1, 2, 3]


def test_the_sequence_continues_after_the_aggregate_was_stored(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = Shelf(name="Poetry")
    created(shelf)
    shelves.add(shelf)
    shelf = shelves.get(shelf.id)
    shelf.rename("Prose")
    assert shelf._events[0]._metadata.sequence == 2


def test_outside_a_command_there_is_no_correlation_or_cause() -> None:
    metadata = created(Shelf(name="Poetry"))._metadata
    assert (metadata.correlation_id, metadata.causation_id) == (None, None)


def test_raised_while_a_command_is_processed_the_cause_is_the_command(testing: Domain) -> None:
    command = CreateShelf(name="Poetry")
    testing.process(command)

    (event, _shelf) = journal[0]
    assert event._metadata.causation_id == command._metadata.id
    assert event._metadata.correlation_id == command._metadata.id
    assert command._metadata.correlation_id == command._metadata.id


def test_a_commands_metadata_names_its_type() -> None:
    assert CreateShelf(name="Poetry")._metadata.type == "Testing.CreateShelf.v1"


def test_the_event_created_and_the_event_collected_are_the_same_values() -> None:
    shelf = Shelf(id="s1", name="Poetry")
    event = ShelfRenamed(shelf_id="s1", name="Prose")
    shelf.raise_(event)
    assert shelf._events[0] == event
    assert shelf._events[0].to_dict() == {"shelf_id": "s1", "name": "Prose"}
