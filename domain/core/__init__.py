"""The chapter's programming model: elements, the Domain, storage, dispatch and the engine."""

from domain.core.context import current_domain
from domain.core.domain import Domain
from domain.core.errors import (
    BookshelfError,
    ConfigurationError,
    DomainRuleError,
    EngineStoppedError,
    ExpectedVersionError,
    IncorrectUsageError,
    MailboxFullError,
    ObjectNotFoundError,
    StorageError,
    ValidationError,
)
from domain.core.handlers import handle
from domain.core.runtime.subscribers import Projection
from domain.core.storage.sqlite.store import StoredEvent

__all__ = [
    "BookshelfError",
    "ConfigurationError",
    "Domain",
    "DomainRuleError",
    "EngineStoppedError",
    "ExpectedVersionError",
    "IncorrectUsageError",
    "MailboxFullError",
    "ObjectNotFoundError",
    "Projection",
    "StorageError",
    "StoredEvent",
    "ValidationError",
    "current_domain",
    "handle",
]
