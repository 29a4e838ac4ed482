"""The storage port: what the runtime needs of a backend, whichever database it is."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Protocol

import attrs

from domain.core.elements import BaseAggregate, BaseCommand, BaseElement, BaseEvent
from domain.core.errors import UndecodableEventError
from domain.core.storage.query import AggregateQuery
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import (
    Cursor,
    DatabaseHandle,
    ProjectionStore,
    Row,
    SqlParameters,
    SqlValue,
)

__all__ = ["AggregateState", "SqlParameters", "SqlValue"]  # re-exported for the adapters

# Turns a stored type name ("<Domain>.<Event>.v1") into its event class.
EventResolver = Callable[[str], type[BaseEvent]]

# What an aggregate's rows hold: its own values, then each HasMany's rows of values.
AggregateState = tuple[tuple[object, ...], tuple[tuple[tuple[object, ...], ...], ...]]


class ProjectionTables(Protocol):
    """A read model's tables, created and emptied by its own code."""

    @property
    def name(self) -> str: ...

    @property
    def tables(self) -> tuple[str, ...]: ...

    def create_tables(self, db: DatabaseHandle) -> None: ...

    def reset(self, db: DatabaseHandle) -> None: ...


@attrs.frozen
class Schema:
    """What a store creates beside the core tables: aggregate tables and projection tables."""

    aggregates: tuple[type[BaseAggregate], ...] = ()
    projections: tuple[ProjectionTables, ...] = ()


@attrs.frozen
class Stop:
    """Where a projection stopped, and why: the failed delivery it waits on."""

    subscriber: str
    position: int
    event_type: str
    error: str
    attempts: int
    parked: bool


class RebuildTables(ABC):
    """A projection's tables made afresh under other names, to rebuild into while others
    write to its own tables; swapped in at the end, or dropped."""

    @abstractmethod
    def rename(self, sql: str) -> str:
        """`sql` as the projection wrote it, naming the new tables instead of its own."""

    @abstractmethod
    def swap_in(self) -> None:
        """Inside the caller's unit of work: drop the projection's tables and give the new
        ones their names (indexes included)."""

    @abstractmethod
    def drop(self) -> None:
        """Drop the new tables, in a transaction of their own (a rebuild that stopped)."""


class UnitOfWork(ABC):
    """Writes made inside commit together; on failure nothing is stored and nothing delivered.

    Nested units are savepoints: a failing command of a group rolls back alone.
    """

    command: BaseCommand | None
    records: list[StoredEvent]

    @abstractmethod
    def on_rollback(self, undo: Callable[[], None]) -> None:
        """Register how to restore in-memory state if this unit does not commit."""

    @abstractmethod
    def __enter__(self) -> UnitOfWork: ...

    @abstractmethod
    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None: ...


class AggregateRows(ABC):
    """One aggregate class's rows, with its entities, guarded by version."""

    @abstractmethod
    def read(self, aggregate_id: str) -> BaseAggregate | None:
        """A fresh copy with `_version`, `_sequence` and `_stored_state` (its stored
        values, as `state` gives them) set, or None."""

    @abstractmethod
    def write(self, aggregate: BaseAggregate, values: Sequence[object],
              children: Sequence[Sequence[Sequence[object]]] | None, version: int,
              sequence: int) -> None:
        """Insert (at versions.NEW) or update the row written at `version`; children when given.

        Raises ExpectedVersionError when the row changed since `version` was read.
        """

    @abstractmethod
    def record(self, aggregate: BaseAggregate, state: AggregateState, version: int,
               sequence: int, position: int | None) -> None:
        """Keep `state` as the aggregate's state at `version`, its stream at `sequence`
        (the history's row, in the same transaction as the write that made it).
        `position` is the write's last event's, None when it raised none."""

    @abstractmethod
    def state(self, aggregate: BaseAggregate) -> AggregateState:
        """The stored values of `aggregate` and its entities, to tell whether it changed."""

    @abstractmethod
    def select(self, query: AggregateQuery) -> list[BaseAggregate]:
        """The aggregates `query` matches, in its order and window, each as `read` gives it;
        the backend compiles the query (no row is tested in Python)."""

    @abstractmethod
    def count(self, query: AggregateQuery) -> int:
        """How many rows `query` matches, its window aside, counted without reading them."""


