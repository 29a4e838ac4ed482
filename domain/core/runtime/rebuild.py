"""Rebuilding projections while others write: into new tables, then one short swap."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager

from domain.core.elements import BaseAggregate, BaseCommand, BaseElement, BaseEvent
from domain.core.errors import IncorrectUsageError, StorageError, UndecodableEventError
from domain.core.runtime.dispatcher import CATCH_UP_PAGE, Dispatcher
from domain.core.storage.port import (
    AggregateRows,
    FailureLog,
    ProjectionRecords,
    RebuildTables,
    SqlParameters,
    Store,
    UnitOfWork,
)
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Cursor, DatabaseHandle, Projection, ProjectionStore

log = logging.getLogger(__name__)

# When no more than this many events are left, the rest is applied under the write lock.
CLOSE_ENOUGH = CATCH_UP_PAGE
# A failed delivery as FailureLog.record takes it.
Failure = tuple[str, int, str, str, BaseException]
# How far a rebuild is: (done, total), the positions applied over those to apply, of all
# its projections together.
Progress = Callable[[int, int], None]


class RebuildCancelled(Exception):
    """A person cancelled a rebuild before its swap: the old tables stay in use."""


def rebuild_projections(store: Store, projections: Sequence[Projection],
                        activate: Callable[[], AbstractContextManager[None]],
                        progress: Progress | None = None,
                        cancelled: Callable[[], bool] | None = None) -> int:
    """Apply the whole log to new tables for `projections` and swap them in; the last
    position applied.

    Before each page it reports `progress` and asks `cancelled`: when that says so, it
    raises RebuildCancelled (before the swap's commit, so nothing of it is kept).

    The log is applied a page per transaction while other connections keep writing to
    the projections' own tables; the last events are applied in the transaction that
    drops those tables, renames the new ones, sets the positions, counts a generation
    and replaces the failures, so nobody commits between. If anything stops it before
    that commit (an error, KeyboardInterrupt, a kill), the old tables and positions stay
    in use; the new tables are dropped, by this call or by the next rebuild.
    """
    tables: dict[str, RebuildTables] = {}
    try:
        for projection in projections:
            tables[projection.name] = store.rebuild_tables(projection)

        def before_page() -> None:
            if cancelled is not None and cancelled():
                raise RebuildCancelled("the rebuild was cancelled; nothing of it is kept")
            if progress is not None:
                done = sum(view.positions().values())
                progress(done, max(done, len(projections) * store.last_position()))

        view = RebuildStore(store, tables, before_page)
        dispatcher = Dispatcher(view, lambda: projections, activate)

        def slowest() -> int:
            # A projection stopped at a failure moves no more: it does not hold the others.
            going = [position for name, position in view.positions().items()
                     if view.failures.stopped_at(name) is None]
            return min(going, default=store.last_position())

        while store.last_position() - slowest() > CLOSE_ENOUGH:
            before = view.positions()
            dispatcher.catch_up()  # a page per transaction: others write between pages
            if view.positions() == before:
                break  # nothing more it can apply: the swap takes it as it is
        with store.unit_of_work():  # the write lock: nothing commits until the swap does
            dispatcher.catch_up()  # the last events, now that no more can come
            last = store.last_position()
            for projection in projections:
                tables[projection.name].swap_in()
                store.restart_position(projection.name, view.position(projection.name))
                store.failures.forget(projection.name)
            for failure in view.failures.recorded:
                store.failures.record(*failure)
    except BaseException:
        for each in tables.values():
            # Best effort: whatever is left is dropped when the next rebuild starts.
            with contextlib.suppress(Exception):
                each.drop()
        raise
    return last


class CollectedFailures(FailureLog):
    """The failed deliveries a rebuild meets, kept until the swap records them.

    A storage error of the projection's own statements (a full disk, a table another
    rebuild dropped) stops the rebuild instead: the new tables would be incomplete. An
    event that cannot be decoded is a failure like any other.
    """

    def __init__(self, stored: FailureLog) -> None:
        self._stored = stored  # the store's own: what a person skipped stays skipped
        self.first_delay = stored.first_delay
        self.recorded: list[Failure] = []

    def record(self, subscriber: str, position: int, event_id: str, event_type: str,
               error: BaseException) -> None:
        if isinstance(error, StorageError) and not isinstance(error, UndecodableEventError):
            raise error
        self.recorded.append((subscriber, position, event_id, event_type, error))

    def resolve(self, subscriber: str, position: int) -> None:
        self.recorded = [each for each in self.recorded if each[:2] != (subscriber, position)]

    def due(self, now: float | None = None, subscribers: Collection[str] | None = None
            ) -> list[tuple[str, int]]:
        return []  # a rebuild does not retry: the swap hands its failures over

    def next_attempt_at(self, subscribers: Collection[str] | None = None) -> float | None:
        return None

    def listing(self, parked_only: bool = False) -> list[dict[str, object]]:
        return []

    def unpark(self) -> int:
        return 0

    def forget(self, subscriber: str) -> None:
        self.recorded = [each for each in self.recorded if each[0] != subscriber]

    def record_slow(self, subscriber: str, position: int, event_id: str, event_type: str,
                    started_at: str, seconds: float, finished: bool) -> None:
        """A rebuild has no slow-delivery threshold."""

    def slow(self) -> list[dict[str, object]]:
        return []

    def settle_slow(self, subscribers: Sequence[str]) -> None:
        """A rebuild has no delivery threads."""

    def skip(self, subscriber: str, position: int) -> bool:
        return False  # a person skips in the store, not in a rebuild

    def stopped_at(self, subscriber: str) -> int | None:
        # A projection stops at the first event it fails on: nothing after it is applied.
        return min((each[1] for each in self.recorded if each[0] == subscriber), default=None)

    def skipped(self, subscriber: str) -> set[int]:
        return self._stored.skipped(subscriber)


class RebuildStore(Store):
    """The rebuilding thread's store as the rebuild's dispatcher sees it: the projections'
    SQL names the new tables, positions and failures are kept in memory until the swap,
    and everything else goes to the store itself."""

    def __init__(self, store: Store, tables: dict[str, RebuildTables],
                 before_page: Callable[[], None] = lambda: None) -> None:
        """`before_page` runs before each page is read (the rebuild's progress and cancel)."""
        self._store = store
        self._before_page = before_page
        self._tables = tuple(tables.values())
        self._positions = dict.fromkeys(tables, 0)
        self.location = store.location
        self.failures: CollectedFailures = CollectedFailures(store.failures)
        self.pending_positions = {}

    def close(self) -> None:
        """The store is closed by whoever opened it."""

    # -- transactions and statements: the store's, in the new tables ----------------------

    def unit_of_work(self, command: BaseCommand | None = None) -> UnitOfWork:
        return self._store.unit_of_work(command)

    @property
    def current_unit(self) -> UnitOfWork | None:
        return self._store.current_unit

    def in_transaction(self) -> bool:
        return self._store.in_transaction()

    def record_command(self, command: BaseCommand, error: BaseException | None) -> None:
        raise IncorrectUsageError("a rebuild runs no command")

    def record_state(self, position: int, version: int, state: Mapping[str, object]) -> None:
        raise IncorrectUsageError("a rebuild writes projections only")

    def command_outcome(self, command_id: str) -> str | None:
        return self._store.command_outcome(command_id)

    def execute(self, sql: str, parameters: SqlParameters = ()) -> Cursor:
        for tables in self._tables:
            sql = tables.rename(sql)
        return self._store.execute(sql, parameters)

    @property
    def dialect(self) -> str:
        """The store's SQL dialect, which a projection that writes both may ask for (the
        search index): "sqlite" when the store names none."""
        return str(getattr(self._store, "dialect", "sqlite"))

    @property
    def db(self) -> DatabaseHandle:
        raise IncorrectUsageError("a rebuild's tables are made by the store")

    # -- the event log: read only ---------------------------------------------------------

    def append(self, event: BaseEvent) -> StoredEvent:
        raise IncorrectUsageError("a rebuild only reads the event log")

    def load(self, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        return self._store.load(after, limit)

    def load_span(self, after: int, through: int,
                  types: Collection[str] | None = None) -> list[StoredEvent]:
        self._before_page()  # the dispatcher reads a projection's pages with it
        return self._store.load_span(after, through, types)

    def load_stream(self, stream: str, through: int | None = None) -> list[StoredEvent]:
        return self._store.load_stream(stream, through)

    def last_position(self) -> int:
        return self._store.last_position()

    def aggregates(self, aggregate_cls: type[BaseAggregate]) -> AggregateRows:
        raise IncorrectUsageError("a rebuild writes projections only")

    def projection_records(self, projection_cls: type[BaseElement],
                           through: ProjectionStore | None = None) -> ProjectionRecords:
        # Through this store, whose `execute` names the new tables.
        return self._store.projection_records(projection_cls, through=through or self)

    # -- positions: in memory until the swap ----------------------------------------------

    def positions(self) -> dict[str, int]:
        return dict(self._positions)

    def position(self, subscriber: str) -> int:
        return self._positions.get(subscriber, 0)

    def save_position(self, subscriber: str, position: int) -> None:
        before = self.position(subscriber)
        self._positions[subscriber] = position
        unit = self._store.current_unit
        if unit is not None:  # a page that does not commit was not applied
            unit.on_rollback(lambda: self._positions.__setitem__(subscriber, before))

    def save_positions(self, positions: Iterable[tuple[str, int]]) -> None:
        for subscriber, position in positions:
            self.save_position(subscriber, position)

    def forget_position(self, subscriber: str) -> None:
        self.save_position(subscriber, 0)

    def flush_positions(self) -> None:
        """Nothing is pending: projections' positions are saved with their pages."""

    def rebuild_tables(self, projection: object) -> RebuildTables:
        raise IncorrectUsageError("a rebuild does not rebuild")

    def generations(self) -> dict[str, int]:
        return {}  # the rebuild's own dispatcher follows no other rebuild

    def restart_position(self, subscriber: str, position: int) -> None:
        raise IncorrectUsageError("only the swap restarts a position")
