"""Ids, streams and event types shortened the one way every table shows them."""

from __future__ import annotations

SHORT_ID = 8


def short_id(identifier: str) -> str:
    """The first characters of an id (a uuid, say): enough to tell them apart on screen."""
    return identifier[:SHORT_ID]


def short_stream(stream: str) -> str:
    """`bookshelf::order-1a2b3c4d-...` becomes `order-1a2b3c4d`."""
    name = stream.split("::", 1)[-1]
    kind, _, identity = name.partition("-")
    return f"{kind}-{short_id(identity)}" if identity else name


def stream_id(stream: str) -> str:
    """The id of the aggregate a stream is of: `bookshelf::order-1a2b3c4d-...` gives
    `1a2b3c4d-...` in full ("" for a stream of no aggregate's, as `bookshelf::ledger`)."""
    return stream.split("::", 1)[-1].partition("-")[2]


def short_type(event_type: str) -> str:
    """`Domain.SomethingHappened.v1` becomes `SomethingHappened`; other names stay as they are."""
    parts = event_type.split(".")
    return parts[1] if len(parts) == 3 else event_type


def is_uuid(value: object) -> bool:
    """Whether `value` looks like a uuid in text: 36 characters, four dashes."""
    return isinstance(value, str) and len(value) == 36 and value.count("-") == 4
