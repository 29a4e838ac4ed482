"""The commands on record as the Commands view lists them: newest first, refusals marked."""

from __future__ import annotations

import json

import attrs

from domain.core.storage.commands import REFUSED, WHOLE, CommandRecord
from domain.core.storage.reading import EventFilter, Reader
from domain.readside.short_names import short_id, short_type

# The view lists this many of the newest: each commit reads them again (a few ms).
COMMANDS_SHOWN = 500


@attrs.frozen
class CommandRow:
    """One command on record: `timestamp` in ISO 8601 (UTC), `aggregate` the short name of
    the aggregate its payload names (`order-1a2b3c4d` for an order_id; None for one that
    names none, as a PlaceOrder or an AddBook: their aggregate is made by the command),
    `aggregate_id` that aggregate's id in full, `messages` a refusal's."""

    position: int
    id: str
    type: str
    timestamp: str
    outcome: str
    aggregate: str | None
    aggregate_id: str | None
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
    kind, aggregate_id = _named_aggregate(record.payload) or (None, None)
    aggregate = f"{kind}-{short_id(aggregate_id)}" if aggregate_id else None
    return CommandRow(record.position, record.id, record.type, record.timestamp,
                      record.outcome, aggregate, aggregate_id,
                      refusal_messages(record.errors))


def history_name(reader: Reader, command: CommandRow) -> str | None:
    """What a command's Show history opens, as the History finds it: the first event the
    command raised (its aggregate's history, the version it wrote chosen); for one that
    raised none (a refusal), the aggregate its payload names; None when neither."""
    if not command.refused:
        # Its events name it as their causation: the search index finds them by that id.
        for event in reader.events(EventFilter(text=command.id)):
            metadata = json.loads(event.metadata)
            if metadata.get("causation_id") == command.id:
                return str(metadata["id"])
    return command.aggregate_id


def refusal_messages(errors: str | None) -> tuple[str, ...]:
    """A refusal's messages (CommandRecord.errors), each after its field unless it is about
    the whole command; none for an accepted command."""
    fields: dict[str, list[str]] = json.loads(errors) if errors else {}
    return tuple(message if field == WHOLE else f"{field}: {message}"
                 for field, texts in fields.items() for message in texts)


def _named_aggregate(payload: str) -> tuple[str, str] | None:
    """`("order", "1a2b3c4d-...")` for a payload's `order_id` (any `<name>_id` naming an
    aggregate)."""
    try:
        values = json.loads(payload)
    except ValueError:
        return None  # stored by a release that wrote something else: shown without one
    if not isinstance(values, dict):
        return None
    return next(((field[:-3], value) for field, value in values.items()
                 if field.endswith("_id") and isinstance(value, str) and value), None)
