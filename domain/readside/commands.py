"""The commands on record as the Commands view lists them: newest first, refusals marked."""

from __future__ import annotations

import json

import attrs

from domain.core.storage.commands import REFUSED, WHOLE, CommandRecord
from domain.core.storage.reading import Reader
from domain.readside.short_names import short_id, short_type

# The view lists this many of the newest: each commit reads them again (a few ms).
COMMANDS_SHOWN = 500


@attrs.frozen
class CommandRow:
    """One command on record: `timestamp` in ISO 8601 (UTC), `aggregate` the short name of
    the aggregate its payload names (`order-1a2b3c4d` for an order_id; None for one that
    names none, as a PlaceOrder or an AddBook: their aggregate is made by the command),
    `messages` a refusal's."""

    position: int
    id: str
    type: str
    timestamp: str
    outcome: str
    aggregate: str | None
    messages: tuple[str, ...]

    @property
    def refused(self) -> bool:
        return self.outcome == REFUSED

    @property
    def short_type(self) -> str:
        return short_type(self.type)


def command_rows(reader: Reader, *, refused_only: bool = False,
                 limit: int = COMMANDS_SHOWN) -> list[CommandRow]:
    """The newest `limit` commands on record, newest first; with `refused_only`, the
    refused ones among them (a bounded read however few were refused)."""
    rows = [command_row(record) for record in reader.commands(limit=limit)]
    return [row for row in rows if row.refused] if refused_only else rows


def command_row(record: CommandRecord) -> CommandRow:
    return CommandRow(record.position, record.id, record.type, record.timestamp,
                      record.outcome, _aggregate(record.payload),
                      refusal_messages(record.errors))


def refusal_messages(errors: str | None) -> tuple[str, ...]:
    """A refusal's messages (CommandRecord.errors), each after its field unless it is about
    the whole command; none for an accepted command."""
    fields: dict[str, list[str]] = json.loads(errors) if errors else {}
    return tuple(message if field == WHOLE else f"{field}: {message}"
                 for field, texts in fields.items() for message in texts)


def _aggregate(payload: str) -> str | None:
    """`order-1a2b3c4d` for a payload's `order_id` (any `<name>_id` naming an aggregate)."""
    try:
        values = json.loads(payload)
    except ValueError:
        return None  # stored by a release that wrote something else: shown without one
    if not isinstance(values, dict):
        return None
    return next((f"{field[:-3]}-{short_id(str(value))}" for field, value in values.items()
                 if field.endswith("_id") and isinstance(value, str) and value), None)
