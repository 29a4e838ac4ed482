"""The runtime of one database: a session per thread, and the subscribers added at run time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from domain.core.elements import BaseAggregate, BaseCommand
from domain.core.errors import ConfigurationError, IncorrectUsageError
from domain.core.registry import Registry
from domain.core.runtime.repository import Repository
from domain.core.runtime.session import Session
from domain.core.storage import Schema, Store, check_durability, open_store, private_location
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import CallbackSubscriber, Projection, Subscriber


class Runtime:
    """Runs one registry's commands on one database, from any number of threads.

    Nothing is opened until `open()` is called on a thread: that thread's session then
    opens the store (creating or migrating it) and delivers what earlier runs committed
    but did not deliver. `close()` closes the calling thread's session.
    """

    def __init__(self, registry: Registry, location: str, face: object = None,
                 subscribers: Sequence[Subscriber] | None = None,
                 durability: str = "normal") -> None:
        """`subscribers` replaces the registry's handlers and projections for this database
        (a benchmark without projections, a test with a projection of its own).
        `durability`: "normal" (power loss may undo the last commits) or "full" (each commit
        is synced to disk); anything else is a ConfigurationError."""
        if not registry.initialized:
            raise IncorrectUsageError(f"call init() on {registry.name} before opening it")
        self.registry = registry
        self.durability = check_durability(durability)
        self.location = private_location(location)
        self.face = face
        self._declared = registry.subscribers if subscribers is None else tuple(subscribers)
        self._callbacks: tuple[Subscriber, ...] = ()
        self._local = threading.local()
        projections = tuple(each for each in self._declared if isinstance(each, Projection))
        self.schema = Schema(aggregates=tuple(registry.aggregates.values()),
                             projections=projections)

    # -- sessions --------------------------------------------------------------------------

    def open(self) -> Session:
        """This thread's session, opened now if it is not yet (a bad file raises here)."""
        session: Session | None = getattr(self._local, "session", None)
        if session is None:
            session = Session(self.registry, self._open_store, self.subscribers, self.face)
            self._local.session = session
            try:
                session.dispatcher.catch_up()
            except BaseException:
                self.close()
                raise
        return session

    def _open_store(self) -> Store:
        return open_store(self.location, self.schema, self.registry.event_class,
                          self.durability)

    def is_open(self) -> bool:
        """Whether the calling thread has an open session."""
        return getattr(self._local, "session", None) is not None

    def session(self) -> Session:
        """This thread's open session."""
        session: Session | None = getattr(self._local, "session", None)
        if session is None:
            raise IncorrectUsageError(f"{self.location} is not open on this thread")
        return session

    def close(self) -> None:
        """Close the calling thread's session, writing the positions it still holds."""
        session: Session | None = getattr(self._local, "session", None)
        if session is not None:
            self._local.session = None
            session.close()

    # -- subscribers -----------------------------------------------------------------------

    def subscribers(self) -> tuple[Subscriber, ...]:
        """The declared handlers and projections, then the callbacks added here."""
        return (*self._declared, *self._callbacks)

    def subscribe(self, name: str, callback: Callable[[list[StoredEvent]], object]) -> Subscriber:
        """Receive each commit's delivered events as one batch, on the thread that commits."""
        if any(each.name == name for each in self.subscribers()):
            raise ConfigurationError(f"a subscriber named {name} is already registered")
        subscriber = CallbackSubscriber(name, callback)
        # Replaced, not appended to: a delivery in progress keeps iterating the old tuple.
        self._callbacks = (*self._callbacks, subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._callbacks = tuple(each for each in self._callbacks if each is not subscriber)

    # -- running ---------------------------------------------------------------------------

    def process(self, command: BaseCommand) -> object:
        """Run `command` on this thread, in one transaction, then deliver its events."""
        return self.open().runner.run(command)

    def repository_for(self, aggregate_cls: type[BaseAggregate]) -> Repository:
        return self.open().repository_for(aggregate_cls)

    def rebuild_projections(self) -> int:
        """Empty every projection and apply the whole event log again; the last position."""
        return self.open().dispatcher.rebuild()
