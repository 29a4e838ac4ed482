"""A projection applies events in order: it stops at the one it fails on, and goes on when
a retry delivers it or a person skips it (issue 10, item 3). Handlers still go past."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from domain.core import HandlersFailedAfterCommit, Projection, StoredEvent, handle
from domain.core.elements import BaseCommand
from domain.core.runtime.runtime import Runtime
from domain.core.runtime.session import Session
from domain.core.subscriber import HandlerSubscriber, ProjectionStore
from tests.unit.core.library import (
    CreateShelf,
    RenameShelf,
    ShelfCreated,
    ShelfRenamed,
    library,
)


class ShelfNames(Projection):
    """Each shelf's name; fails on the positions in `failing` (for as long as they are)."""

    name = "test.shelf_names"
    tables = ("shelf_name",)

    def __init__(self) -> None:
        self.failing: set[int] = set()

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db["shelf_name"].create({"shelf_id": str, "name": str}, pk="shelf_id",
                                if_not_exists=True)

    def _fail_if_asked(self, stored: StoredEvent) -> None:
        if stored.position in self.failing:
            raise ConnectionError(f"the disk hiccuped at {stored.position}")

    @handle(ShelfCreated)
    def _created(self, store: ProjectionStore, stored: StoredEvent) -> None:
        self._fail_if_asked(stored)
        event = stored.event
        store.execute("INSERT INTO shelf_name (shelf_id, name) VALUES (?, ?)",
                      (event.shelf_id, event.name))

    @handle(ShelfRenamed)
    def _renamed(self, store: ProjectionStore, stored: StoredEvent) -> None:
        self._fail_if_asked(stored)
        event = stored.event
        store.execute("UPDATE shelf_name SET name = ? WHERE shelf_id = ?",
                      (event.name, event.shelf_id))


class RenameCounter:
    """A stateless handler that fails on the positions in `failing`."""

    failing: set[int] = set()
    seen: list[str] = []

    @handle(ShelfRenamed)
    def on_renamed(self, event: ShelfRenamed) -> None:
        if event._metadata.sequence in self.failing:
            raise ConnectionError("the counter is down")
        self.seen.append(event.name)


COUNTER = f"{__name__}.RenameCounter"


@pytest.fixture
def projection() -> ShelfNames:
    return ShelfNames()


@pytest.fixture
def runtime(tmp_path: Path, projection: ShelfNames) -> Iterator[Runtime]:
    library.registry.init()
    RenameCounter.failing, RenameCounter.seen = set(), []
    opened = Runtime(library.registry, str(tmp_path / "library.db"), face=library,
                     subscribers=(projection, HandlerSubscriber(RenameCounter)))
    yield opened
    opened.close()


def process_failing(runtime: Runtime, command: BaseCommand, *failing: str) -> object:
    """Process a command a subscriber fails on: sync processing commits it, then says so."""
    with pytest.raises(HandlersFailedAfterCommit) as raised:
        runtime.process(command)
    assert [handler for handler, _, _ in raised.value.failures] == list(failing)
    return raised.value.result


def names(session: Session) -> dict[str, str]:
    return dict(session.store.execute("SELECT shelf_id, name FROM shelf_name").fetchall())


def position(session: Session, subscriber: str = ShelfNames.name) -> int:
    return session.store.position(subscriber)


def retry_now(session: Session) -> None:
    session.store.execute("UPDATE failures SET next_attempt_at = 0 WHERE parked = 0")
    session.dispatcher.retry_due()


def append_raw(session: Session, type_name: str, payload: dict[str, object]) -> int:
    """An event appended as another program might have: no class need take it back."""
    with closing(sqlite3.connect(session.store.location)) as connection:
        cursor = connection.execute(
            "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
            "VALUES (?, ?, 1, ?, '2024-01-01T10:00:00+00:00', ?, ?)",
            (f"raw-{type_name}", f"testing::raw-{type_name}", type_name, json.dumps(payload),
             json.dumps({"id": f"raw-{type_name}", "type": type_name})))
        connection.commit()
        return cursor.lastrowid or 0


