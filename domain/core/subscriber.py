"""The consumers of delivered events: handler classes, callbacks, and projections."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Protocol

from domain.core.handlers import handled_messages, handler_methods
from domain.core.metadata import caused_by
from domain.core.stored_event import StoredEvent

# A value SQL stores and binds: what a statement's parameters are made of.
SqlValue = str | int | float | bytes | None
SqlParameters = Sequence[SqlValue] | Mapping[str, SqlValue]
# A row as a DB-API cursor gives it: its shape is the statement's, known only to the
# caller (sqlite3 itself types rows as `Any`), so callers say what their SELECT returns.
Row = Any
# The storage adapter's own database handle (for SQLite, a `sqlite_utils.Database`), which
# the core may not import; projections declare their parameter as that class, so it is
# `Any` here (a narrower type would make their overrides incompatible).
DatabaseHandle = Any


class Cursor(Protocol):
    """The rows of one statement (a DB-API cursor)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Row: ...

    def fetchall(self) -> list[Row]: ...

    def __iter__(self) -> Iterator[Row]: ...


class ProjectionStore(Protocol):
    """What a projection writes its rows with: the store of the delivering thread."""

    def execute(self, sql: str, parameters: SqlParameters = ()) -> Cursor: ...


class Subscriber:
    """Receives events in global order; its delivered position is kept under `name`."""

    name: str = ""
    # A stateful subscriber writes its state and its position in one transaction of its
    # own, so it applies every event exactly once; the others get each event at least once.
    stateful: ClassVar[bool] = False
    # Delivered on a lane of its own by the engine, not with the projections and the
    # window's feed, which then never wait for it.
    own_lane: ClassVar[bool] = False
    # On its own lane: once a commit is waiting, wait this long for more and take them all
    # at once. Fewer, larger transactions, each taking the write lock from the commands
    # once, for a lag of about this much.
    gather_s: ClassVar[float] = 0.0

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        raise NotImplementedError


class HandlerSubscriber(Subscriber):
    """An @event_handler class: each event goes to the methods that handle its class, in
    the order they are defined; one that raises fails the delivery, and a retry runs them
    all again (at least once)."""

    def __init__(self, handler_cls: type) -> None:
        self.name = f"{handler_cls.__module__}.{handler_cls.__qualname__}"
        instance = handler_cls()
        self.methods = {
            message_cls: [getattr(instance, name) for name in names]
            for message_cls, names in handler_methods(handler_cls).items()
        }

    def handles(self, stored: StoredEvent) -> bool:
        return type(stored.event) in self.methods

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        # Commands issued by the handler name this event as their cause.
        with caused_by(batch[0].metadata):
            for method in self.methods.get(type(batch[0].event), ()):
                method(batch[0].event)


class CallbackSubscriber(Subscriber):
    """A function that takes each commit's delivered events as one batch (the desktop bridge)."""

    def __init__(self, name: str, callback: Callable[[list[StoredEvent]], object]) -> None:
        self.name = name
        self.callback = callback

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        self.callback(batch)


class Projection(Subscriber):
    """A read model built from events, in tables of its own, rebuilt from the log on demand.

    Its methods marked `@handle(EventClass)` apply the events of that class, as a Protean
    projector's `@on(EventClass)` methods do: `method(store, stored)`. Delivery passes
    over the events of other types without decoding them, so an event no class takes
    stops only the projections that handle its type. A projection that marks no method
    handles every event, in an `apply` of its own.

    `create_tables` and `reset` receive the storage adapter's database handle (for SQLite,
    a `sqlite_utils.Database`); `apply` writes through the delivering store's `execute`.
    """

    stateful = True
    tables: ClassVar[tuple[str, ...]] = ()
    # Each handled event class and the name of its method, from the @handle marks.
    handlers: ClassVar[Mapping[type, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.handlers = {**cls.handlers, **handled_messages(cls)}

    @property
    def handled_types(self) -> frozenset[str] | None:
        """The stored type names it applies ("Bookshelf.BookAdded.v1"), None for all."""
        if not self.handlers:
            return None
        return frozenset(str(getattr(event_cls, "_type", "")) for event_cls in self.handlers)

    def create_tables(self, db: DatabaseHandle) -> None:
        raise NotImplementedError

    def apply(self, store: ProjectionStore, stored: StoredEvent) -> None:
        """Apply one event with the method that handles its class (none: nothing to do)."""
        method = self.handlers.get(type(stored.event))
        if method is not None:
            getattr(self, method)(store, stored)

    def receive(self, store: ProjectionStore, batch: list[StoredEvent]) -> None:
        for stored in batch:
            self.apply(store, stored)

    def reset(self, db: DatabaseHandle) -> None:
        for name in self.tables:
            db.execute(f'DELETE FROM "{name}"')