class ProjectionRecords(ABC):
    """One `@domain.projection` class's records, whole rows keyed on their identifier."""

    @abstractmethod
    def read(self, record_id: str) -> BaseElement | None:
        """The stored record, or None."""

    @abstractmethod
    def write(self, record: BaseElement) -> None:
        """Store `record`, replacing the one with its identifier."""

    @abstractmethod
    def delete(self, record_id: str) -> None:
        """Remove the record (none stored: nothing happens)."""

    @abstractmethod
    def select(self, query: AggregateQuery) -> list[BaseElement]:
        """The records `query` matches, in its order and window."""

    @abstractmethod
    def count(self, query: AggregateQuery) -> int:
        """How many records `query` matches, its window aside."""


class FailureLog(ABC):
    """Failed deliveries: (subscriber, position) with error text, attempts and next try.

    A failure a person skipped stays, with when (`skip`): it is listed, never retried, and
    the projection it stopped has gone on past it.
    """

    first_delay: float

    @abstractmethod
    def record(self, subscriber: str, position: int, event_id: str, event_type: str,
               error: BaseException) -> None:
        """A failed delivery of the event at `position` (decoded or not) to `subscriber`."""

    @abstractmethod
    def resolve(self, subscriber: str, position: int) -> None: ...

    @abstractmethod
    def skip(self, subscriber: str, position: int) -> bool:
        """Record that a person skipped this failed delivery, and when; False when there
        is no such failure waiting (none, or skipped already)."""

    @abstractmethod
    def stopped_at(self, subscriber: str) -> int | None:
        """Where a projection stopped: its waiting failure just past its written position,
        or None when it is not stopped."""

    @abstractmethod
    def skipped(self, subscriber: str) -> set[int]:
        """The positions a person skipped for `subscriber`."""

    @abstractmethod
    def due(self, now: float | None = None, subscribers: Collection[str] | None = None
            ) -> list[tuple[str, int]]:
        """The waiting failures whose next attempt is due, of `subscribers` (or of all)."""

    @abstractmethod
    def next_attempt_at(self, subscribers: Collection[str] | None = None) -> float | None:
        """When the earliest waiting failure of `subscribers` (or of all) is due; None when
        none waits. 0 means due now (made due by `unpark`)."""

    @abstractmethod
    def listing(self, parked_only: bool = False) -> list[dict[str, object]]: ...

    @abstractmethod
    def unpark(self) -> int: ...

    @abstractmethod
    def forget(self, subscriber: str) -> None:
        """Drop the failures of `subscriber` that still wait (its projection is rebuilt);
        the skipped ones stay, and the rebuild passes them too."""

    @abstractmethod
    def record_slow(self, subscriber: str, position: int, event_id: str, event_type: str,
                    started_at: str, seconds: float, finished: bool) -> None:
        """A delivery that ran (or still runs, when not `finished`) longer than the
        slow-handler threshold: `seconds` so far. Recorded again while it runs, with the
        time so far; its column `finished` is 0 while it runs, 1 once it finished, 2 when
        its run ended first (see settle_slow)."""

    @abstractmethod
    def slow(self) -> list[dict[str, object]]:
        """The slow deliveries recorded, the newest first."""

    @abstractmethod
    def settle_slow(self, subscribers: Sequence[str]) -> None:
        """Mark the slow deliveries of `subscribers` recorded as still running as
        interrupted (2): a new delivery thread starts for them, the old one is gone, and
        what it had not finished is delivered again."""


