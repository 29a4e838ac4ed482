"""Projectors (`@domain.projector`): @on methods keeping a projection's records, exactly once."""

from __future__ import annotations

from typing import Any

import attrs

from domain.core.context import active, active_domain, current_session
from domain.core.elements import BaseProjection
from domain.core.errors import IncorrectUsageError
from domain.core.handlers import handled_messages
from domain.core.metadata import caused_by
from domain.core.registry import snake_case
from domain.core.runtime.projection_repository import ProjectionRepository, ProjectionView
from domain.core.storage import create_record_table, record_table_name
from domain.core.storage.port import Store
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import DatabaseHandle, Projection, ProjectionStore


class ProjectorDomain:
    """`current_domain` in a projector's @on method: `repository_for(Projection)` reads and
    writes the records through the store delivering the event, so they are written in the
    transaction that moves the projector's position (a rebuild's, in its new tables; the
    integrity check's scratch store, where no domain is active). Anything else is the
    active domain's."""

    def __init__(self, store: Store, outer: object, own: type[BaseProjection]) -> None:
        self._store = store
        self._outer = outer
        self._own = own

    def repository_for(self, element_cls: type) -> object:
        if isinstance(element_cls, type) and issubclass(element_cls, BaseProjection):
            # Its own projection only: another's rebuild would not replay these writes
            # (lost), and its own would apply them again (twice).
            return ProjectionRepository(element_cls, self._store.projection_records(element_cls),
                                        writable=element_cls is self._own)
        return self._domain().repository_for(element_cls)

    def view_for(self, projection_cls: type[BaseProjection]) -> ProjectionView:
        return ProjectionView(projection_cls, self._store.projection_records(projection_cls))

    def _domain(self) -> Any:  # Any: the Domain, defined in the layer above
        if self._outer is None:
            raise IncorrectUsageError("a projector reads and writes projections only here: "
                                      "no domain is active")
        return self._outer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._domain(), name)


class Projector(Projection):
    """A `@domain.projector` class as a projection subscriber: delivered to like every
    projection (its writes and its position in one transaction, in order, exactly once),
    its table that of the projection it keeps."""

    def __init__(self, projector_cls: type, projection_cls: type[BaseProjection],
                 aggregates: tuple[type, ...]) -> None:
        # Named by its projection, which has one projector: `projection.ordersummary`.
        self.name = f"projection.{snake_case(projection_cls.__name__)}"
        self.projector_cls = projector_cls
        self.projection_cls = projection_cls
        self.aggregates = aggregates
        self.instance = projector_cls()
        self.methods = handled_messages(projector_cls)
        self.tables = (record_table_name(projection_cls),)  # type: ignore[misc]

    @property
    def handled_types(self) -> frozenset[str] | None:
        return frozenset(str(getattr(event_cls, "_type", "")) for event_cls in self.methods)

    def create_tables(self, db: DatabaseHandle) -> None:
        create_record_table(db, self.projection_cls)

    def apply(self, store: ProjectionStore, stored: StoredEvent) -> None:
        method = self.methods.get(type(stored.event))
        if method is not None:
            if not isinstance(store, Store):  # delivery always passes a Store (Dispatcher)
                raise TypeError(f"a projector is delivered to by a Store, not {store!r}")
            event = stored.event
            with (active(ProjectorDomain(store, active_domain(), self.projection_cls),
                         current_session()),
                  caused_by(stored.metadata)):
                getattr(self.instance, method)(event)


@attrs.define
class RebuildResult:
    """What `domain.rebuild_projection` did, as Protean's RebuildResult says it."""

    projection_name: str
    projectors_processed: int = 0
    categories_processed: int = 0
    events_dispatched: int = 0
    events_skipped: int = 0
    errors: list[str] = attrs.field(factory=list)

    @property
    def success(self) -> bool:
        return not self.errors
