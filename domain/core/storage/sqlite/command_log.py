"""The SQL of the commands on record: one row per command that ran, written in its
transaction (accepted) or after its rollback (refused)."""

from __future__ import annotations

import json
import sqlite3

from domain.core.elements import BaseCommand
from domain.core.storage.commands import ACCEPTED, REFUSED, CommandRecord, refusal_messages
from domain.core.storage.sqlite.event_log import as_json

RECORD_SQL = (
    "INSERT INTO commands (id, type, timestamp, payload, correlation_id, causation_id, "
    "outcome, error_type, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
COLUMNS = ", ".join(CommandRecord._fields)


def record(connection: sqlite3.Connection, command: BaseCommand,
           error: BaseException | None) -> None:
    """Record `command` as accepted (no `error`) or refused with `error`'s messages."""
    metadata = command._metadata
    refused = error is not None
    connection.execute(RECORD_SQL, (
        metadata.id, metadata.type, metadata.timestamp.isoformat(),
        as_json(command.to_dict()), metadata.correlation_id, metadata.causation_id,
        REFUSED if refused else ACCEPTED, type(error).__name__ if refused else None,
        json.dumps(refusal_messages(error), ensure_ascii=False) if error is not None else None,
    ))