def test_a_projection_declares_the_event_types_it_handles(projection: ShelfNames) -> None:
    assert projection.handled_types == {ShelfCreated._type, ShelfRenamed._type}


def test_a_projection_that_fails_stops_there_and_applies_no_later_event(
        runtime: Runtime, projection: ShelfNames) -> None:
    projection.failing = {1}
    shelf = process_failing(runtime, CreateShelf(name="Poetry"), ShelfNames.name)  # event 1
    runtime.process(RenameShelf(shelf_id=shelf, name="Verse"))  # event 2: stopped, no error

    session = runtime.session()
    assert names(session) == {}
    assert position(session) == 0
    assert session.dispatcher.failures.stopped_at(ShelfNames.name) == 1
    (failure,) = session.dispatcher.failures.listing()
    assert (failure["subscriber"], failure["position"]) == (ShelfNames.name, 1)
    assert failure["error"] == "ConnectionError: the disk hiccuped at 1"


def test_a_projection_goes_on_in_order_when_the_retry_delivers_the_event(
        runtime: Runtime, projection: ShelfNames) -> None:
    projection.failing = {1}
    shelf = process_failing(runtime, CreateShelf(name="Poetry"), ShelfNames.name)
    runtime.process(RenameShelf(shelf_id=shelf, name="Verse"))
    projection.failing = set()

    retry_now(runtime.session())

    assert names(runtime.session()) == {shelf: "Verse"}  # not "Poetry": applied in order
    assert position(runtime.session()) == 2
    assert runtime.session().dispatcher.failures.listing() == []


def test_a_projection_applies_the_events_before_the_one_it_fails_on(
        runtime: Runtime, projection: ShelfNames) -> None:
    poetry = runtime.process(CreateShelf(name="Poetry"))  # event 1
    projection.failing = {3}
    # One commit of two events: the rename applies, the creation after it stops the projection.
    runner, registry = runtime.session().runner, library.registry
    commands = [RenameShelf(shelf_id=poetry, name="Verse"), CreateShelf(name="Prose")]
    with pytest.raises(HandlersFailedAfterCommit):
        runner.hand_over(runner.run_group(
            [(command, registry.handler_for(command)) for command in commands], []))

    assert names(runtime.session()) == {poetry: "Verse"}
    assert position(runtime.session()) == 2


def test_a_stopped_projection_retries_with_backoff_then_parks_and_stays_stopped(
        runtime: Runtime, projection: ShelfNames) -> None:
    projection.failing = {1}
    shelf = process_failing(runtime, CreateShelf(name="Poetry"), ShelfNames.name)
    failures = runtime.session().dispatcher.failures
    for _ in range(failures.max_attempts):
        retry_now(runtime.session())
    runtime.process(RenameShelf(shelf_id=shelf, name="Verse"))

    (failure,) = failures.listing()
    assert failure["parked"] == 1 and failure["attempts"] == failures.max_attempts
    assert position(runtime.session()) == 0
    assert failures.stopped_at(ShelfNames.name) == 1


def test_a_person_skips_the_event_and_the_projection_goes_on_past_it(
        runtime: Runtime, projection: ShelfNames) -> None:
    poetry = runtime.process(CreateShelf(name="Poetry"))  # event 1
    projection.failing = {2}
    process_failing(runtime, CreateShelf(name="Prose"), ShelfNames.name)  # event 2: stops it
    runtime.process(RenameShelf(shelf_id=poetry, name="Verse"))  # event 3

    assert runtime.session().dispatcher.skip(ShelfNames.name, 2) is True

    session = runtime.session()
    assert names(session) == {poetry: "Verse"}
    assert position(session) == 3
    (failure,) = session.dispatcher.failures.listing()
    assert failure["position"] == 2 and failure["skipped_at"] is not None
    assert session.dispatcher.failures.due(now=float("inf")) == []
    assert session.dispatcher.failures.stopped_at(ShelfNames.name) is None


