"""Whether a store is whole: the backend's check, streams and aggregates, positions, projections."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from domain.core.elements import BaseAggregate
from domain.core.errors import BookshelfError, CheckNotPossibleError, StorageError
from domain.core.process_manager import BaseProcessManager
from domain.core.registry import Registry
from domain.core.runtime.dispatcher import LoadSpan, load_handled
from domain.core.storage.ordering import sort_key, value_key
from domain.core.storage.port import Schema, Snapshot, Stop, Store
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Projection, Row

REPLAY_PAGE = 1_000
EXAMPLES = 3


@attrs.frozen
class Finding:
    """One observation of a check: a problem makes the store unwell, a note only informs."""

    check: str
    message: str
    problem: bool = True


@attrs.define
class IntegrityReport:
    """The checks that ran, what they found, and the last position of the snapshot checked."""

    checks: list[str] = attrs.Factory(list)
    findings: list[Finding] = attrs.Factory(list)
    last_position: int = 0

    @property
    def problems(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.problem]

    @property
    def notes(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, check: str, message: str, problem: bool = True) -> None:
        self.findings.append(Finding(check, message, problem))


def check_integrity(snapshot: Snapshot, registry: Registry) -> IntegrityReport:
    """Run every check on one snapshot of a store; nothing is written to it.

    `registry` must be initialised: its aggregates name the tables that streams belong to,
    and its projections are rebuilt in a scratch store to compare with the stored rows.
    Every table and the log are read in order, a row or a page at a time, and compared as
    they are read: the memory it takes does not grow with the store (bench/check.py).
    """
    report = IntegrityReport()
    checks: list[tuple[str, Callable[[], None]]] = [
        (snapshot.backend, lambda: _check_storage(snapshot, report)),
        ("streams", lambda: _check_streams(snapshot, registry, report)),
        ("positions", lambda: _check_positions(snapshot, registry, report)),
        ("events", lambda: _check_events(snapshot, registry, report)),
        ("projections", lambda: _check_projections(snapshot, registry, report)),
        ("commands", lambda: _check_command_index(snapshot, report)),
    ]
    for name, run in checks:
        report.checks.append(name)
        try:
            run()
        except StorageError as error:
            report.add(name, f"the store could not be read: {error}")
        if report.problems and report.checks == [snapshot.backend]:
            break  # a damaged file makes every later answer unreliable
    return report


def _check_storage(snapshot: Snapshot, report: IntegrityReport) -> None:
    """The backend's own check of its files (SQLite's PRAGMA integrity_check)."""
    for message in snapshot.damage():
        report.add(snapshot.backend, message)
    for message in snapshot.notes():  # what could not be checked: said, not failed
        report.add(snapshot.backend, message, problem=False)


def _check_streams(snapshot: Snapshot, registry: Registry, report: IntegrityReport) -> None:
    """Every stream has its aggregate row, and every row's _sequence matches its stream.

    Streams come ordered by name and each aggregate's rows ordered by id. An aggregate's
    streams share its prefix, so they come in the order of their ids: one pass over the
    streams pairs them with each aggregate's rows as they come (a merge join).
    """
    aggregates: list[_StoredRows | _Streams] = [
        _Streams(cls) if cls._event_sourced else _StoredRows(snapshot, cls)
        for cls in registry.aggregates.values()]
    # A process manager's streams are event-sourced: only their sequences to check.
    aggregates += [_Streams(cls) for cls in registry.process_managers.values()]
    for stream, count, first, last in snapshot.streams():
        owners = [rows for rows in aggregates if stream.startswith(rows.prefix)]
        if not owners:
            report.add("streams", f"{stream} belongs to no aggregate of {registry.name}")
        for rows in owners:
            rows.meet(stream, count, first, last, report)
    for rows in aggregates:
        rows.finish(report)


class _Streams:
    """One event-sourced aggregate's (or process manager's) streams: no rows, so only
    their sequences are checked."""

    def __init__(self, aggregate_cls: type[BaseAggregate] | type[BaseProcessManager]) -> None:
        self.prefix = aggregate_cls.stream_name("")

    def meet(self, stream: str, count: int, first: int, last: int,
             report: IntegrityReport) -> None:
        if first != 1 or last != count:
            report.add("streams", f"{stream} has sequences {first}..{last} for {count} "
                                  "event(s): they must run 1..n without gaps")

    def finish(self, report: IntegrityReport) -> None:
        pass


class _StoredRows:
    """One aggregate's stored (id, _sequence) rows, read in step with the streams."""

    def __init__(self, snapshot: Snapshot, aggregate_cls: type[BaseAggregate]) -> None:
        self.prefix = aggregate_cls.stream_name("")
        self.table = snapshot.table_name(aggregate_cls)
        self._rows = snapshot.stored_sequences(aggregate_cls)
        self._next = next(self._rows, None)

    def meet(self, stream: str, count: int, first: int, last: int,
             report: IntegrityReport) -> None:
        """The stream of this aggregate that comes next, with its row if there is one."""
        aggregate_id = stream[len(self.prefix):]
        wanted = value_key(aggregate_id)
        while self._next is not None and value_key(self._next[0]) < wanted:
            self._unpaired(*self._next, report)  # its stream would have come before
            self._next = next(self._rows, None)
        if self._next is None or self._next[0] != aggregate_id:
            report.add("streams", f"{stream} has {count} event(s) but no row in table "
                                  f"{self.table}")
            return
        if first != 1 or last != count:
            report.add("streams", f"{stream} has sequences {first}..{last} for {count} "
                                  "event(s): they must run 1..n without gaps")
        self._compare(aggregate_id, self._next[1], count, last, report)
        self._next = next(self._rows, None)

    def finish(self, report: IntegrityReport) -> None:
        """The rows past the last stream of this aggregate: none of them has a stream."""
        while self._next is not None:
            self._unpaired(*self._next, report)
            self._next = next(self._rows, None)

    def _unpaired(self, aggregate_id: str, sequence: int, report: IntegrityReport) -> None:
        self._compare(aggregate_id, sequence, 0, 0, report)

    def _compare(self, aggregate_id: str, sequence: int, count: int, last: int,
                 report: IntegrityReport) -> None:
        if sequence != count or sequence != last:
            report.add("streams", f"{self.table} {aggregate_id} has _sequence {sequence}, but "
                                  f"its stream holds {count} event(s) up to sequence {last}")


