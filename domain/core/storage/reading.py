"""The reading part of the storage port: which events to read, and what a reader answers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import NamedTuple

import attrs

from domain.core.storage.row_query import RowQuery
from domain.core.subscriber import Row, SqlValue


def fold(text: str) -> str:
    """`text` with case folded the Unicode way ("CAFÉ" and "café" alike): how a reader
    compares a search that is not plain ASCII, in its query (SQLite is given this function)
    and on an event at hand."""
    return text.casefold()


def fold_ascii(text: str) -> str:
    """`text` with A-Z lowered and nothing else, as SQLite's own lower() does: how a plain
    ASCII search is compared, at a third of the cost of calling `fold` from SQL."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@attrs.frozen
class EventFilter:
    """Which events to read; every part that is set must hold, none is a wildcard.

    `type` is an exact type or its short name: `ItemAdded` keeps `Shop.ItemAdded.v1`.
    `stream` is an exact stream or its short form as the tables show it: `order-1a2b3c4d`
    keeps `shop::order-1a2b3c4d-...`. `text` is a substring of the type, the stream,
    the payload JSON or the metadata JSON, whatever the case (A-Z for an ASCII text,
    Unicode case folding for any other). `since` (included) and `until` (excluded) bound
    the event's timestamp: ISO 8601 in UTC as `datetime.isoformat` writes it, which is
    how timestamps are stored, so that the two compare as text (`moment`).

    A reader answers a filter in its own query language; `accepts` is the same test on an
    event at hand (a live one, say), and the two must agree.
    """

    type: str | None = None
    stream: str | None = None
    text: str = ""
    since: str | None = None
    until: str | None = None

    @staticmethod
    def moment(when: datetime) -> str:
        """`when` as `since` and `until` take it (a naive one is taken as local time)."""
        return when.astimezone(UTC).isoformat()

    @property
    def empty(self) -> bool:
        """Whether every event passes."""
        return not (self.type or self.stream or self.text or self.since or self.until)

    @property
    def type_marker(self) -> str:
        """What a type contains when `type` is its short name: `.BookAdded.v`."""
        return f".{self.type}.v"

    @property
    def stream_marker(self) -> str:
        """What a stream contains when `stream` is its short form: `::order-1a2b3c4d`."""
        return f"::{self.stream}"

    def accepts(self, type_: str, stream: str, payload: str, metadata: str,
                timestamp: str = "") -> bool:
        """Whether an event of this type and stream, with this payload and metadata (as
        JSON text) and timestamp (as stored), passes."""
        if self.since and timestamp < self.since:
            return False
        if self.until and timestamp >= self.until:
            return False
        if self.type and type_ != self.type and self.type_marker not in type_:
            return False
        if self.stream and stream != self.stream and self.stream_marker not in stream:
            return False
        if self.text:
            haystack = " ".join((type_, stream, payload, metadata))
            compare = fold_ascii if self.text.isascii() else fold
            return compare(self.text) in compare(haystack)
        return True


NO_FILTER = EventFilter()


class EventRecord(NamedTuple):
    """One stored event as a reader returns it: payload and metadata still JSON text."""

    position: int
    timestamp: str
    type: str
    stream: str
    payload: str
    metadata: str


class Reader(ABC):
    """Reads the event log and the projections; never writes.

    Each call sees every transaction committed before it started.
    """

    location: str
    # Why the newest commits may be missing from what it reads (a read-only database
    # whose WAL cannot be read), or None when it reads them all.
    unread_commits: str | None = None

    @abstractmethod
    def last_position(self) -> int:
        """The position of the newest event; 0 while the log is empty."""

    @abstractmethod
    def events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
               before: int | None = None, newest_first: bool = False,
               limit: int | None = None) -> list[EventRecord]:
        """Up to `limit` (all when None) events that pass `selection`, with `after` <
        position < `before` (no upper bound when None), in position order: the newest
        first when `newest_first`, so a limit keeps the newest."""

    @abstractmethod
    def event_types(self) -> list[str]:
        """Every event type in the log (a full scan: for a command line, not a window)."""

    @abstractmethod
    def projection_rows(self, table: str, *, order_by: str,
                        equal: Mapping[str, SqlValue] | None = None,
                        above: Mapping[str, SqlValue] | None = None,
                        containing: tuple[Collection[str], str] | None = None,
                        limit: int | None = None) -> list[dict[str, Row]]:
        """The rows of a projection's `table` whose columns equal the values in `equal` and
        exceed those in `above`, ordered by the column `order_by`, as column: value, at
        most `limit`. `containing` (columns, text): one of those columns holds the text,
        taken literally, whatever its ASCII case."""

    # -- a projection table a window at a time ---------------------------------------------

    @abstractmethod
    def count_rows(self, query: RowQuery) -> int:
        """How many rows of the query's table pass its text filter."""

    @abstractmethod
    def rows_at(self, query: RowQuery, offset: int, limit: int) -> list[dict[str, Row]]:
        """Up to `limit` rows in the query's order from the `offset`-th on (0: the first),
        as column: value."""

    @abstractmethod
    def row_index(self, query: RowQuery, key: SqlValue) -> int | None:
        """Where the row whose key column holds `key` stands in the query's order (0: the
        first); None when there is no such row, or it does not pass the filter."""

    @abstractmethod
    def type_counts(self, after: int = 0) -> dict[str, int]:
        """How many events of each type are stored past `after` (a full scan)."""

    @abstractmethod
    def positions(self) -> dict[str, int]:
        """Each subscriber's written position in the log."""

    @abstractmethod
    def failures(self) -> list[dict[str, Row]]:
        """The failed deliveries, by position then subscriber, as column: value."""

    @abstractmethod
    def slow_deliveries(self, limit: int = 100) -> list[dict[str, Row]]:
        """The latest deliveries that ran longer than the slow-handler threshold (those
        still running first), as column: value; `finished` is 0 while one still runs."""

    @abstractmethod
    def stops(self, subscribers: Collection[str]) -> list[dict[str, Row]]:
        """Where each of these projections stopped: its waiting failed delivery just past
        its written position (as `failures` gives it), by subscriber; one small query."""

    @abstractmethod
    def generation(self) -> int:
        """How many rebuilds of projections were swapped in, all told: when it moves, rows
        read before may be gone or different, so whoever shows them reads them again."""

    @abstractmethod
    def changed(self) -> bool:
        """Whether another connection committed since the last call (or since opening)."""

    @abstractmethod
    def close(self) -> None:
        """Let go of the database; calling it again does nothing."""
