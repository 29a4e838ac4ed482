"""Where an aggregate's chains are: the metadata of its latest event, the id of its first."""

from __future__ import annotations

import json

from domain.core.metadata import Metadata
from domain.core.storage.reading import EventFilter, Reader


def latest_metadata(reader: Reader, stream: str) -> Metadata | None:
    """The metadata of the newest event of `stream`, or None when it has none: a command
    created under `caused_by(latest_metadata(...))` carries on the chain of the aggregate's
    last change (the window's Confirm and Ship: one chain from the order's PlaceOrder)."""
    newest = reader.events(EventFilter(stream=stream), newest_first=True, limit=1)
    return Metadata.from_dict(json.loads(newest[0].metadata)) if newest else None


def first_event_id(reader: Reader, stream: str) -> str | None:
    """The id of the oldest event of `stream` (None when it has none): a book's or an
    order's Show trace is the chain that created it (its AddBook's, its PlaceOrder's)."""
    first = reader.events(EventFilter(stream=stream), limit=1)
    return str(json.loads(first[0].metadata)["id"]) if first else None
