"""Reading the event log for people: filtered queries, an aligned table, JSON lines."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import attrs

from domain.core.storage.sqlite.event_log import last_position

PAYLOAD_WIDTH = 72
SHORT_ID = 8


@attrs.frozen
class EventRow:
    """One row of the `events` table, as stored."""

    position: int
    type: str
    stream: str
    timestamp: str
    payload: str
    metadata: str


@attrs.frozen
class EventFilter:
    """Which events to show: a type (full or short name), a stream (full or short form)."""

    type: str | None = None
    stream: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses, parameters = ["position > ?"], []
        if self.type:
            # "BookAdded" matches "Bookshelf.BookAdded.v1".
            clauses.append("(type = ? OR type GLOB ?)")
            parameters += [self.type, f"*.{self.type}.v[0-9]*"]
        if self.stream:
            # "order-1a2b3c4d" (as the table shows it) matches "bookshelf::order-1a2b3c4d-...".
            clauses.append("(stream = ? OR stream GLOB ?)")
            parameters += [self.stream, f"*::{self.stream}*"]
        return " AND ".join(clauses), parameters


def select_events(connection: sqlite3.Connection, selection: EventFilter, after: int = 0,
                  limit: int | None = None) -> list[EventRow]:
    where, parameters = selection.where()
    rows = connection.execute(
        f"SELECT position, type, stream, timestamp, payload, metadata FROM events WHERE {where} "
        "ORDER BY position LIMIT ?", [after, *parameters, -1 if limit is None else limit],
    ).fetchall()
    return [EventRow(*row) for row in rows]


def as_json(row: EventRow) -> str:
    return json.dumps({
        "position": row.position, "type": row.type, "stream": row.stream,
        "payload": json.loads(row.payload), "metadata": json.loads(row.metadata),
    })


def short_stream(stream: str) -> str:
    """`bookshelf::order-1a2b3c4d-...` becomes `order-1a2b3c4d`."""
    name = stream.split("::", 1)[-1]
    kind, _, identity = name.partition("-")
    return f"{kind}-{identity[:SHORT_ID]}" if identity else name


def _short_value(value: Any) -> str:
    if isinstance(value, str) and len(value) == 36 and value.count("-") == 4:
        return value[:SHORT_ID]  # a uuid: the first characters tell them apart
    return repr(value) if isinstance(value, str) else json.dumps(value)


def short_payload(payload: str) -> str:
    text = " ".join(f"{key}={_short_value(value)}" for key, value in json.loads(payload).items())
    return text if len(text) <= PAYLOAD_WIDTH else text[:PAYLOAD_WIDTH - 1] + "…"


class EventTable:
    """An aligned table whose column widths are fixed up front, so followed rows line up."""

    def __init__(self, position_width: int = 8, type_width: int = 28) -> None:
        self.position_width = max(position_width, len("position"))
        self.type_width = max(type_width, len("type"))
        self.stream_width = len("order-") + SHORT_ID + 2

    def header(self) -> str:
        return self._line("position", "time", "type", "stream", "payload")

    def line(self, row: EventRow) -> str:
        time = row.timestamp[:19].replace("T", " ")
        return self._line(str(row.position), time, row.type, short_stream(row.stream),
                          short_payload(row.payload))

    def _line(self, position: str, time: str, type_: str, stream: str, payload: str) -> str:
        return (f"{position:>{self.position_width}}  {time:<19}  {type_:<{self.type_width}}  "
                f"{stream:<{self.stream_width}}  {payload}").rstrip()

    @classmethod
    def for_store(cls, connection: sqlite3.Connection) -> EventTable:
        last = last_position(connection)
        types = [row[0] for row in connection.execute("SELECT DISTINCT type FROM events")]
        return cls(position_width=len(str(last)) + 1,
                   type_width=max((len(each) for each in types), default=0))