def test_a_skip_is_refused_when_no_failed_delivery_of_that_event_waits(
        runtime: Runtime) -> None:
    runtime.process(CreateShelf(name="Poetry"))

    assert runtime.session().dispatcher.skip(ShelfNames.name, 1) is False
    assert runtime.session().dispatcher.failures.listing() == []


def test_a_skipped_event_stays_skipped_when_the_projection_is_rebuilt(
        runtime: Runtime, projection: ShelfNames) -> None:
    projection.failing = {1}
    process_failing(runtime, CreateShelf(name="Poetry"), ShelfNames.name)
    prose = runtime.process(CreateShelf(name="Prose"))
    runtime.session().dispatcher.skip(ShelfNames.name, 1)
    projection.failing = set()

    runtime.rebuild_projections()

    assert names(runtime.session()) == {prose: "Prose"}
    assert position(runtime.session()) == 2


def test_a_projection_passes_events_of_types_it_does_not_handle_without_decoding_them(
        runtime: Runtime) -> None:
    runtime.open()
    unknown = append_raw(runtime.session(), "Testing.Unknown.v1", {"what": "nobody knows"})
    runtime.close()

    shelf = runtime.process(CreateShelf(name="Poetry"))  # opens again: catches up past it

    assert names(runtime.session()) == {shelf: "Poetry"}
    assert position(runtime.session()) == unknown + 1
    assert runtime.session().dispatcher.failures.listing() == []


def test_a_projection_stops_at_an_event_it_handles_but_cannot_decode(
        runtime: Runtime) -> None:
    shelf = runtime.process(CreateShelf(name="Poetry"))  # event 1
    broken = append_raw(runtime.session(), ShelfRenamed._type,
                        {"shelf_id": shelf, "name": "Verse", "colour": "oak"})
    runtime.process(RenameShelf(shelf_id=shelf, name="Rhyme"))  # event 3

    session = runtime.session()
    assert names(session) == {shelf: "Poetry"}
    assert position(session) == broken - 1
    failure = next(each for each in session.dispatcher.failures.listing()
                   if each["subscriber"] == ShelfNames.name)
    assert failure["position"] == broken
    assert "cannot be decoded: field colour is not declared by ShelfRenamed" in str(
        failure["error"])


def test_a_failing_handler_still_goes_past_the_event_and_retries_it_later(
        runtime: Runtime) -> None:
    shelf = runtime.process(CreateShelf(name="Poetry"))
    RenameCounter.failing = {2}  # the shelf's second event
    process_failing(runtime, RenameShelf(shelf_id=shelf, name="Verse"), COUNTER)
    runtime.process(RenameShelf(shelf_id=shelf, name="Rhyme"))

    assert RenameCounter.seen == ["Rhyme"]  # it did not wait
    (failure,) = runtime.session().dispatcher.failures.listing()
    assert (failure["subscriber"], failure["position"]) == (COUNTER, 2)
    RenameCounter.failing = set()
    retry_now(runtime.session())
    assert RenameCounter.seen == ["Rhyme", "Verse"]  # at least once, not in order
    assert runtime.session().dispatcher.failures.listing() == []


def test_a_handler_goes_past_an_event_of_its_class_it_cannot_decode_and_parks_it(
        runtime: Runtime) -> None:
    shelf = runtime.process(CreateShelf(name="Poetry"))
    broken = append_raw(runtime.session(), ShelfRenamed._type,
                        {"shelf_id": shelf, "name": "Verse", "colour": "oak"})
    runtime.process(RenameShelf(shelf_id=shelf, name="Rhyme"))

    assert RenameCounter.seen == ["Rhyme"]
    failed = {(each["subscriber"], each["position"])
              for each in runtime.session().dispatcher.failures.listing()}
    assert (COUNTER, broken) in failed
