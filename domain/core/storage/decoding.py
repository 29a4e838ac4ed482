"""An event read back from any backend: its row's type, payload and metadata as JSON text,
decoded into the event object again, or named as undecodable; and JSON as it is stored."""

from __future__ import annotations

import json

from domain.core.elements import BaseEvent
from domain.core.errors import BookshelfError, UndecodableEventError
from domain.core.metadata import Metadata
from domain.core.storage.port import EventResolver
from domain.core.stored_event import StoredEvent

# json.dumps(value, ensure_ascii=False) builds a new encoder at every call (only the default
# settings have a shared one); a command serializes three or four documents, so one is kept.
# encode() keeps no state between calls: it is safe on every thread.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def as_json(value: object) -> str:
    """JSON as stored: UTF-8 text, so that "Café" is searchable as it is written (the same
    text as json.dumps(value, ensure_ascii=False))."""
    return _ENCODER.encode(value)


def event_row(event: BaseEvent) -> tuple[object, ...]:
    """The values an event is stored with, in the events table's order on either backend:
    id, stream, sequence, type, timestamp, payload and metadata as JSON."""
    metadata = event._metadata
    described = metadata.to_dict()
    return (metadata.id, metadata.stream, metadata.sequence, metadata.type,
            described["timestamp"], as_json(event.to_dict()), as_json(described))


def rebuild(resolve: EventResolver, position: int, type_name: str, payload: str,
            metadata: str) -> StoredEvent:
    """An event object again, with the metadata it was stored with.

    An event that cannot be decoded (a type no class is registered for, a payload field its
    class does not declare, a refused value, text that is not JSON) raises
    UndecodableEventError naming its position, type and why.
    """
    # The event's id is read from its metadata only to name it in an error: an event that
    # decodes has its metadata parsed once (a stream's replay decodes thousands).
    try:
        cls = resolve(type_name)
    except BookshelfError:
        raise UndecodableEventError(position, type_name,
                                    f"no event class {type_name} is registered",
                                    _event_id(metadata)) from None
    try:
        values = json.loads(payload)
        if not isinstance(values, dict):
            raise TypeError("the payload is not a JSON object")
        unknown = sorted(set(values) - set(getattr(cls, "_fields", values)))
        if unknown:
            raise TypeError(f"field {', '.join(unknown)} is not declared by {cls.__name__}")
        event = cls(**values)
        event.__dict__["_metadata"] = Metadata.from_dict(json.loads(metadata), position)
    except (BookshelfError, TypeError, ValueError, KeyError) as error:
        raise UndecodableEventError(position, type_name, str(error), _event_id(metadata),
                                    cls) from None
    return StoredEvent(position, event)


def _event_id(metadata: str) -> str:
    try:
        described = json.loads(metadata)
    except (ValueError, TypeError):  # TypeError: NULL, read from a damaged page
        return ""
    return str(described.get("id", "")) if isinstance(described, dict) else ""
