"""Delivered event rows made by hand, as the bridge hands them to the charts."""

from __future__ import annotations

from domain.bookshelf import BookAdded, OrderConfirmed, OrderPlaced, OrderShipped
from domain.readside import EventRow

PLACED, CONFIRMED, SHIPPED, ADDED = (event._type for event in (
    OrderPlaced, OrderConfirmed, OrderShipped, BookAdded))


def row(event_type: str, stream: str = "book-1", position: int = 1) -> EventRow:
    return EventRow(position, "2026-12-02T09:14:03+00:00", event_type, stream, {}, {})
