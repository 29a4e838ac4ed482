"""A store copied into a new one on any backend (issue 16, item 5): every table the target's
schema has, row by row in the order they were written, from one read transaction of the
source, while others go on writing to it; scanned first, so that a value the target cannot
hold stops the copy before anything is written."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

import attrs

from domain.core.errors import StorageError
from domain.core.storage.location import shown
from domain.core.storage.sqlite.search_index import NAME as SEARCH_INDEX

# The search index's tables are each backend's own (FTS5 on SQLite, pg_trgm on
# PostgreSQL): the copy's index is made again from its events when it is first opened.
SEARCH_TABLES = "search_"
# The tables that say which schema version a store is at: the target's own are kept.
SCHEMA_TABLES = ("bookshelf_schema",)
# Problems named before the copy gives up on the rest.
SHOWN_PROBLEMS = 10

Values = tuple[object, ...]


class CopySource(Protocol):
    """One read transaction on the source store."""

    def tables(self) -> dict[str, tuple[str, ...]]:
        """Each table's columns, as they are written (a PostgreSQL table's `_row` left out)."""

    def rows(self, table: str, columns: Sequence[str]) -> Iterator[Values]:
        """The table's rows, those columns, in the order they were written (JSON as text),
        a page at a time."""

    def close(self) -> None: ...


class CopyTarget(Protocol):
    """The new store, its tables made, written in one transaction."""

    location: str
    refuses: bool  # whether any value may be refused (`refused`): the source is scanned

    def tables(self) -> dict[str, tuple[str, ...]]:
        """Each table's columns, in the order they were made (a parent before its children)."""

    def refused(self, table: str, column: str, value: object) -> str | None:
        """Why the target cannot hold `value` in that column; None when it can."""

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Values]) -> None: ...

    def count(self, table: str) -> int: ...

    def type_counts(self) -> dict[str, int]: ...

    def last_position(self) -> int: ...

    def commit(self) -> None: ...

    def discard(self) -> None:
        """Undo the copy: what it wrote, and the tables it made."""


@attrs.frozen
class CopyCounts:
    """What the copy holds, and whether the source holds the same up to its last event."""

    events: int
    last_position: int
    by_type: dict[str, int]
    source_by_type: dict[str, int]
    table_problems: tuple[str, ...] = ()

    @property
    def problems(self) -> list[str]:
        found = list(self.table_problems)
        if self.events != self.last_position:
            found.append(f"the copy has {self.events:,} events up to position "
                         f"{self.last_position:,}: some are missing")
        if self.by_type != self.source_by_type:
            found.append(f"the copy's events by type {self.by_type} differ from the "
                         f"source's up to position {self.last_position:,}: "
                         f"{self.source_by_type}")
        return found


def copied_tables(source: CopySource, target: CopyTarget) -> list[tuple[str, tuple[str, ...]]]:
    """The tables both stores have (the target's columns the source has too), in the
    target's order; not the search index's or the schema version's."""
    theirs = source.tables()
    found = []
    for table, columns in target.tables().items():
        if table.startswith(SEARCH_TABLES) or table in SCHEMA_TABLES or table not in theirs:
            continue
        found.append((table, tuple(each for each in columns if each in theirs[table])))
    return found


class Refuses(Protocol):
    """Says why a value cannot be held (a target, or its rules before it is made)."""

    def refused(self, table: str, column: str, value: object) -> str | None: ...


def source_tables(source: CopySource) -> list[tuple[str, tuple[str, ...]]]:
    """The tables of the source a copy reads (not the search index's or the schema's)."""
    return [(table, tuple(columns)) for table, columns in source.tables().items()
            if not table.startswith(SEARCH_TABLES) and table not in SCHEMA_TABLES]


def refusals(source: CopySource, target: Refuses,
             tables: Sequence[tuple[str, tuple[str, ...]]]) -> list[str]:
    """Every value of the source the target cannot hold, by event position (or by table
    and row), at most SHOWN_PROBLEMS and a count of the rest."""
    found: list[str] = []
    more = 0
    for table, columns in tables:
        for number, row in enumerate(source.rows(table, columns), start=1):
            for column, value in zip(columns, row, strict=True):
                why = target.refused(table, column, value)
                if why is None:
                    continue
                if len(found) < SHOWN_PROBLEMS:
                    where = (f"event {row[columns.index('position')]}" if table == "events"
                             else f"table {table}, row {number}")
                    found.append(f"{where}, {column}: {why}")
                else:
                    more += 1
    return found + ([f"and {more} more"] if more else [])


def holds_nul(value: object, json_text: bool) -> bool:
    """Whether `value` holds the character U+0000 (in JSON text, escaped as \\u0000 too),
    which PostgreSQL's text and jsonb cannot hold."""
    if not isinstance(value, str):
        return False
    if "\x00" in value:
        return True
    if not json_text or "\\u0000" not in value:
        return False
    try:  # the escape may be text itself ("\\u0000" is a backslash and "u0000")
        return _nul_inside(json.loads(value))
    except ValueError:
        return False


def _nul_inside(value: object) -> bool:
    """Whether decoded JSON holds U+0000 in a string, a key or a value, at any depth."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_nul_inside(key) or _nul_inside(each) for key, each in value.items())
    if isinstance(value, list):
        return any(_nul_inside(each) for each in value)
    return False


@attrs.define
class _Tally:
    """The rows read of one table as they go by, and the events' types."""

    table: str
    columns: tuple[str, ...]
    skip_positions: Sequence[str]
    by_type: dict[str, int]
    read: int = 0

    def counted(self, rows: Iterator[Values]) -> Iterator[Values]:
        for row in rows:
            if self.table == "checkpoints" and row[
                    self.columns.index("subscriber")] in self.skip_positions:
                continue
            if self.table == "events":
                kind = str(row[self.columns.index("type")])
                self.by_type[kind] = self.by_type.get(kind, 0) + 1
            self.read += 1
            yield row


def copy_tables(source: CopySource, target: CopyTarget, skip_positions: Sequence[str],
                scanned: bool = False) -> CopyCounts:
    """Scan (unless the source was `scanned` before the target was made), then copy every
    table both have into `target` and commit; the counts to verify.

    `skip_positions`: subscribers whose position is not copied (their tables are made
    again in the target). StorageError, the target discarded, when anything is refused.
    """
    try:
        tables = copied_tables(source, target)
        refused = refusals(source, target, tables) if target.refuses and not scanned else []
        if refused:
            raise StorageError(f"{shown(target.location)} cannot hold what the source "
                               f"stores: {'; '.join(refused)}. Nothing was copied.")
        source_by_type: dict[str, int] = {}
        problems = []
        for table, columns in tables:
            tally = _Tally(table, columns, skip_positions, source_by_type)
            target.insert(table, columns, tally.counted(source.rows(table, columns)))
            written = target.count(table)
            if written != tally.read:
                problems.append(f"table {table}: {written:,} row(s) copied of {tally.read:,}")
        by_type = target.type_counts()
        last = target.last_position()
        target.commit()
    except BaseException:
        target.discard()
        raise
    return CopyCounts(events=sum(by_type.values()), last_position=last, by_type=by_type,
                      source_by_type=source_by_type, table_problems=tuple(problems))


__all__ = ["SEARCH_INDEX", "CopyCounts", "CopySource", "CopyTarget", "copy_tables", "holds_nul"]
