"""The chapter's programming model and the Domain facade over registry, runtime and storage."""

from domain.core.context import current_domain
from domain.core.errors import (
    BookshelfError,
    ConfigurationError,
    DatabaseLockedError,
    DomainRuleError,
    EngineStoppedError,
    ExpectedVersionError,
    HandlerExitError,
    HandlerFailure,
    HandlersFailedAfterCommit,
    IncorrectUsageError,
    MailboxFullError,
    ObjectNotFoundError,
    StorageError,
    ValidationError,
)
from domain.core.facade import Domain
from domain.core.handlers import handle
from domain.core.runtime.unit_of_work import UnitOfWork
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Projection

__all__ = [
    "BookshelfError",
    "ConfigurationError",
    "DatabaseLockedError",
    "Domain",
    "DomainRuleError",
    "EngineStoppedError",
    "HandlerExitError",
    "HandlerFailure",
    "HandlersFailedAfterCommit",
    "ExpectedVersionError",
    "IncorrectUsageError",
    "MailboxFullError",
    "ObjectNotFoundError",
    "Projection",
    "StorageError",
    "StoredEvent",
    "UnitOfWork",
    "ValidationError",
    "current_domain",
    "handle",
]
