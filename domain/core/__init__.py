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
    IncorrectUsageError,
    MailboxFullError,
    ObjectNotFoundError,
    StorageError,
    TooManyObjectsError,
    ValidationError,
)
from domain.core.facade import Domain
from domain.core.handlers import handle
from domain.core.invariants import atomic_change, invariant
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
    "ExpectedVersionError",
    "IncorrectUsageError",
    "MailboxFullError",
    "ObjectNotFoundError",
    "Projection",
    "StorageError",
    "StoredEvent",
    "TooManyObjectsError",
    "ValidationError",
    "atomic_change",
    "current_domain",
    "handle",
    "invariant",
]
