"""Events as plain rows for the screens: built on the worker or read from the store, no Qt."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from domain.core.storage.sqlite.store import StoredEvent

SUMMARY_LENGTH = 120
ID_KEYS = ("book_id", "order_id", "item_id")


class EventRow(NamedTuple):
    """One event of the log, as the event log and its details show it."""

    position: int
    timestamp: str
    type: str
    stream: str
    payload: dict[str, Any]
    metadata: dict[str, Any]

    @classmethod
    def from_stored(cls, stored: StoredEvent) -> EventRow:
        """Convert a delivered event; runs on the worker thread, so the GUI gets plain data."""
        metadata = stored.metadata.to_dict()
        return cls(stored.position, metadata["timestamp"], stored.type, stored.stream,
                   stored.payload, metadata)

    @classmethod
    def from_record(cls, record: tuple[int, str, str, str, str, str]) -> EventRow:
        """Convert a row of the `events` table (position, timestamp, type, stream, payload,
        metadata)."""
        position, timestamp, type_, stream, payload, metadata = record
        return cls(position, timestamp, type_, stream, json.loads(payload), json.loads(metadata))

    @property
    def time_text(self) -> str:
        """The timestamp in the local zone, to the millisecond."""
        return local_time(self.timestamp, millis=True)

    @property
    def type_name(self) -> str:
        """`BookAdded` for `Bookshelf.BookAdded.v1`."""
        return short_type(self.type)

    @property
    def summary(self) -> str:
        """The payload in one line: readable fields first, identifiers shortened."""
        parts = [f"{key}={_brief(value)}" for key, value in self.payload.items()
                 if key not in ID_KEYS]
        parts += [f"{key}={str(value)[:8]}" for key, value in self.payload.items()
                  if key in ID_KEYS]
        text = ", ".join(parts)
        return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"

    def details(self) -> str:
        """Metadata and payload as indented JSON, for the details pane."""
        return json.dumps({"position": self.position, "metadata": self.metadata,
                           "payload": self.payload}, indent=2, ensure_ascii=False)

    def matches(self, event_type: str | None, text: str) -> bool:
        """The same test the store's query makes (see ReadStore.events_page), for live rows."""
        if event_type and self.type != event_type:
            return False
        if not text:
            return True
        haystack = " ".join((self.type, self.stream, json.dumps(self.payload),
                             json.dumps(self.metadata)))
        return text.lower() in haystack.lower()


def local_time(iso: str, millis: bool = False) -> str:
    """An ISO timestamp (UTC) in the local zone, as the tables show it."""
    moment = datetime.fromisoformat(iso).astimezone()
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d}" if millis else text


def short_type(event_type: str) -> str:
    parts = event_type.split(".")
    return parts[1] if len(parts) == 3 else event_type


def _brief(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    return str(value)
