"""jsonb's text put back in the order SQLite stored it: an event's payload in its class's
field order, its metadata in Metadata.to_dict's, written as storage.decoding.as_json writes.

jsonb keeps an object's keys shortest first, then byte by byte, whatever order they were
written in. Export must write the same bytes from either backend (issue 16, item 8), and
the text search joins the values in the event's order.
"""

from __future__ import annotations

import json

from domain.core.errors import BookshelfError
from domain.core.storage.decoding import as_json
from domain.core.storage.port import EventResolver

# Metadata.to_dict's keys, in its order (a test holds the two together).
METADATA_KEYS = ("id", "timestamp", "type", "stream", "sequence", "correlation_id",
                 "causation_id")


def payload_text(resolve: EventResolver | None, type_name: str, payload: str) -> str:
    """`payload` (jsonb's text) as the event's class writes it: decoded and written again,
    so that a value object's keys, nested, are in order too. Without a resolver, for a type
    no class is registered for, or a payload its class refuses, jsonb's text as it is."""
    if resolve is None:
        return payload
    try:
        values = json.loads(payload)
        if not isinstance(values, dict):
            return payload
        return as_json(resolve(type_name)(**values).to_dict())
    except (BookshelfError, TypeError, ValueError, KeyError):
        return payload


def metadata_text(metadata: str) -> str:
    """`metadata` (jsonb's text) in Metadata.to_dict's order; keys it does not know after."""
    try:
        values = json.loads(metadata)
    except ValueError:
        return metadata
    if not isinstance(values, dict):
        return metadata
    known = {key: values[key] for key in METADATA_KEYS if key in values}
    return as_json({**known, **values})