def _check_positions(snapshot: Snapshot, registry: Registry, report: IntegrityReport) -> None:
    last = report.last_position = snapshot.last_position()
    projections = [each.name for each in registry.subscribers if isinstance(each, Projection)]
    stops = {stop.subscriber: stop for stop in snapshot.stops(projections)}
    for subscriber, position in snapshot.positions():
        if position > last:
            report.add("positions", f"{subscriber} is at position {position}, past the last "
                                    f"event ({last})")
        elif subscriber in stops:
            # The store is whole; the projection waits for a person or a successful retry.
            report.add("positions", _stopped(stops[subscriber], last), problem=False)
        elif position < last:
            # Normal while the application runs or after a crash: the next start delivers them.
            report.add("positions", f"{subscriber} has {last - position} event(s) to be "
                                    f"delivered (at {position} of {last})", problem=False)
    parked, waiting, skipped = snapshot.failure_counts()
    if parked or waiting:
        report.add("positions", f"{parked} parked and {waiting} retrying failed "
                                "deliveries (see `bookshelf failures`)", problem=False)
    if skipped:
        report.add("positions", f"{skipped} failed deliveries skipped by a person "
                                "(see `bookshelf failures`)", problem=False)


def _stopped(stop: Stop, last: int) -> str:
    """Where a projection stopped and why, and what lets it go on."""
    state = "parked" if stop.parked else "retrying"
    error = stop.error.splitlines()[-1] if stop.error else "no error text"
    return (f"{stop.subscriber} stopped at event {stop.position} of {last} "
            f"({stop.event_type}; {state} after {stop.attempts} attempt(s)): {error}. It goes "
            f"on when `bookshelf failures --retry` delivers it, or after `bookshelf failures "
            f"--skip {stop.subscriber} {stop.position}`")


def _check_events(snapshot: Snapshot, registry: Registry, report: IntegrityReport) -> None:
    """Every stored event can be decoded: its type is registered and its class takes its payload."""
    for error in snapshot.undecodable(registry.event_class):
        report.add("events", f"event {error.position} ({error.type_name}) cannot be decoded: "
                             f"{error.reason}")


