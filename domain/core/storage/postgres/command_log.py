"""The commands on record on PostgreSQL: numbered as the events are, after the largest
committed position under the append lock the unit of work holds (store.py)."""

from __future__ import annotations

import json
from typing import Protocol

from domain.core.elements import BaseCommand
from domain.core.storage.commands import ACCEPTED, REFUSED, refusal_messages
from domain.core.storage.decoding import as_json
from domain.core.subscriber import SqlParameters

RECORD_SQL = (
    "INSERT INTO commands (position, id, type, timestamp, payload, correlation_id,"
    " causation_id, outcome, error_type, errors) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?,"
    " ?::jsonb)")


class Defers(Protocol):
    def defer(self, sql: str, parameters: SqlParameters = ()) -> None: ...


def record(store: Defers, position: int, command: BaseCommand,
           error: BaseException | None) -> None:
    """Record `command` at `position`, accepted (no `error`) or refused with `error`'s
    messages."""
    metadata = command._metadata
    described = (position, metadata.id, metadata.type, metadata.timestamp.isoformat(),
                 as_json(command.to_dict()), metadata.correlation_id, metadata.causation_id)
    if error is None:
        store.defer(RECORD_SQL, (*described, ACCEPTED, None, None))
        return
    store.defer(RECORD_SQL, (*described, REFUSED, type(error).__name__,
                               json.dumps(refusal_messages(error), ensure_ascii=False)))
