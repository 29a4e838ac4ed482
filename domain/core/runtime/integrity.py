"""Whether a store is whole: the backend's check, streams and aggregates, positions, projections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import attrs

from domain.core.errors import BookshelfError, StorageError
from domain.core.registry import Registry
from domain.core.runtime.dispatcher import load_handled
from domain.core.storage.port import Schema, Snapshot, Stop, Store
from domain.core.subscriber import Projection

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
    and its projections are rebuilt in a scratch copy to compare with the stored rows.
    """
    report = IntegrityReport()
    checks: list[tuple[str, Callable[[], None]]] = [
        (snapshot.backend, lambda: _check_storage(snapshot, report)),
        ("streams", lambda: _check_streams(snapshot, registry, report)),
        ("positions", lambda: _check_positions(snapshot, registry, report)),
        ("events", lambda: _check_events(snapshot, registry, report)),
        ("projections", lambda: _check_projections(snapshot, registry, report)),
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


def _check_streams(snapshot: Snapshot, registry: Registry, report: IntegrityReport) -> None:
    """Every stream has its aggregate row, and every row's _sequence matches its stream."""
    streams = snapshot.streams()  # stream -> (count, min sequence, max sequence)
    claimed: set[str] = set()
    for aggregate_cls in registry.aggregates.values():
        prefix = aggregate_cls.stream_name("")
        table = snapshot.table_name(aggregate_cls)
        stored = snapshot.stored_sequences(aggregate_cls)
        for stream, (count, first, last) in streams.items():
            if not stream.startswith(prefix):
                continue
            claimed.add(stream)
            aggregate_id = stream[len(prefix):]
            if aggregate_id not in stored:
                report.add("streams", f"{stream} has {count} event(s) but no row in table {table}")
            elif first != 1 or last != count:
                report.add("streams", f"{stream} has sequences {first}..{last} for {count} "
                                      "event(s): they must run 1..n without gaps")
        for aggregate_id, sequence in stored.items():
            count, _first, last = streams.get(prefix + aggregate_id, (0, 0, 0))
            if sequence != count or sequence != last:
                report.add("streams", f"{table} {aggregate_id} has _sequence {sequence}, but its "
                                      f"stream holds {count} event(s) up to sequence {last}")
    for stream in sorted(set(streams) - claimed):
        report.add("streams", f"{stream} belongs to no aggregate of {registry.name}")


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
    """Rebuild each projection in a private copy of the snapshot and compare the rows."""
    projections = [each for each in registry.subscribers if isinstance(each, Projection)]
    if not projections:
        return
    schema = Schema(aggregates=tuple(registry.aggregates.values()),
                    projections=tuple(projections))
    scratch = snapshot.scratch(schema, registry.event_class)
    try:
        for projection in projections:
            _compare_projection(snapshot, scratch, projection, report)
    finally:
        scratch.close()


def _compare_projection(snapshot: Snapshot, scratch: Store, projection: Projection,
                        report: IntegrityReport) -> None:
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
                batch, undecodable = load_handled(scratch, done, through, types)
                projection.receive(scratch, [each for each in batch
                                             if each.position not in skipped])
                done = undecodable.position if undecodable is not None else through
    except BookshelfError as error:
        report.add("projections", f"{projection.name} could not be rebuilt: {error}")
        return
    for table in projection.tables:
        rows = snapshot.rows(table)
        if rows is None:
            report.add("projections", f"{projection.name}: table {table} is missing")
            continue
        stored = Counter(rows)
        rebuilt = Counter(scratch.execute(f'SELECT * FROM "{table}"').fetchall())
        if stored == rebuilt:
            continue
        extra, missing = stored - rebuilt, rebuilt - stored
        message = (f"{projection.name}: table {table} differs from a fresh rebuild "
                   f"({sum(extra.values())} row(s) not in the rebuild, "
                   f"{sum(missing.values())} rebuilt row(s) missing)")
        examples = [f"stored {row}" for row in list(extra)[:EXAMPLES]]
        examples += [f"rebuilt {row}" for row in list(missing)[:EXAMPLES]]
        report.add("projections", "; ".join([message, *examples]))
