"""Which command errors the panel that asked says itself, and which the window's dialog shows."""

from __future__ import annotations

from domain.core import (
    DomainRuleError,
    EngineStoppedError,
    ExpectedVersionError,
    MailboxFullError,
    ObjectNotFoundError,
    StorageError,
    ValidationError,
)

# Answers about the user's request itself; anything else is environmental (a dialog) or a bug.
USER_FACING = (DomainRuleError, ValidationError, ObjectNotFoundError, ExpectedVersionError)
# Said in the panel's message area only: the request, or a mailbox too full to take it now.
SHOWN_IN_PANEL = (*USER_FACING, MailboxFullError)
# A full mailbox is not here: the panels say "busy, try again" beside the form instead.
ENVIRONMENTAL = (StorageError, EngineStoppedError)


def is_unexpected(error: BaseException) -> bool:
    """Whether `error` also goes to the window's dialog (storage, a stopped engine, a bug)."""
    return not isinstance(error, SHOWN_IN_PANEL)
