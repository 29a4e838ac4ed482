"""The chapter's programming model and the Domain facade over registry, runtime and storage."""

from domain.core.application_service import BaseApplicationService, use_case
from domain.core.context import current_domain
from domain.core.domain_service import BaseDomainService
from domain.core.elements import BaseCommand, BaseEvent
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
    NotSupportedError,
    ObjectNotFoundError,
    StorageError,
    TooManyObjectsError,
    ValidationError,
)
from domain.core.event_sourcing import apply
from domain.core.facade import Domain
from domain.core.fields import (
    Boolean,
    Date,
    DateTime,
    Dict,
    Float,
    HasMany,
    HasOne,
    Identifier,
    Integer,
    List,
    Reference,
    String,
    Text,
    ValueObject,
)
from domain.core.handlers import handle
from domain.core.index import Index
from domain.core.invariants import atomic_change, invariant
from domain.core.metadata import caused_by
from domain.core.process_manager import BaseProcessManager
from domain.core.runtime.projection_repository import ProjectionView as ReadView
from domain.core.runtime.projector import RebuildResult
from domain.core.runtime.queryset import ResultSet
from domain.core.runtime.unit_of_work import UnitOfWork
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Projection

# Protean's names for what is not built here: each raises ConfigurationError when used.
from domain.core.unsupported import (
    BaseUpcaster,
    CausationNode,
    Message,
    Priority,
    given,
    processing_priority,
)

# protean.core.projector: `on` is `handle` for a projector's methods.
on = handle

__all__ = [
    "BaseApplicationService",
    "BaseCommand",
    "BaseDomainService",
    "BaseEvent",
    "BaseProcessManager",
    "BaseUpcaster",
    "CausationNode",
    "Message",
    "NotSupportedError",
    "ReadView",
    "RebuildResult",
    "ResultSet",
    "Boolean",
    "BookshelfError",
    "ConfigurationError",
    "DatabaseLockedError",
    "Date",
    "DateTime",
    "Dict",
    "Domain",
    "DomainRuleError",
    "EngineStoppedError",
    "HandlerExitError",
    "HandlerFailure",
    "HandlersFailedAfterCommit",
    "ExpectedVersionError",
    "Float",
    "HasMany",
    "HasOne",
    "Identifier",
    "IncorrectUsageError",
    "Index",
    "Integer",
    "List",
    "MailboxFullError",
    "ObjectNotFoundError",
    "Priority",
    "Projection",
    "Reference",
    "StorageError",
    "StoredEvent",
    "String",
    "Text",
    "TooManyObjectsError",
    "UnitOfWork",
    "ValidationError",
    "ValueObject",
    "apply",
    "atomic_change",
    "caused_by",
    "current_domain",
    "given",
    "handle",
    "invariant",
    "on",
    "processing_priority",
    "use_case",
]
