"""The exceptions of the programming model, each for one kind of failure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple


class BookshelfError(Exception):
    """Base of every error the domain layer raises on purpose."""


class ValidationError(BookshelfError):
    """Data that breaks a field's rules; `messages` maps each field to its complaints."""

    def __init__(self, messages: dict[str, list[str]]) -> None:
        # A defaultdict stays one: Protean's invariant failures are, and programs print them.
        copied: dict[str, list[str]] = (defaultdict(list) if isinstance(messages, defaultdict)
                                        else {})
        copied.update((field, list(texts)) for field, texts in messages.items())
        self.messages = copied
        super().__init__(self._summary())

    def _summary(self) -> str:
        return "; ".join(f"{field}: {', '.join(texts)}" for field, texts in self.messages.items())


class DomainRuleError(BookshelfError):
    """A business rule refused an operation (confirming a shipped order, say)."""


class IncorrectUsageError(BookshelfError):
    """The programming model was used wrongly: a bug in the calling code."""


class ConfigurationError(BookshelfError):
    """The domain's elements or settings do not fit together."""


class ObjectNotFoundError(BookshelfError):
    """No aggregate is stored under the requested id, or matching find_by's lookups."""


class TooManyObjectsError(BookshelfError):
    """One object was asked for and several match: `find_by` on a repository, or
    `get_one_from_<field>` on an aggregate's HasMany field."""


class NotSupportedError(BookshelfError):
    """An operation the element does not support (Protean's name: a write to a read view)."""


class ExpectedVersionError(BookshelfError):
    """A stale copy of an aggregate was saved after another copy changed it."""


class StorageError(BookshelfError):
    """The database could not be used: a bad file, a locked file, a full disk."""


class CommitOutcomeUnknownError(StorageError):
    """The connection to a database server was lost while a transaction committed: it may
    be stored or not, which only the server can tell once it is reached again (the
    commands on record, looked up by `command_id`: see runtime/unknown_outcomes.py)."""

    def __init__(self, message: str, command_id: str | None = None) -> None:
        super().__init__(message)
        self.command_id = command_id


class CheckNotPossibleError(StorageError):
    """A part of the integrity check cannot run here (a server's role may not create the
    scratch it rebuilds projections in): said as a note, not as damage."""


class DatabaseLockedError(StorageError):
    """Another program holds the database's lock: trying again later may succeed."""


class UndecodableEventError(StorageError):
    """A stored event could not be turned back into an event object: its type is not
    registered, its payload names a field its class does not declare, or a value is refused.
    """

    def __init__(self, position: int, type_name: str, reason: str, event_id: str = "",
                 event_class: type | None = None) -> None:
        self.position = position
        self.type_name = type_name
        self.reason = reason
        self.event_id = event_id
        self.event_class = event_class  # None when no class is registered for type_name
        super().__init__(f"event {position} ({type_name}) cannot be decoded: {reason}")


class MailboxFullError(BookshelfError):
    """The engine's mailbox stayed full for longer than the submit timeout."""


class EngineStoppedError(BookshelfError):
    """A command was submitted to an engine that is not running."""


class HandlerExitError(BookshelfError):
    """A command handler raised SystemExit or KeyboardInterrupt on the engine's thread:
    that command failed and was rolled back; the engine goes on (only stop() stops it)."""


class HandlerFailure(NamedTuple):
    """One subscriber that failed on one committed event: its name, the event's position
    in the log, and what it raised."""

    handler: str
    position: int
    error: BaseException


class HandlersFailedAfterCommit(BookshelfError):
    """In sync event processing, subscribers failed on events that had already committed.

    The command's writes stay committed and every other subscriber ran; each failure is
    recorded for retry. `result` is what the command handler returned (None for a
    repository `add` or a UnitOfWork outside a command); `failures` says who failed, on
    which event, with what.
    """

    def __init__(self, result: object, failures: Sequence[HandlerFailure]) -> None:
        self.result = result
        self.failures = tuple(failures)
        details = "; ".join(
            f"{failure.handler} on event {failure.position}: "
            f"{type(failure.error).__name__}: {failure.error}" for failure in self.failures)
        super().__init__(f"The command was committed; {len(self.failures)} handler(s) "
                         f"failed: {details}")
