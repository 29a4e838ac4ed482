"""Events no class can take back, appended by raw SQL to a real file (issue 9, item 4)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

UNKNOWN_TYPE = "Bookshelf.Unknown.v1"
BOOK_ADDED = "Bookshelf.BookAdded.v1"


def append_raw(path: Path, type_name: str, payload: dict[str, object], stream: str) -> int:
    """Append one event as another program might have; returns its position."""
    with closing(sqlite3.connect(path)) as connection:
        (sequence,) = connection.execute(
            "SELECT coalesce(max(sequence), 0) + 1 FROM events WHERE stream = ?", (stream,)
        ).fetchone()
        event_id = f"raw-{type_name}-{sequence}"
        metadata = {"id": event_id, "timestamp": "2024-01-01T10:00:00+00:00", "type": type_name,
                    "stream": stream, "sequence": sequence, "correlation_id": event_id,
                    "causation_id": None}
        cursor = connection.execute(
            "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event_id, stream, sequence, type_name, metadata["timestamp"], json.dumps(payload),
             json.dumps(metadata)))
        connection.commit()
        return cursor.lastrowid or 0


def append_undecodable(path: Path) -> tuple[int, int]:
    """An event of an unknown type, then a BookAdded with an undeclared field `subtitle`."""
    unknown = append_raw(path, UNKNOWN_TYPE, {"what": "no class takes this"},
                         "bookshelf::unknown-1")
    extra = append_raw(path, BOOK_ADDED, {
        "book_id": "b-raw", "title": "Dune", "author": "Frank Herbert", "price_amount": 9.5,
        "price_currency": "EUR", "subtitle": "Book one"}, "bookshelf::book-b-raw")
    return unknown, extra
