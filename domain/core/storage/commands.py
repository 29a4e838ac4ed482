"""Commands on record: what a command that ran came to, as stored and as read back."""

from __future__ import annotations

from typing import NamedTuple

from domain.core.errors import ValidationError

ACCEPTED = "accepted"
REFUSED = "refused"
# Where a refusal's message goes when it names no field: Protean's key for the whole entity.
WHOLE = "_entity"


def refusal_messages(error: BaseException) -> dict[str, list[str]]:
    """A refused command's error messages by field: a ValidationError's own, any other
    error's text under WHOLE (its class's name when it has no text)."""
    if isinstance(error, ValidationError):
        return error.messages
    return {WHOLE: [str(error) or type(error).__name__]}


class CommandRecord(NamedTuple):
    """One command on record as a reader returns it: payload and errors still JSON text.

    `errors` is None for an accepted command; for a refused one it maps fields (or WHOLE)
    to messages, and `error_type` names the exception's class.
    """

    position: int
    id: str
    type: str
    timestamp: str
    payload: str
    correlation_id: str | None
    causation_id: str | None
    outcome: str
    error_type: str | None
    errors: str | None
