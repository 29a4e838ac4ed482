"""A reader over a list of records in memory, so the read side is tested without a file."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any

from domain.core.storage.reading import (
    NO_FILTER,
    CommandRecord,
    EventFilter,
    EventRecord,
    Reader,
    StateRecord,
)
from domain.core.storage.row_query import RowQuery

TIMESTAMP = "2026-01-02T03:04:05.678000+00:00"


def record(position: int, type_: str = "Bookshelf.BookAdded.v1", stream: str = "",
           **payload: Any) -> EventRecord:
    stream = stream or f"bookshelf::book-{position:08d}-0000-4000-8000-000000000000"
    metadata = {"id": f"event-{position}", "timestamp": TIMESTAMP, "type": type_,
                "stream": stream, "sequence": 1}
    return EventRecord(position, TIMESTAMP, type_, stream,
                       json.dumps(payload or {"title": f"Book {position}"}), json.dumps(metadata))


ORDER = "bookshelf::order-0f0f0f0f-0000-4000-8000-000000000000"


def order_event(position: int, sequence: int, cause: str, type_: str = "OrderConfirmed"
                ) -> EventRecord:
    """An event of the order ORDER, its `sequence`-th, raised by the command `cause`."""
    metadata = {"id": f"event-{position}", "sequence": sequence, "causation_id": cause,
                "stream": ORDER}
    return EventRecord(position, TIMESTAMP, f"Bookshelf.{type_}.v1", ORDER, "{}",
                       json.dumps(metadata))


class MemoryReader(Reader):
    """The events appended to it, read as a SQL reader reads them (EventFilter.accepts)."""

    def __init__(self, records: list[EventRecord] | None = None) -> None:
        self.location = ":memory:"
        self.records: list[EventRecord] = list(records or [])
        self.queries = 0
        self.counts: list[tuple[int, int | None]] = []  # the spans counted, in turn
        self.indexed: int | None = None  # how far its search index read; None: all of it
        self.commands_on_record: list[CommandRecord] = []
        self.states_on_record: dict[str, list[StateRecord]] = {}

    def add(self, count: int, **payload: Any) -> None:
        """`count` BookAdded events more."""
        start = self.last_position() + 1
        self.records += [record(position, **payload) for position in range(start, start + count)]

    def last_position(self) -> int:
        return self.records[-1].position if self.records else 0

    def events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
               before: int | None = None, newest_first: bool = False,
               limit: int | None = None) -> list[EventRecord]:
        self.queries += 1
        found = self._passing(selection, after, before)
        if newest_first:
            found.reverse()
        return found if limit is None else found[:limit]

    def count_events(self, selection: EventFilter = NO_FILTER, *, after: int = 0,
                     before: int | None = None) -> int:
        self.counts.append((after, before))
        return len(self._passing(selection, after, before))

    def _passing(self, selection: EventFilter, after: int,
                 before: int | None) -> list[EventRecord]:
        return [each for each in self.records
                if after < each.position and (before is None or each.position < before)
                and selection.accepts(each.type, each.stream, each.payload, each.metadata,
                                      each.timestamp)]

    def search_position(self) -> int:
        return self.last_position() if self.indexed is None else self.indexed

    def event_types(self) -> list[str]:
        return sorted({each.type for each in self.records})

    def projection_rows(self, table: str, *, order_by: str,
                        equal: Mapping[str, Any] | None = None,
                        above: Mapping[str, Any] | None = None,
                        containing: tuple[Collection[str], str] | None = None,
                        limit: int | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def aggregate_row(self, aggregate: str, aggregate_id: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def count_rows(self, query: RowQuery) -> int:
        raise NotImplementedError

    def rows_at(self, query: RowQuery, offset: int, limit: int) -> list[dict[str, Any]]:
        raise NotImplementedError

    def row_index(self, query: RowQuery, key: Any) -> int | None:
        raise NotImplementedError

    def type_counts(self, after: int = 0) -> dict[str, int]:
        return dict(Counter(each.type for each in self.records if each.position > after))

    def positions(self) -> dict[str, int]:
        return {}  # nothing is delivered from a list in memory

    def failures(self) -> list[dict[str, Any]]:
        return []

    def failure_counts(self) -> tuple[int, int]:
        return 0, 0

    def slow_deliveries(self, limit: int = 100) -> list[dict[str, Any]]:
        return []

    def stops(self, subscribers: Collection[str]) -> list[dict[str, Any]]:
        return []

    def commands(self, *, correlation_id: str | None = None, limit: int | None = 100
                 ) -> list[CommandRecord]:
        found = [each for each in reversed(self.commands_on_record)
                 if correlation_id is None or each.correlation_id == correlation_id]
        return found if limit is None else found[:limit]

    def command(self, command_id: str) -> CommandRecord | None:
        return next((each for each in reversed(self.commands_on_record)
                     if each.id == command_id), None)

    def states(self, stream: str) -> list[StateRecord]:
        return sorted(self.states_on_record.get(stream, []))

    def commands_about(self, message_id: str) -> list[CommandRecord]:
        return [each for each in self.commands_on_record
                if message_id in (each.id, each.correlation_id, each.causation_id)]

    def generation(self) -> int:
        return 0  # no projection is rebuilt in a list in memory

    def changed(self) -> bool:
        return False

    def close(self) -> None:
        pass