def _check_projections(snapshot: Snapshot, registry: Registry, report: IntegrityReport) -> None:
    """Rebuild each projection in an empty scratch store and compare the rows.

    The scratch holds the schema only, no events and no aggregate rows: a projection reads
    nothing but its own tables (it is handed its events), so that is all a rebuild needs.
    """
    projections = [each for each in registry.subscribers if isinstance(each, Projection)]
    if not projections:
        return
    schema = Schema(aggregates=tuple(registry.aggregates.values()),
                    projections=tuple(projections))
    try:
        scratch = snapshot.scratch(schema, registry.event_class)
    except CheckNotPossibleError as error:
        report.add("projections", f"not rebuilt to compare: {error}", problem=False)
        return

    def load(after: int, through: int, types: frozenset[str] | None) -> list[StoredEvent]:
        # From the snapshot's own transaction: the log as the stored rows saw it.
        return snapshot.load_span(registry.event_class, after, through, types)

    try:
        for projection in projections:
            _compare_projection(snapshot, scratch, load, projection, report)
    finally:
        scratch.close()


def _check_command_index(snapshot: Snapshot, report: IntegrityReport) -> None:
    """The search index's commands (a trace finds a correlation's commands there) against
    the commands on record: no rebuild from events can make them."""
    differences = snapshot.command_index_differences()
    if differences is None or differences == (0, 0):
        return
    extra, missing = differences
    report.add("commands", f"the search index's commands differ from the commands on "
                           f"record: {extra} indexed id(s) no command gives, {missing} "
                           f"command id(s) not indexed (bookshelf rebuild indexes them again)")


def _compare_projection(snapshot: Snapshot, scratch: Store, load: LoadSpan,
                        projection: Projection, report: IntegrityReport) -> None:
    applied = dict(snapshot.positions()).get(projection.name, 0)
    # What the projection went past without applying (skipped by a person, or passed by an
    # earlier release), the rebuild passes as well; and, like delivery, it reads only the
    # types the projection handles.
    skipped = snapshot.skipped(projection.name)
    types = projection.handled_types
    try:
        with scratch.unit_of_work():
            projection.reset(scratch.db)
            done = 0
            while done < applied:
                through = min(done + REPLAY_PAGE, applied)
                # An undecodable event below the position was passed (the "events" check
                # names it).
                batch, undecodable = load_handled(load, done, through, types)
                projection.receive(scratch, [each for each in batch
                                             if each.position not in skipped])
                done = undecodable.position if undecodable is not None else through
    except BookshelfError as error:
        report.add("projections", f"{projection.name} could not be rebuilt: {error}")
        return
    for table in projection.tables:
        stored = snapshot.rows(table)
        if stored is None:
            report.add("projections", f"{projection.name}: table {table} is missing")
            continue
        extra, missing = _differences(stored, snapshot.rebuilt_rows(scratch, table))
        if not extra.count and not missing.count:
            continue
        message = (f"{projection.name}: table {table} differs from a fresh rebuild "
                   f"({extra.count} row(s) not in the rebuild, "
                   f"{missing.count} rebuilt row(s) missing)")
        examples = [f"stored {row}" for row in extra.examples]
        examples += [f"rebuilt {row}" for row in missing.examples]
        report.add("projections", "; ".join([message, *examples]))


@attrs.define
class _Unmatched:
    """Rows of one side that the other lacks: how many, and the first few."""

    count: int = 0
    examples: list[Row] = attrs.Factory(list)

    def add(self, row: Row) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES and row not in self.examples:
            self.examples.append(row)


def _differences(stored: Iterable[Row], rebuilt: Iterable[Row]
                 ) -> tuple[_Unmatched, _Unmatched]:
    """The rows only stored and the rows only rebuilt, counted as multisets.

    Both sides come sorted by every column (ordering.sort_key), so one pass over both
    pairs equal rows: neither side is held in memory.
    """
    extra, missing = _Unmatched(), _Unmatched()
    left_rows = ((sort_key(row), row) for row in stored)
    right_rows = ((sort_key(row), row) for row in rebuilt)
    left, right = next(left_rows, None), next(right_rows, None)
    while left is not None or right is not None:
        if left is not None and (right is None or left[0] < right[0]):
            extra.add(left[1])
            left = next(left_rows, None)
        elif right is not None and (left is None or right[0] < left[0]):
            missing.add(right[1])
            right = next(right_rows, None)
        else:
            left, right = next(left_rows, None), next(right_rows, None)
    return extra, missing
