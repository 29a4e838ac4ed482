"""The Domain: the chapter's facade over a registry, a runtime per database and the engine."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import Any, Literal, TypedDict, TypeVar, cast, overload

from domain.core.config import Config
from domain.core.context import active, current_session
from domain.core.declarations import handler_options
from domain.core.elements import (
    BaseAggregate,
    BaseCommand,
    BaseElement,
    BaseEntity,
    BaseEvent,
    BaseProjection,
    BaseValueObject,
)
from domain.core.errors import ConfigurationError, IncorrectUsageError
from domain.core.metadata import linked_for_processing
from domain.core.registry import Registry
from domain.core.runtime.engine import Engine
from domain.core.runtime.process_manager import declare_process_manager
from domain.core.runtime.projection_repository import ProjectionView
from domain.core.runtime.projector import Projector, RebuildResult
from domain.core.runtime.repository import Repository
from domain.core.runtime.runtime import SLOW_HANDLER_S, Runtime
from domain.core.runtime.session import Session
from domain.core.services import ServiceDeclarations
from domain.core.storage import check_durability
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Projection, Subscriber
from domain.core.unsupported import UnsupportedDomainFeatures, refuse

MEMORY = ":memory:"

HandlerT = TypeVar("HandlerT", bound=type)


class DomainConfig(TypedDict):
    """The settings `Domain.config` holds (see `Domain.__init__` for their defaults)."""

    command_processing: str  # "sync" or "async"
    event_processing: str  # "sync" or "async"
    database: str | PathLike[str]
    mailbox_size: int
    group_commit: int
    mailbox_full: str  # "block" or "fail"
    submit_timeout: float
    durability: str  # "normal" or "full" (PRAGMA synchronous)
    slow_handler_s: float  # a delivery running longer is reported


def _caller_name() -> str:
    module = sys._getframe(2).f_globals.get("__name__", "domain")
    if module == "__main__":
        module = Path(sys.argv[0]).stem or "domain"
    return str(module).rsplit(".", 1)[-1]


class Domain(ServiceDeclarations, UnsupportedDomainFeatures):
    """Everything one bounded context declares, and the chapter's way of running it.

    Declaring goes to the registry. Running goes to a runtime on `config["database"]`,
    made by `init()` and opened on this thread by `open()` or by the first `process`.
    Programs that open several databases at once make a Runtime each (see
    domain/bookshelf/app.py) over the same registry.
    """

    def __init__(self, root_path: str | PathLike[str] | None = None, name: str = "",
                 config: Mapping[str, object] | None = None,
                 identity_function: Callable[[], object] | None = None) -> None:
        """`Domain(__file__, name="X")` and `Domain(name="X")` as Protean writes them; a lone
        string that is not an existing path is the name (`Domain("Bookshelf")`), as before.
        Without a name, the calling module's is used."""
        if identity_function is not None:
            refuse("identity_function", "custom identity functions")
        if not name and isinstance(root_path, str) and not os.path.exists(root_path):
            name, root_path = root_path, None
        self.root_path = str(root_path) if root_path is not None else ""
        self.registry = Registry(name or _caller_name())
        # A Config (a dict that checks each key as it is set), typed by its settings.
        self.config: DomainConfig = cast(DomainConfig, Config({
            "command_processing": "sync",
            "event_processing": "sync",
            "database": MEMORY,
            "mailbox_size": 10_000,
            "group_commit": 100,
            "mailbox_full": "block",  # or "fail"
            "submit_timeout": 5.0,
            # "normal": power loss may undo the last commits; "full" syncs every commit.
            "durability": "normal",
            # A handler (or projection, or callback) running longer is reported: logged,
            # listed by `bookshelf failures`, shown in the window.
            "slow_handler_s": SLOW_HANDLER_S,
        }))
        for key, value in (config or {}).items():
            cast(Config, self.config)[key] = value
        self._runtime: Runtime | None = None
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()

    # -- what the registry holds ----------------------------------------------------------

    @property
    def name(self) -> str:
        return self.registry.name

    # -- declaring elements ------------------------------------------------------------

    # Why these decorators return `Any`: the class they return is built at run time (see
    # elements.build_element) and is not the declared one: its attributes are values (a
    # book's title is a str), where the declaration has fields (a String). Typed as the
    # declared class, every use of an element would be wrong to a type checker; typed as
    # the element's base class, no declared attribute would be known. So, `Any`; mypy
    # ignores a class decorator's type anyway, and domain/core/mypy_plugin.py types the
    # built class instead.
    # Options are Protean's (`part_of`, `abstract`, `auto_add_id_field`, ...); one unknown,
    # or one this core does not honour, is refused (see declarations.element_options).
    def _register(self, base: type[BaseElement], cls: type | None, options: dict[str, object]
                  ) -> Any:
        def wrap(target: type) -> Any:
            return self.registry.register(target, base, options)

        return wrap(cls) if cls is not None else wrap

    def aggregate(self, cls: type | None = None, **options: object) -> Any:
        return self._register(BaseAggregate, cls, options)

    def entity(self, cls: type | None = None, **options: object) -> Any:
        return self._register(BaseEntity, cls, options)

    def value_object(self, cls: type | None = None, **options: object) -> Any:
        return self._register(BaseValueObject, cls, options)

    def event(self, cls: type | None = None, **options: object) -> Any:
        return self._register(BaseEvent, cls, options)

    def command(self, cls: type | None = None, **options: object) -> Any:
        return self._register(BaseCommand, cls, options)

    def projection(self, cls: type | None = None, **options: object) -> Any:
        """A read model's record: fields and an identifier, in a table of its own, kept by
        the projectors declared `projector_for` it."""
        return self._register(BaseProjection, cls, options)

    @overload
    def projector(self, cls: HandlerT, *, projector_for: type,
                  aggregates: list[type] | tuple[type, ...], **options: object) -> HandlerT: ...

    @overload
    def projector(self, cls: None = None, *, projector_for: type,
                  aggregates: list[type] | tuple[type, ...], **options: object
                  ) -> Callable[[HandlerT], HandlerT]: ...

    def projector(self, cls: HandlerT | None = None, *, projector_for: type,
                  aggregates: list[type] | tuple[type, ...], **options: object
                  ) -> HandlerT | Callable[[HandlerT], HandlerT]:
        """Its `@on(Event)` methods keep `projector_for`'s records (written with
        `current_domain.repository_for(Projection)`), delivered to like a projection:
        after each commit, in order, exactly once. `aggregates` must name the aggregates
        of the events it handles (Protean's stream categories are not supported)."""
        handler_options("projector", options)

        def wrap(target: HandlerT) -> HandlerT:
            if not (isinstance(projector_for, type) and issubclass(projector_for, BaseProjection)):
                raise ConfigurationError(f"{target.__name__}: projector_for must be a "
                                         f"projection class, not {projector_for!r}")
            self.registry.register_projector(Projector(target, projector_for, tuple(aggregates)),
                                             projector_for, tuple(aggregates))
            return target

        return wrap(cls) if cls is not None else wrap

    # Handlers are returned as declared: `@domain.command_handler(part_of=...)` gives a
    # decorator, `@domain.command_handler` on a class gives the class.
    @overload
    def command_handler(self, cls: HandlerT, *, part_of: type, **options: object) -> HandlerT: ...

    @overload
    def command_handler(self, cls: None = None, *, part_of: type, **options: object
                        ) -> Callable[[HandlerT], HandlerT]: ...

    # A handler takes `part_of` only: any other option is refused, never ignored.
    def command_handler(self, cls: HandlerT | None = None, *, part_of: type,
                        **options: object) -> HandlerT | Callable[[HandlerT], HandlerT]:
        handler_options("command_handler", options)

        def wrap(target: HandlerT) -> HandlerT:
            return self.registry.register_handler(target, part_of, events=False)

        return wrap(cls) if cls is not None else wrap

    @overload
    def event_handler(self, cls: HandlerT, *, part_of: type, **options: object) -> HandlerT: ...

    @overload
    def event_handler(self, cls: None = None, *, part_of: type, **options: object
                      ) -> Callable[[HandlerT], HandlerT]: ...

    def event_handler(self, cls: HandlerT | None = None, *, part_of: type,
                      **options: object) -> HandlerT | Callable[[HandlerT], HandlerT]:
        handler_options("event_handler", options)

        def wrap(target: HandlerT) -> HandlerT:
            return self.registry.register_handler(target, part_of, events=True)

        return wrap(cls) if cls is not None else wrap

    def process_manager(self, cls: type | None = None, **options: object) -> Any:
        """A process manager (domain/core/process_manager.py): its `@handle(Event,
        correlate=..., start=..., end=...)` methods coordinate aggregates by commands, its
        state stored as events of its own stream (runtime/process_manager.py)."""
        def wrap(target: type) -> Any:
            return declare_process_manager(self.registry, target, options)

        return wrap(cls) if cls is not None else wrap

    def register_projection(self, projection: Projection) -> Projection:
        self.registry.add_subscriber(projection)
        return projection

    # -- init and the default runtime --------------------------------------------------

    def init(self, traverse: bool = False) -> None:
        """Resolve names and wire handlers. Opens nothing. `traverse=True` (importing every
        module under the root path) is refused: a program declares its elements itself.

        Each init() makes a fresh runtime on `config["database"]` (an in-memory database
        starts empty); it is opened on a thread by `open()` or by that thread's first
        `process`.
        """
        if traverse:
            refuse("init(traverse=True)", "importing the modules under the root path")
        cast(Config, self.config).check()
        setting: Literal["command_processing", "event_processing"]
        for setting in ("command_processing", "event_processing"):
            if self.config[setting] not in ("sync", "async"):
                raise ConfigurationError(f"{setting} must be 'sync' or 'async'")
        check_durability(self.config["durability"])
        slow = self.config["slow_handler_s"]
        if isinstance(slow, bool) or not isinstance(slow, int | float) or not slow > 0:
            raise ConfigurationError(f"slow_handler_s must be a number of seconds above 0, "
                                     f"not {slow!r}")
        self.registry.init()
        self.close()
        self._runtime = Runtime(self.registry, str(self.config["database"]), face=self,
                                durability=self.config["durability"],
                                event_processing=self.config["event_processing"],
                                slow_handler_s=float(slow))

    @property
    def runtime(self) -> Runtime:
        """The runtime made by the last init() (nothing is opened by reading this)."""
        if self._runtime is None:
            raise IncorrectUsageError("call domain.init() before using storage")
        return self._runtime

    def open(self) -> Runtime:
        """Open the database on this thread now (a bad file raises here)."""
        self.runtime.open()
        return self.runtime

    def session(self) -> Session:
        """This thread's session of the default runtime, opened now if it is not yet."""
        return self.runtime.open()

    def close(self) -> None:
        """Close this thread's session of the default runtime, writing what it still holds,
        and let the delivery lanes of async event processing deliver what they hold."""
        if self._runtime is not None:
            self._runtime.close()
            self._runtime.stop_delivery()

    def subscribe(self, name: str, callback: Callable[[list[StoredEvent]], object]
                  ) -> Subscriber:
        """Receive each commit's delivered events as one batch: on the thread that commits
        with sync event processing, on the delivery's main lane (after the projections)
        with async processing and in an engine."""
        return self.runtime.subscribe(name, callback)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.runtime.unsubscribe(subscriber)

    # -- processing ----------------------------------------------------------------------

    @contextmanager
    def domain_context(self) -> Iterator[Domain]:
        with active(self, current_session()):
            yield self

    def repository_for(self, aggregate_cls: type[BaseAggregate]) -> Repository:
        """The repository of the database running the current command (or the default)."""
        # The context holds the session as an `object` (it sits below the runtime).
        session = cast("Session | None", current_session())
        if session is None:
            session = self.runtime.open()
        return session.repository_for(aggregate_cls)

    def process(self, command: BaseCommand, correlation_id: str | None = None) -> object:
        """Run the command's handler in one transaction, then deliver its events.

        With `command_processing = "async"` the command goes to the engine's worker thread
        and a Future of the handler's result is returned instead. With sync event
        processing, subscribers that fail on its events make this raise
        HandlersFailedAfterCommit once all have run: the command stays committed.
        `correlation_id` is kept by the command and everything it causes; processed by a
        handler, a command is caused by the message being handled and shares its
        correlation (see metadata.linked_for_processing).
        """
        if isinstance(command, BaseCommand):  # anything else is refused by its runner
            command.__dict__["_metadata"] = linked_for_processing(command._metadata,
                                                                  correlation_id)
        if self.config["command_processing"] == "async":
            return self.start_engine().submit(command)
        session = cast("Session | None", current_session())
        if session is not None and session.registry is self.registry:
            return session.runner.run(command)  # a handler's command: the same database
        return self.runtime.process(command)

    def start_engine(self) -> Engine:
        """The engine (actor) running the default runtime on a worker thread; started once.

        It is stopped when the interpreter exits, so commands accepted in async mode are
        committed and delivered even if the program never stops it.
        """
        with self._engine_lock:
            if self._engine is None or not self._engine.running:
                config = self.config
                self._engine = Engine(
                    self.runtime, mailbox_size=config["mailbox_size"],
                    group_commit=config["group_commit"], mailbox_full=config["mailbox_full"],
                    submit_timeout=config["submit_timeout"]).start()
                atexit.register(self._engine.stop)
            return self._engine

    def view_for(self, projection_cls: type[BaseProjection]) -> ProjectionView:
        """The projection's records, to read: get, query, find_by, count, exists."""
        session = cast("Session | None", current_session())
        if session is None or session.registry is not self.registry:
            session = self.runtime.open()
        return session.view_for(projection_cls)

    def rebuild_projection(self, projection_cls: type[BaseProjection]) -> RebuildResult:
        """Empty the projection's table and replay the event log through its projectors,
        in new tables swapped in at the end (see runtime/rebuild.py)."""
        projectors = [each for each in self.runtime.subscribers()
                      if isinstance(each, Projector) and each.projection_cls is projection_cls]
        if not projectors:
            raise IncorrectUsageError(
                f"{getattr(projection_cls, '__name__', projection_cls)} has no projector "
                f"in {self.name}")
        last = self.runtime.rebuild_projections([each.name for each in projectors])
        store = self.session().store
        result = RebuildResult(projection_cls.__name__, projectors_processed=len(projectors),
                               categories_processed=len({aggregate for each in projectors
                                                         for aggregate in each.aggregates}))
        for projector in projectors:
            handled = store.load_span(0, last, projector.handled_types)
            stopped = store.failures.stopped_at(projector.name)
            applied = [each for each in handled if stopped is None or each.position < stopped]
            result.events_dispatched += len(applied)
            result.events_skipped += len(handled) - len(applied)
            if stopped is not None:
                result.errors.append(f"{projector.name} stopped at position {stopped}")
        return result

    def rebuild_projections(self) -> int:
        """Rebuild every projection from the event log in new tables and swap them in."""
        return self.runtime.rebuild_projections()
