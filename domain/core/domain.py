"""The Domain: registry of elements, configuration, storage per thread, and `process`."""

from __future__ import annotations

import atexit
import logging
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from domain.core import context
from domain.core.elements import (
    BaseAggregate,
    BaseCommand,
    BaseEntity,
    BaseEvent,
    BaseValueObject,
    build_element,
)
from domain.core.errors import ConfigurationError, IncorrectUsageError
from domain.core.fields import HasMany
from domain.core.handlers import handled_messages
from domain.core.metadata import caused_by
from domain.core.runtime.dispatcher import Dispatcher
from domain.core.runtime.repository import Repository
from domain.core.runtime.subscribers import (
    CallbackSubscriber,
    HandlerSubscriber,
    Projection,
    Subscriber,
)
from domain.core.storage.sqlite.connection import MEMORY, memory_uri
from domain.core.storage.sqlite.store import Store, StoredEvent
from domain.core.storage.sqlite.tables import ElementTable

log = logging.getLogger(__name__)


def _caller_name() -> str:
    module = sys._getframe(2).f_globals.get("__name__", "domain")
    if module == "__main__":
        module = Path(sys.argv[0]).stem or "domain"
    return module.rsplit(".", 1)[-1]


class Domain:
    """Everything one bounded context declares, and the machinery that runs it."""

    def __init__(self, name: str | None = None) -> None:
        self.name = name or _caller_name()
        self.camel_name = "".join(part[:1].upper() + part[1:]
                                  for part in re.split(r"[^0-9A-Za-z]+", self.name) if part)
        self.normalized_name = re.sub(r"[^0-9a-z]+", "_", self.name.lower()).strip("_")
        self.config: dict[str, Any] = {
            "command_processing": "sync",
            "event_processing": "sync",
            "database": MEMORY,
            "mailbox_size": 10_000,
            "group_commit": 100,
            "mailbox_full": "block",  # or "fail"
            "submit_timeout": 5.0,
        }
        self.aggregates: dict[str, type] = {}
        self.entities: dict[str, type] = {}
        self.value_objects: dict[str, type] = {}
        self.events: dict[str, type] = {}
        self.commands: dict[str, type] = {}
        self.command_handler_classes: list[type] = []
        self.event_handler_classes: list[type] = []
        self.subscribers: list[Subscriber] = []
        self._command_handlers: dict[type, Callable[[Any], Any]] = {}
        self._events_by_type: dict[str, type] = {}
        self._tables: dict[type, ElementTable] = {}
        self._repositories: dict[type, Repository] = {}
        self._local = threading.local()
        self._memory_anchor: str | None = None
        self._engine: Any = None
        self._engine_lock = threading.Lock()
        self.initialized = False

    # -- declaring elements ------------------------------------------------------------

    def _register(self, registry: dict[str, type], base: type, cls: type | None,
                  part_of: type | None, **_: Any) -> Any:
        def wrap(target: type) -> type:
            element = build_element(target, base, self, part_of=part_of)
            registry[element.__name__] = element
            return element

        return wrap(cls) if cls is not None else wrap

    def aggregate(self, cls: type | None = None, **options: Any) -> Any:
        return self._register(self.aggregates, BaseAggregate, cls, None, **options)

    def entity(self, cls: type | None = None, *, part_of: type, **options: Any) -> Any:
        return self._register(self.entities, BaseEntity, cls, part_of, **options)

    def value_object(self, cls: type | None = None, **options: Any) -> Any:
        return self._register(self.value_objects, BaseValueObject, cls, None, **options)

    def event(self, cls: type | None = None, *, part_of: type, **options: Any) -> Any:
        return self._register(self.events, BaseEvent, cls, part_of, **options)

    def command(self, cls: type | None = None, *, part_of: type, **options: Any) -> Any:
        return self._register(self.commands, BaseCommand, cls, part_of, **options)

    def command_handler(self, cls: type | None = None, *, part_of: type, **_: Any) -> Any:
        def wrap(target: type) -> type:
            target._part_of = part_of
            self.command_handler_classes.append(target)
            return target

        return wrap(cls) if cls is not None else wrap

    def event_handler(self, cls: type | None = None, *, part_of: type, **_: Any) -> Any:
        def wrap(target: type) -> type:
            target._part_of = part_of
            self.event_handler_classes.append(target)
            return target

        return wrap(cls) if cls is not None else wrap

    def register_projection(self, projection: Projection) -> Projection:
        self._add_subscriber(projection)
        return projection

    def subscribe(self, name: str, callback: Callable[[list[StoredEvent]], Any]) -> Subscriber:
        """Receive each commit's delivered events as one batch, on the thread that commits."""
        return self._add_subscriber(CallbackSubscriber(name, callback))

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers = [each for each in self.subscribers if each is not subscriber]

    def _add_subscriber(self, subscriber: Subscriber) -> Subscriber:
        if any(each.name == subscriber.name for each in self.subscribers):
            raise ConfigurationError(f"a subscriber named {subscriber.name} is already registered")
        # Replaced, not appended to: a dispatch in progress keeps iterating the old list.
        self.subscribers = [*self.subscribers, subscriber]
        return subscriber

    # -- init ----------------------------------------------------------------------------

    def init(self, traverse: bool = False) -> None:
        """Resolve names, wire handlers, and prepare storage; `traverse` is accepted, unused.

        Events are delivered after the commit on the thread that committed: the caller's
        in sync command processing, the engine's worker in async command processing.
        """
        for setting in ("command_processing", "event_processing"):
            if self.config[setting] not in ("sync", "async"):
                raise ConfigurationError(f"{setting} must be 'sync' or 'async'")
        everything = {**self.aggregates, **self.entities, **self.value_objects}
        for element in [*self.aggregates.values(), *self.entities.values()]:
            for field in element._fields.values():
                if isinstance(field, HasMany):
                    field.resolver = lambda name, known=everything: self._resolve(name, known)
                    field.entity_cls  # noqa: B018  (resolves now, so a typo fails at init)
        self._events_by_type = {event._type: event for event in self.events.values()}
        self._command_handlers = {}
        for handler_cls in self.command_handler_classes:
            instance = handler_cls()
            for command_cls, method_name in handled_messages(handler_cls).items():
                if command_cls in self._command_handlers:
                    raise ConfigurationError(f"{command_cls.__name__} has two handlers")
                self._command_handlers[command_cls] = getattr(instance, method_name)
        names = {each.name for each in self.subscribers}
        for handler_cls in self.event_handler_classes:
            subscriber = HandlerSubscriber(handler_cls)
            if subscriber.name not in names:
                self._add_subscriber(subscriber)
        self._tables = {cls: ElementTable(cls) for cls in self.aggregates.values()}
        self._repositories = {}
        # Each init() of an in-memory domain starts from an empty database.
        self._memory_anchor = memory_uri() if self.config["database"] == MEMORY else None
        self.initialized = True

    @staticmethod
    def _resolve(name: str, known: dict[str, type]) -> type:
        if name not in known:
            raise ConfigurationError(f"HasMany names {name!r}, which is not registered")
        return known[name]

    def create_tables(self, db: sqlite_utils.Database) -> None:
        for table in self._tables.values():
            table.create(db)
        for subscriber in self.subscribers:
            if isinstance(subscriber, Projection):
                subscriber.create_tables(db)

    def event_types(self) -> tuple[str, ...]:
        """The type names ("<Domain>.<Event>.v1") of every registered event."""
        return tuple(event._type for event in self.events.values())

    def event_class(self, type_name: str) -> type:
        try:
            return self._events_by_type[type_name]
        except KeyError:
            raise ConfigurationError(f"no event of type {type_name} is registered") from None

    # -- storage, one connection per thread ------------------------------------------------

    @property
    def location(self) -> str:
        database = self.config["database"]
        if database == MEMORY:
            return self._memory_anchor or MEMORY
        return str(database)

    @property
    def store(self) -> Store:
        """This thread's store, opened on first use (connections never cross threads)."""
        store = getattr(self._local, "store", None)
        if store is None:
            if not self.initialized:
                raise IncorrectUsageError("call domain.init() before using storage")
            store = Store(self, self.location)
            self._local.store = store
            self._local.dispatcher = Dispatcher(self, store)
            self._local.dispatcher.catch_up()
        return store

    @property
    def dispatcher(self) -> Dispatcher:
        self.store  # noqa: B018  (opens this thread's store and dispatcher)
        return self._local.dispatcher

    def close(self) -> None:
        """Close this thread's store, writing the checkpoints it still holds."""
        store = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None

    def repository_for(self, aggregate_cls: type) -> Repository:
        repository = self._repositories.get(aggregate_cls)
        if repository is None:
            if aggregate_cls not in self._tables:
                raise IncorrectUsageError(
                    f"{aggregate_cls.__name__} is not an aggregate of {self.name}"
                )
            repository = Repository(self, aggregate_cls, self._tables[aggregate_cls])
            self._repositories[aggregate_cls] = repository
        return repository

    # -- processing ----------------------------------------------------------------------

    @contextmanager
    def domain_context(self) -> Iterator[Domain]:
        with context.active(self):
            yield self

    def handler_for(self, command: Any) -> Callable[[Any], Any]:
        if not isinstance(command, BaseCommand) or command._domain is not self:
            raise IncorrectUsageError(f"{command!r} is not a command of {self.name}")
        try:
            return self._command_handlers[type(command)]
        except KeyError:
            raise ConfigurationError(
                f"no handler is registered for {type(command).__name__}"
            ) from None

    def process(self, command: Any) -> Any:
        """Run the command's handler in one transaction, then dispatch its events.

        With `command_processing = "async"` the command goes to the engine's worker thread
        and a Future of the handler's result is returned instead.
        """
        if self.config["command_processing"] == "async":
            return self.engine.submit(command)
        handler = self.handler_for(command)
        store = self.store
        with context.active(self):
            with store.unit_of_work() as unit, caused_by(command._metadata):
                result = handler(command)
            if unit.records:
                self._deliver(self._local.dispatcher, unit.records)
        return result

    def dispatch(self, records: list[StoredEvent]) -> None:
        """Deliver events committed on this thread to every subscriber."""
        if records:
            with context.active(self):
                self._deliver(self.dispatcher, records)

    @staticmethod
    def _deliver(dispatcher: Dispatcher, records: list[StoredEvent]) -> None:
        # The command has committed: a delivery that fails now (a locked file while a
        # projection writes) must not tell the caller otherwise. Subscribers left behind
        # catch up from their checkpoints with the next commit.
        try:
            dispatcher.deliver(records)
        except Exception:
            log.exception("delivering events %d..%d failed; it resumes with the next commit",
                          records[0].position, records[-1].position)

    @property
    def engine(self) -> Any:
        """The engine (actor) that runs this domain on a worker thread; started on first use.

        It is stopped when the interpreter exits, so commands accepted in async mode are
        committed and delivered even if the program never stops it.
        """
        with self._engine_lock:
            if self._engine is None or not self._engine.running:
                from domain.core.runtime.engine import Engine

                self._engine = Engine(self).start()
                atexit.register(self._engine.stop)
            return self._engine

    def rebuild_projections(self) -> int:
        """Empty every projection and apply the whole event log to it again."""
        store = self.store
        projections = [each for each in self.subscribers if isinstance(each, Projection)]
        with store.unit_of_work():
            for projection in projections:
                projection.reset(store.db)
                store.execute("DELETE FROM checkpoints WHERE subscriber = ?", (projection.name,))
                store.execute("DELETE FROM failures WHERE subscriber = ?", (projection.name,))
        dispatcher = self.dispatcher
        for projection in projections:
            dispatcher.positions[projection.name] = 0
        dispatcher.catch_up()
        return store.last_position()
