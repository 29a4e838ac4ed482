"""The SQL of the commands on record: one row per command that ran, written in its
transaction (accepted) or after its rollback (refused)."""

from __future__ import annotations

import json
import sqlite3

from domain.core.elements import BaseCommand
from domain.core.storage.commands import ACCEPTED, REFUSED, CommandRecord, refusal_messages
from domain.core.storage.decoding import as_json

RECORD_SQL = (
    "INSERT INTO commands (id, type, timestamp, payload, correlation_id, causation_id, "
    "outcome, error_type, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
# An accepted command binds six values, not nine: the kernel's commands each write one,
# and the record's budget is 0.05 of bench/kernel.py's ratio (the three cost ~1 µs of 7).
ACCEPTED_SQL = (
    "INSERT INTO commands (id, type, timestamp, payload, correlation_id, causation_id, "
    f"outcome) VALUES (?, ?, ?, ?, ?, ?, '{ACCEPTED}')"
)
COLUMNS = ", ".join(CommandRecord._fields)


def record(connection: sqlite3.Connection, command: BaseCommand,
           error: BaseException | None) -> None:
    """Record `command` as accepted (no `error`) or refused with `error`'s messages."""
    metadata = command._metadata
    described = (metadata.id, metadata.type, metadata.timestamp.isoformat(),
                 as_json(command.to_dict()), metadata.correlation_id, metadata.causation_id)
    if error is None:
        connection.execute(ACCEPTED_SQL, described)
        return
    connection.execute(RECORD_SQL, (
        *described, REFUSED, type(error).__name__,
        json.dumps(refusal_messages(error), ensure_ascii=False)))