class Store(ABC):
    """One thread's connection to the database; never shared with another thread."""

    location: str
    failures: FailureLog
    # Positions delivered to at-least-once subscribers, not yet written; the next unit of
    # work of this store writes them before its commit (at most every few hundred ms).
    pending_positions: dict[str, int]

    @abstractmethod
    def close(self) -> None: ...

    # -- transactions
    @abstractmethod
    def unit_of_work(self, command: BaseCommand | None = None) -> UnitOfWork: ...

    @property
    @abstractmethod
    def current_unit(self) -> UnitOfWork | None: ...

    @abstractmethod
    def in_transaction(self) -> bool:
        """Whether the connection has a transaction open (none once a unit ended)."""

    @abstractmethod
    def record_command(self, command: BaseCommand, error: BaseException | None) -> None:
        """Inside the current unit of work: put `command` on record as accepted (no
        `error`) or refused with `error`'s messages (storage.commands)."""

    @abstractmethod
    def command_outcome(self, command_id: str) -> str | None:
        """In a unit of work of its own: how the command with this id is on record,
        "accepted" or "refused", or None when it is not (it was never stored). Asked once
        the database is reached again after a commit whose outcome was not known."""

    @abstractmethod
    def record_state(self, position: int, version: int, state: Mapping[str, object]) -> None:
        """Inside the current unit of work: keep `state`, the state at `version` of an
        element that is its events (an event-sourced aggregate, a process manager), for
        the history, keyed by the position of the last event of the write that made it."""

    @abstractmethod
    def execute(self, sql: str, parameters: SqlParameters = ()) -> Cursor:
        """Run one statement (projections write their tables with it)."""

    @property
    @abstractmethod
    def db(self) -> DatabaseHandle:
        """The handle projections create and empty their tables with."""

    # -- the event log
    @abstractmethod
    def append(self, event: BaseEvent) -> StoredEvent:
        """Append one event inside the current unit of work."""

    @abstractmethod
    def load(self, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        """Events past `after` in global order, rebuilt as event objects."""

    @abstractmethod
    def load_span(self, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        """Events with `after` < position <= `through`, in global order. Given `types`,
        only the events of those types are decoded and returned: the others are passed
        over as stored, so one that no class takes (or a class refuses) stops nothing.
        Raises UndecodableEventError for the first returned event that cannot be decoded."""

    @abstractmethod
    def load_stream(self, stream: str, through: int | None = None) -> list[StoredEvent]:
        """The events of one stream in sequence order (1, 2, ...), up to sequence `through`
        when given: what an event-sourced aggregate is rebuilt from."""

    @abstractmethod
    def last_position(self) -> int:
        """The global position of the newest committed event; 0 while the log is empty."""

    @abstractmethod
    def aggregates(self, aggregate_cls: type[BaseAggregate]) -> AggregateRows: ...

    # -- subscriber positions
    @abstractmethod
    def positions(self) -> dict[str, int]:
        """Every subscriber's delivered position, as written."""

    @abstractmethod
    def position(self, subscriber: str) -> int: ...

    @abstractmethod
    def save_position(self, subscriber: str, position: int) -> None:
        """Write a position inside the caller's unit of work."""

    @abstractmethod
    def save_positions(self, positions: Iterable[tuple[str, int]]) -> None:
        """Write several positions inside the caller's unit of work."""

    @abstractmethod
    def forget_position(self, subscriber: str) -> None:
        """Drop a subscriber's position (it starts from the beginning again)."""

    @abstractmethod
    def flush_positions(self) -> None:
        """Write the pending positions in a transaction of their own, if none is open."""

    @abstractmethod
    def projection_records(self, projection_cls: type[BaseElement],
                           through: ProjectionStore | None = None) -> ProjectionRecords:
        """The records of a `@domain.projection` class, written with `through`'s statements
        (a rebuild's store, which renames the tables) or, without it, this store's."""

    # -- rebuilding projections
    @abstractmethod
    def rebuild_tables(self, projection: ProjectionTables) -> RebuildTables:
        """New empty tables for `projection` under other names, made in a transaction of
        their own; whatever an earlier rebuild left of them is dropped first."""

    @abstractmethod
    def generations(self) -> dict[str, int]:
        """How many rebuilds were swapped in for each subscriber rebuilt at least once."""

    @abstractmethod
    def restart_position(self, subscriber: str, position: int) -> None:
        """Inside the caller's unit of work: set a position even below the written one, and
        count one more generation (others re-read their positions when it moves)."""


class CommitListening(Protocol):
    """A connection that hears other processes' commits as they happen (a server's)."""

    def wait(self, timeout: float) -> int | None:
        """The newest position committed since the last call, or None when none was
        within `timeout` seconds (0: something committed that appended nothing).
        StorageError when the connection is lost."""

    def last_position(self) -> int:
        """The newest committed position, to catch up on what was not heard."""

    def interrupt(self) -> None:
        """From another thread: end a `wait` now (it raises StorageError)."""

    def close(self) -> None: ...


class Snapshot(ABC):
    """One read transaction on a store: the backend part of the integrity check.

    Every answer comes from the same snapshot, even while another process writes.
    Unreadable data raises StorageError.
    """

    backend: str  # names the backend's own check in reports: "sqlite"

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def damage(self) -> list[str]:
        """The backend's own consistency check: an empty list when the file is sound and
        the snapshot holds every commit."""

    @abstractmethod
    def quick_check(self) -> list[str]:
        """The backend's quicker check, run before a command line writes: empty when sound."""

    def notes(self) -> list[str]:
        """What the backend's own check could not do, and why: not damage (PostgreSQL's
        amcheck, when this role may not create or run it). Asked after `damage` or
        `quick_check`."""
        return []

    @abstractmethod
    def last_position(self) -> int: ...

    @abstractmethod
    def streams(self) -> Iterator[tuple[str, int, int, int]]:
        """Each stream's (name, count, first sequence, last sequence), ordered by name."""

    @abstractmethod
    def stored_sequences(self, aggregate_cls: type[BaseAggregate]) -> Iterator[tuple[str, int]]:
        """Each stored aggregate's id and `_sequence`, ordered by id (none when its table is
        missing)."""

    @abstractmethod
    def table_name(self, aggregate_cls: type[BaseAggregate]) -> str: ...

    @abstractmethod
    def positions(self) -> list[tuple[str, int]]:
        """Every subscriber's written position, by name."""

    @abstractmethod
    def failure_counts(self) -> tuple[int, int, int]:
        """Failed deliveries: (parked, still retrying, skipped by a person)."""

    @abstractmethod
    def stops(self, subscribers: Collection[str]) -> list[Stop]:
        """Where each of these projections stopped (its waiting failure just past its
        written position), by subscriber; the ones not stopped are left out."""

    @abstractmethod
    def skipped(self, subscriber: str) -> set[int]:
        """Positions `subscriber` failed on and went past: skipped by a person, or passed
        by a release before projections stopped at failures (a rebuild passes them too)."""

    @abstractmethod
    def command_index_differences(self) -> tuple[int, int] | None:
        """How the search index's commands differ from the commands on record up to its
        mark: rows it holds that no command gives, and rows a command gives that it lacks;
        None when the store has no such index."""

    @abstractmethod
    def rows(self, table: str) -> Iterator[Row] | None:
        """Every row of `table` ordered by all its columns, first to last, as SQLite orders
        values (see ordering.sort_key); None when there is no such table."""

    @abstractmethod
    def rebuilt_rows(self, scratch: Store, table: str) -> Iterator[Row]:
        """Every row of `table` in `scratch` (a store this snapshot's `scratch` made), in
        the order and the form `rows` gives the stored ones."""

    @abstractmethod
    def load_span(self, resolve_event: EventResolver, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        """Events with `after` < position <= `through`, as Store.load_span rebuilds them
        (only those of `types`, when given; an undecodable one raises
        UndecodableEventError)."""

    @abstractmethod
    def undecodable(self, resolve_event: EventResolver) -> Iterator[UndecodableEventError]:
        """Every stored event that cannot be decoded, in order, each with why."""

    @abstractmethod
    def scratch(self, schema: Schema, resolve_event: EventResolver) -> Store:
        """An empty store with `schema`, private to this snapshot, to rebuild projections in.

        It holds no events and no aggregate rows: the caller feeds it events from `load`.
        It is removed when this snapshot closes (the caller closes the store first).
        """

