"""Projectors (`@domain.projector`): @on methods keeping a projection's records, exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import attrs

from domain.core.elements import BaseProjection
from domain.core.handlers import handled_messages
from domain.core.metadata import caused_by
from domain.core.storage import create_record_table, record_table_name
from domain.core.storage.port import Store
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import DatabaseHandle, Projection, ProjectionStore

# The store delivering to a projector on this thread (a rebuild's, while it rebuilds):
# `repository_for(Projection)` in its @on methods writes through it, so its records are
# written in the transaction that moves its position.
_delivering: ContextVar[Store | None] = ContextVar("delivering", default=None)


def delivering_store() -> Store | None:
    """The store delivering to the projector running on this thread, if one is."""
    return _delivering.get()


@contextmanager
def delivering(store: ProjectionStore) -> Iterator[None]:
    if not isinstance(store, Store):  # delivery always passes a Store (see Dispatcher)
        raise TypeError(f"a projector is delivered to by a Store, not {store!r}")
    token = _delivering.set(store)
    try:
        yield
    finally:
        _delivering.reset(token)


class Projector(Projection):
    """A `@domain.projector` class as a projection subscriber: delivered to like every
    projection (its writes and its position in one transaction, in order, exactly once),
    its table that of the projection it keeps."""

    def __init__(self, projector_cls: type, projection_cls: type[BaseProjection],
                 aggregates: tuple[type, ...]) -> None:
        self.name = f"{projector_cls.__module__}.{projector_cls.__qualname__}"
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
            with delivering(store), caused_by(stored.metadata):
                getattr(self.instance, method)(stored.event)


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
