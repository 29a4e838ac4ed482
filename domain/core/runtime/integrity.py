"""Whether a store is whole: SQLite's check, streams and aggregates, checkpoints, projections."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from typing import TYPE_CHECKING

import attrs

from domain.core.errors import BookshelfError
from domain.core.runtime.subscribers import Projection
from domain.core.storage.sqlite.connection import last_position, memory_uri
from domain.core.storage.sqlite.store import Store
from domain.core.storage.sqlite.tables import table_name

if TYPE_CHECKING:
    from domain.core.domain import Domain

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
    """The checks that ran and what they found."""

    checks: list[str] = attrs.Factory(list)
    findings: list[Finding] = attrs.Factory(list)

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


def check_integrity(connection: sqlite3.Connection, domain: Domain) -> IntegrityReport:
    """Run every check on `connection` (read-only is enough); nothing is written to it.

    `domain` must be initialised: its aggregates name the tables that streams belong to,
    and its projections are rebuilt in a scratch copy to compare with the stored rows.
    """
    report = IntegrityReport()
    # One read transaction: every check, and the copy the projections are rebuilt in, see
    # the same snapshot even while the application keeps writing.
    started = not connection.in_transaction
    if started:
        connection.execute("BEGIN")
    try:
        _run_checks(connection, domain, report)
    finally:
        if started and connection.in_transaction:
            # Ending a read on a damaged file can fail too; the report already says why.
            with contextlib.suppress(sqlite3.DatabaseError):
                connection.execute("COMMIT")
    return report


def _run_checks(connection: sqlite3.Connection, domain: Domain, report: IntegrityReport
                ) -> None:
    checks = [
        lambda: _check_sqlite(connection, report),
        lambda: _check_streams(connection, domain, report),
        lambda: _check_checkpoints(connection, report),
        lambda: _check_projections(connection, domain, report),
    ]
    for run in checks:
        try:
            run()
        except sqlite3.DatabaseError as error:
            report.add(report.checks[-1], f"SQLite could not read the file: {error}")
        if report.problems and report.checks == ["sqlite"]:
            break  # a damaged file makes every later answer unreliable


def _check_sqlite(connection: sqlite3.Connection, report: IntegrityReport) -> None:
    report.checks.append("sqlite")
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        for row in rows:
            report.add("sqlite", f"PRAGMA integrity_check: {row}")


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def _check_streams(connection: sqlite3.Connection, domain: Domain, report: IntegrityReport) -> None:
    """Every stream has its aggregate row, and every row's _sequence matches its stream."""
    report.checks.append("streams")
    # stream -> (count, min sequence, max sequence)
    streams = {
        stream: (count, first, last)
        for stream, count, first, last in connection.execute(
            "SELECT stream, count(*), min(sequence), max(sequence) FROM events GROUP BY stream"
        )
    }
    existing = _tables(connection)
    claimed: set[str] = set()
    for aggregate_cls in domain.aggregates.values():
        prefix = aggregate_cls.stream_name("")
        table = table_name(aggregate_cls)
        rows = (
            connection.execute(f'SELECT id, _sequence FROM "{table}"').fetchall()
            if table in existing else []
        )
        stored = dict(rows)
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
        report.add("streams", f"{stream} belongs to no aggregate of {domain.name}")


def _check_checkpoints(connection: sqlite3.Connection, report: IntegrityReport) -> None:
    report.checks.append("checkpoints")
    last = last_position(connection)
    for subscriber, position in connection.execute(
        "SELECT subscriber, position FROM checkpoints ORDER BY subscriber"
    ):
        if position > last:
            report.add("checkpoints", f"{subscriber} is at position {position}, past the last "
                                      f"event ({last})")
        elif position < last:
            # Normal while the application runs or after a crash: the next start delivers them.
            report.add("checkpoints", f"{subscriber} has {last - position} event(s) to be "
                                      f"delivered (at {position} of {last})", problem=False)
    parked = connection.execute("SELECT count(*) FROM failures WHERE parked = 1").fetchone()[0]
    waiting = connection.execute("SELECT count(*) FROM failures WHERE parked = 0").fetchone()[0]
    if parked or waiting:
        report.add("checkpoints", f"{parked} parked and {waiting} retrying failed "
                                  "deliveries (see `bookshelf failures`)", problem=False)


def _check_projections(connection: sqlite3.Connection, domain: Domain,
                       report: IntegrityReport) -> None:
    """Rebuild each projection in an in-memory copy of the file and compare the rows."""
    report.checks.append("projections")
    projections = [each for each in domain.subscribers if isinstance(each, Projection)]
    if not projections:
        return
    uri = memory_uri()
    anchor = sqlite3.connect(uri, uri=True, isolation_level=None)  # keeps the copy alive
    try:
        connection.backup(anchor)
        scratch = Store(domain, uri)
        try:
            for projection in projections:
                _compare_projection(connection, scratch, projection, report)
        finally:
            scratch.connection.close()
    finally:
        anchor.close()


def _compare_projection(connection: sqlite3.Connection, scratch: Store, projection: Projection,
                        report: IntegrityReport) -> None:
    row = connection.execute(
        "SELECT position FROM checkpoints WHERE subscriber = ?", (projection.name,)
    ).fetchone()
    applied = row[0] if row else 0
    # Failed events were skipped by the projection; the rebuild skips them as well.
    skipped = {position for (position,) in connection.execute(
        "SELECT position FROM failures WHERE subscriber = ?", (projection.name,)
    )}
    try:
        with scratch.unit_of_work():
            projection.reset(scratch.db)
            done = 0
            while done < applied:
                batch = scratch.load(after=done, limit=REPLAY_PAGE)
                if not batch:
                    break
                projection.deliver(scratch, [each for each in batch if each.position <= applied
                                             and each.position not in skipped])
                done = batch[-1].position
    except (BookshelfError, sqlite3.Error) as error:
        report.add("projections", f"{projection.name} could not be rebuilt: {error}")
        return
    existing = _tables(connection)
    for table in projection.tables:
        if table not in existing:
            report.add("projections", f"{projection.name}: table {table} is missing")
            continue
        stored = Counter(connection.execute(f'SELECT * FROM "{table}"').fetchall())
        rebuilt = Counter(scratch.connection.execute(f'SELECT * FROM "{table}"').fetchall())
        if stored == rebuilt:
            continue
        extra, missing = stored - rebuilt, rebuilt - stored
        message = (f"{projection.name}: table {table} differs from a fresh rebuild "
                   f"({sum(extra.values())} row(s) not in the rebuild, "
                   f"{sum(missing.values())} rebuilt row(s) missing)")
        examples = [f"stored {row}" for row in list(extra)[:EXAMPLES]]
        examples += [f"rebuilt {row}" for row in list(missing)[:EXAMPLES]]
        report.add("projections", "; ".join([message, *examples]))
