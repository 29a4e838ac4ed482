"""The reading part of the storage port: which events to read, and what a reader answers."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import NamedTuple

import attrs

from domain.core.storage.commands import CommandRecord
from domain.core.storage.port import EventResolver
from domain.core.storage.row_query import RowQuery
from domain.core.storage.search_text import fold, is_id, needs_scan, text_matches
from domain.core.subscriber import Row, SqlValue

__all__ = ["NO_FILTER", "CommandRecord", "EventFilter", "EventRecord", "Reader", "StateRecord",
           "fold"]


@attrs.frozen
class EventFilter:
    """Which events to read; every part that is set must hold, none is a wildcard.

    `type` is an exact type or its short name: `ItemAdded` keeps `Shop.ItemAdded.v1`.
    `stream` is an exact stream, or the start of a stream's name after its context, as
    the tables show it: `order-1a2b3c4d` keeps `shop::order-1a2b3c4d-...`. `text` written
    as a uuid is an id, looked up exactly: the event's own, its correlation or causation
    id, or its aggregate's (the end of its stream). Any other `text` is a substring of the
    event's short type name or of its payload's values but ids (search_text.text_matches),
    folded as search_text.fold does. `since` (included) and `until`
    (excluded) bound the event's timestamp: ISO 8601 in UTC as `datetime.isoformat`
    writes it, which is how timestamps are stored, so that the two compare as text
    (`moment`).

    A reader answers a filter from its search index; `accepts` is the same test on an
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
    def needs_scan(self) -> bool:
        """Whether its text is too short for the text index: only a bounded scan of the
        newest events can answer it (see search_text.needs_scan)."""
        return needs_scan(self.text)

    @property
    def type_marker(self) -> str:
        """What a type contains when `type` is its short name: `.BookAdded.v`."""
        return f".{self.type}.v"

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
        if self.stream and stream != self.stream and not stream.partition("::")[2].startswith(
                self.stream):
            return False
        if self.text:
            if is_id(self.text):
                return self._names_id(stream, metadata)
            return text_matches(self.text, type_, payload)
        return True

    def _names_id(self, stream: str, metadata: str) -> bool:
        if stream.endswith(self.text):
            return True
        try:
            described = json.loads(metadata)
        except ValueError:
            return False
        return isinstance(described, dict) and self.text in (
            described.get("id"), described.get("correlation_id"), described.get("causation_id"))


NO_FILTER = EventFilter()


class EventRecord(NamedTuple):
    """One stored event as a reader returns it: payload and metadata still JSON text."""

    position: int
    timestamp: str
    type: str
    stream: str
    payload: str
    metadata: str


class StateRecord(NamedTuple):
    """An aggregate's state after one write, as recorded with it (schema step 6)."""

    version: int
    sequence: int  # its stream's last sequence after that write
    state: str  # JSON: field name to stored value, an association's rows as lists
    raised_events: bool = True  # False: the write raised no event (its sequence is the last's)


class Reader(ABC):
    """Reads the event log and the projections; never writes.

    Each call sees every transaction committed before it started.
    """

    location: str
    # Why the newest commits may be missing from what it reads (a read-only database
    # whose WAL cannot be read), or None when it reads them all.
    unread_commits: str | None = None
    # Whether it was opened creating no file beside the database (a read-only window): a
    # second reader of the same store, for another thread, opens the same way.
    create_nothing: bool = False
    # Whether it reads the database file alone and sees no later commit (a reader that
    # may create no file, opened while no program had the database open).
    frozen: bool = False
    # How it reads payloads in their class's field order (the registry's event_class), where
    # the backend keeps its own (PostgreSQL's jsonb): a second reader of the same store, for
    # another thread, is opened with it too. None: the backend's text as it is.
    resolve_event: EventResolver | None = None

    def written_since_frozen(self) -> bool:
        """Whether a program opened the database for writing after this frozen reader did
        (its -wal and -shm are there now): a reader opened again would see its commits."""
        return False

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
    def count_events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
                     before: int | None = None) -> int:
        """How many events `events` would return for these arguments (without a limit).
        Its cost grows with the positions between `after` and `before` (or the events
        found there): a caller that must stay quick counts a span at a time."""

    @abstractmethod
    def search_position(self) -> int:
        """How far the search index has read the log: `events` answers a filter from the
        index up to there, and examines newer events one by one (0: no index, or empty)."""

    @abstractmethod
    def event_types(self) -> list[str]:
        """Every event type in the log (from the search index and the events past it; a
        full scan without one)."""

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

    @abstractmethod
    def aggregate_row(self, aggregate: str, aggregate_id: str) -> dict[str, Row] | None:
        """The stored row of the aggregate of class `aggregate` ("Book") and id
        `aggregate_id` as column: value (a value object's column as its JSON text), or
        None. What the aggregate's events do not carry (a book's ISBN and description)
        is read here: the projections have only what the events carried."""

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
    def failure_counts(self) -> tuple[int, int]:
        """How many failed deliveries wait (not skipped by a person), and how many of those
        are parked; one small query."""

    @abstractmethod
    def slow_deliveries(self, limit: int = 100) -> list[dict[str, Row]]:
        """The latest deliveries that ran longer than the slow-handler threshold (those
        still running first), as column: value; `finished` is 0 while one still runs."""

    @abstractmethod
    def stops(self, subscribers: Collection[str]) -> list[dict[str, Row]]:
        """Where each of these projections stopped: its waiting failed delivery just past
        its written position (as `failures` gives it), by subscriber; one small query."""

    @abstractmethod
    def commands(self, *, correlation_id: str | None = None, limit: int | None = 100
                 ) -> list[CommandRecord]:
        """The commands on record, the newest first, at most `limit` (all when None): of
        the correlation `correlation_id` only, when given (none in a file written before
        commands were recorded). A correlation is looked for in every command on record
        (no index is written with them: see the schema's step 5)."""

    @abstractmethod
    def command(self, command_id: str) -> CommandRecord | None:
        """The command on record with this id (the latest run, if it ran twice), or None."""

    @abstractmethod
    def commands_about(self, message_id: str) -> list[CommandRecord]:
        """The commands on record whose id, correlation id or causation id is
        `message_id`, in the order they ran: found through the search index's
        `search_commands` up to where it reached, and among the newer ones one by one."""

    @abstractmethod
    def states(self, stream: str) -> list[StateRecord]:
        """The states recorded for the aggregate of `stream`, in version order (none for
        the versions written before states were recorded, nor in such a file)."""

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
