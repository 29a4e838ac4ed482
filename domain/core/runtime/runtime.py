"""The runtime of one database: a session per thread, and the subscribers added at run time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence

from domain.core.elements import BaseAggregate, BaseCommand
from domain.core.errors import CommitOutcomeUnknownError, ConfigurationError, IncorrectUsageError
from domain.core.registry import Registry
from domain.core.runtime.commit_watch import CommitWatch
from domain.core.runtime.delivery import HEARING_IDLE_S, IDLE_S, STOP_GRACE_S, Delivery
from domain.core.runtime.rebuild import Progress, rebuild_projections
from domain.core.runtime.repository import Repository
from domain.core.runtime.session import Session
from domain.core.runtime.unknown_outcomes import UnknownOutcomes
from domain.core.storage import (
    Schema,
    Store,
    check_durability,
    is_server,
    open_store,
    private_location,
)
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import CallbackSubscriber, Projection, Subscriber

SLOW_HANDLER_S = 5.0


class Runtime:
    """Runs one registry's commands on one database, from any number of threads.

    Nothing is opened until `open()` is called on a thread: that thread's session then
    opens the store (creating or migrating it) and delivers what earlier runs committed
    but did not deliver. `close()` closes the calling thread's session.
    """

    def __init__(self, registry: Registry, location: str, face: object = None,
                 subscribers: Sequence[Subscriber] | None = None,
                 durability: str = "normal", event_processing: str = "sync",
                 slow_handler_s: float = SLOW_HANDLER_S) -> None:
        """`subscribers` replaces the registry's handlers and projections for this database
        (a benchmark without projections, a test with a projection of its own).
        `durability`: "normal" (power loss may undo the last commits) or "full" (each commit
        is synced to disk); anything else is a ConfigurationError. `event_processing`:
        "sync" delivers a command's events before `process` returns, on the calling
        thread; "async" hands them to the delivery lanes (the engine always does). A
        delivery running longer than `slow_handler_s` seconds is reported."""
        if not registry.initialized:
            raise IncorrectUsageError(f"call init() on {registry.name} before opening it")
        if event_processing not in ("sync", "async"):
            raise ConfigurationError("event_processing must be 'sync' or 'async'")
        self.registry = registry
        self.durability = check_durability(durability)
        self.event_processing = event_processing
        self.slow_handler_s = slow_handler_s
        self._delivery: Delivery | None = None
        self._commit_watch: CommitWatch | None = None
        # Commands whose commit a lost connection cut off, until the database tells.
        self.unknown_outcomes = UnknownOutcomes()
        self._delivery_lock = threading.Lock()
        self.location = private_location(location)
        self.face = face
        self._declared = registry.subscribers if subscribers is None else tuple(subscribers)
        self._callbacks: tuple[Subscriber, ...] = ()
        self._local = threading.local()
        projections = tuple(each for each in self._declared if isinstance(each, Projection))
        self.schema = Schema(aggregates=tuple(registry.aggregates.values()),
                             projections=projections)

    # -- sessions --------------------------------------------------------------------------

    def open(self, *, lanes: bool | None = None) -> Session:
        """This thread's session, opened now if it is not yet (a bad file raises here).

        Its commands' events go to the delivery lanes when `lanes` is True (the engine's
        worker), or when it is None and `event_processing` is "async"; otherwise this
        thread delivers them, and first what earlier runs committed but did not deliver.
        """
        session: Session | None = getattr(self._local, "session", None)
        if session is None:
            if lanes is None:
                lanes = self.event_processing == "async"
            if lanes:
                self.start_delivery()  # the lanes catch up as they start
            session = Session(self.registry, self._open_store, self.subscribers, self.face,
                              hand_over=self._hand_over if lanes else None,
                              slow_after=self.slow_handler_s)
            self._local.session = session
            try:
                if not lanes:
                    session.dispatcher.catch_up()
            except BaseException:
                self.close()
                raise
        return session

    # -- delivery lanes (see delivery.py) -----------------------------------------------

    def start_delivery(self) -> Delivery:
        """The delivery lanes, started now if they are not running."""
        with self._delivery_lock:
            if self._delivery is None:
                hearing = is_server(self.location)
                self._delivery = Delivery(
                    self, self.slow_handler_s,
                    idle_s=HEARING_IDLE_S if hearing else IDLE_S).start()
                if hearing:
                    # Other processes' commits wake the lanes (on SQLite, this process's
                    # next commit does).
                    self._commit_watch = CommitWatch(self.location,
                                                     self._delivery.heard).start()
            return self._delivery

    def stop_delivery(self, grace: float = STOP_GRACE_S) -> None:
        """Let the lanes deliver what they were handed, for up to `grace` seconds."""
        with self._delivery_lock:
            delivery, self._delivery = self._delivery, None
            watch, self._commit_watch = self._commit_watch, None
        if watch is not None:
            watch.stop()
        if delivery is not None:
            delivery.stop(grace)

    @property
    def delivery(self) -> Delivery | None:
        return self._delivery

    def _hand_over(self, records: list[StoredEvent]) -> None:
        delivery = self._delivery or self.start_delivery()
        delivery.notify(records)

    def open_lane(self, subscribers: Callable[[], Sequence[Subscriber]]) -> Session:
        """A delivery lane's session, on the lane's thread: its dispatcher delivers to
        `subscribers`, and a handler's exception of any kind is that handler's failure."""
        session = Session(self.registry, self._open_store, subscribers, self.face,
                          hand_over=self._hand_over, contain_everything=True,
                          slow_after=self.slow_handler_s)
        self._local.session = session
        return session

    def open_watch_store(self) -> Store:
        """A connection for the delivery's watchdog, which records slow deliveries."""
        return self._open_store()

    def start_at(self, subscriber_name: str, position: int) -> None:
        """Let a subscriber about to be added start at `position`, skipping older events."""
        if self._delivery is not None:
            self._delivery.start_at(subscriber_name, position)
        session: Session | None = getattr(self._local, "session", None)
        if session is not None:
            session.dispatcher.start_at(subscriber_name, position)

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
        """Receive each commit's delivered events as one batch, on the thread that delivers
        them (the committing thread in sync mode, the delivery lane otherwise)."""
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
        """Run `command` on this thread, in one transaction, then deliver its events.

        A command whose COMMIT a lost connection cut off raises CommitOutcomeUnknownError;
        it is looked up in the commands on record before the next command runs (once the
        server answers), and `unknown_outcomes` tells its listeners."""
        session = self.open()
        if self.unknown_outcomes:
            self.unknown_outcomes.settle(session.store)
        try:
            return session.runner.run(command)
        except CommitOutcomeUnknownError:
            self.unknown_outcomes.add(command)
            raise

    def repository_for(self, aggregate_cls: type[BaseAggregate]) -> Repository:
        return self.open().repository_for(aggregate_cls)

    def rebuild_projections(self, names: Collection[str] | None = None,
                            progress: Progress | None = None,
                            cancelled: Callable[[], bool] | None = None) -> int:
        """Apply the whole event log to new tables for every projection (or those named),
        while others keep writing, and swap them in (see rebuild.py, which says what
        `progress` and `cancelled` are); the last position applied."""
        session = self.open()
        projections = [each for each in self.subscribers() if isinstance(each, Projection)
                       and (names is None or each.name in names)]
        if names is not None and len(projections) < len(set(names)):
            known = {each.name for each in projections}
            raise ConfigurationError(f"no projection named {', '.join(sorted(set(names) - known))}")
        last = rebuild_projections(session.store, projections, session.activate, progress,
                                   cancelled)
        session.dispatcher.follow_rebuilds()
        return last
