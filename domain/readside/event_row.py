"""One event of the log as plain data for the screens and the command line."""

from __future__ import annotations

import json
from typing import Any, NamedTuple, Protocol

from domain.core.storage.reading import EventFilter, EventRecord
from domain.readside.json_tree import JsonNode, Link, Path, json_text, json_tree
from domain.readside.short_names import short_id, short_type
from domain.readside.times import with_zoned_times, zoned_time

SUMMARY_LENGTH = 120
ID_KEYS = ("book_id", "order_id", "item_id")
# What the details' ids lead to: a message's trace, or the events of the stream.
EVENT_LINKS: dict[Path, Link] = {
    ("metadata", "id"): Link.TRACE, ("metadata", "correlation_id"): Link.TRACE,
    ("metadata", "causation_id"): Link.TRACE, ("metadata", "stream"): Link.STREAM}


class DescribedMetadata(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


class DeliveredEvent(Protocol):
    """An event as the engine delivers it (a StoredEvent)."""

    @property
    def position(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def stream(self) -> str: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def metadata(self) -> DescribedMetadata: ...


class EventRow(NamedTuple):
    """One event: its position, when, its type and stream, payload and metadata."""

    position: int
    timestamp: str
    type: str
    stream: str
    payload: dict[str, Any]
    metadata: dict[str, Any]

    @classmethod
    def from_stored(cls, stored: DeliveredEvent) -> EventRow:
        """Convert a delivered event; runs on the engine's thread, so screens get plain data."""
        metadata = stored.metadata.to_dict()
        return cls(stored.position, metadata["timestamp"], stored.type, stored.stream,
                   stored.payload, metadata)

    @classmethod
    def from_record(cls, record: EventRecord) -> EventRow:
        """Convert a stored record (payload and metadata as JSON text)."""
        return cls(record.position, record.timestamp, record.type, record.stream,
                   json.loads(record.payload), json.loads(record.metadata))

    def time_text(self, utc: bool = False) -> str:
        """The timestamp in the local zone (or UTC) with its offset, to the millisecond."""
        return zoned_time(self.timestamp, utc)

    @property
    def type_name(self) -> str:
        """The type's short name, as the tables show it (see short_type)."""
        return short_type(self.type)

    @property
    def summary(self) -> str:
        """The payload in one line: readable fields first, identifiers shortened."""
        parts = [f"{key}={_brief(value)}" for key, value in self.payload.items()
                 if key not in ID_KEYS]
        parts += [f"{key}={short_id(str(value))}" for key, value in self.payload.items()
                  if key in ID_KEYS]
        text = ", ".join(parts)
        return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"

    @property
    def event_id(self) -> str:
        """The event's own id (its message id), as its metadata holds it."""
        return str(self.metadata["id"])

    @property
    def stored_document(self) -> dict[str, Any]:
        """The event as stored: its position, metadata and payload (in the event's field
        order), timestamps in ISO 8601 as written. What Copy as JSON copies."""
        return {"position": self.position, "metadata": self.metadata, "payload": self.payload}

    def document(self, utc: bool = False) -> dict[str, Any]:
        """The event as the details show it: the stored document with its timestamps in
        the local zone (or UTC) with the offset (see with_zoned_times)."""
        return dict(with_zoned_times(self.stored_document, utc))

    def details(self, utc: bool = False) -> str:
        """The document as indented JSON."""
        return json_text(self.document(utc))

    def details_tree(self, utc: bool = False) -> JsonNode:
        """The document as a tree whose ids link to their trace and whose stream links to
        its events (EVENT_LINKS)."""
        return json_tree(self.document(utc), EVENT_LINKS)

    def json_line(self) -> str:
        """One JSON object on one line, as `bookshelf events --json` prints it."""
        return json.dumps({"position": self.position, "type": self.type, "stream": self.stream,
                           "payload": self.payload, "metadata": self.metadata})

    def matches(self, selection: EventFilter) -> bool:
        """The test a reader's query makes (EventFilter.accepts), for a row at hand."""
        if not selection.text:  # the JSON is only searched for a text
            return selection.accepts(self.type, self.stream, "", "", self.timestamp)
        # As stored: UTF-8 JSON (see storage/sqlite/event_log.py).
        return selection.accepts(self.type, self.stream,
                                 json.dumps(self.payload, ensure_ascii=False),
                                 json.dumps(self.metadata, ensure_ascii=False), self.timestamp)


def _brief(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    return str(value)
