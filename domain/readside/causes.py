"""What a person's command follows from: the metadata of an aggregate's latest event."""

from __future__ import annotations

import json

from domain.bookshelf import Order
from domain.core.metadata import Metadata
from domain.core.storage.reading import EventFilter, Reader


def latest_metadata(reader: Reader, stream: str) -> Metadata | None:
    """The metadata of the newest event of `stream`, or None when it has none."""
    newest = reader.events(EventFilter(stream=stream), newest_first=True, limit=1)
    return Metadata.from_dict(json.loads(newest[0].metadata)) if newest else None


def order_cause(reader: Reader, order_id: str) -> Metadata | None:
    """The order's latest event: a ConfirmOrder or ShipOrder created under
    `caused_by(order_cause(...))` carries on the order's correlation, from its PlaceOrder."""
    return latest_metadata(reader, Order.stream_name(order_id))
