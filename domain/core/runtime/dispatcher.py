"""The one dispatcher: after the commit, each subscriber gets the events past its position."""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import NamedTuple

from domain.core.errors import HandlerFailure, UndecodableEventError
from domain.core.storage.port import FailureLog, Store
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import HandlerSubscriber, Projection, Subscriber

log = logging.getLogger(__name__)

CATCH_UP_PAGE = 1_000
# Reads (after, limit): the events past a position, as Store.load does (a store's, or a
# snapshot's for the integrity check).
LoadEvents = Callable[[int, int], list[StoredEvent]]
LoadSpan = Callable[[int, int, frozenset[str] | None], list[StoredEvent]]


def load_decodable(load: LoadEvents, after: int, limit: int
                   ) -> tuple[list[StoredEvent], UndecodableEventError | None]:
    """The events past `after` up to the first that cannot be decoded, and its error.

    Only a page holding an undecodable event is read twice (up to the event before it).
    """
    try:
        return load(after, limit), None
    except UndecodableEventError as error:
        before = error.position - after - 1
        return (load(after, before) if before > 0 else []), error


def load_handled(load_span: LoadSpan, after: int, through: int, types: frozenset[str] | None
                 ) -> tuple[list[StoredEvent], UndecodableEventError | None]:
    """The events of `types` (all when None) past `after` up to `through`, up to the first
    that cannot be decoded, and its error; events of other types are never decoded.
    `load_span` is Store.load_span, or a snapshot's (the integrity check)."""
    try:
        return load_span(after, through, types), None
    except UndecodableEventError as error:
        before = error.position - 1
        return (load_span(after, before, types) if before > after else []), error


def _types_of(subscriber: Subscriber) -> frozenset[str] | None:
    return subscriber.handled_types if isinstance(subscriber, Projection) else None


def _identity(stored: StoredEvent) -> tuple[int, str, str]:
    """What the failure log keeps of an event: its position, id and type."""
    return stored.position, stored.metadata.id, stored.type


class Delivering(NamedTuple):
    """A subscriber given events, from the first one's position, since `started`.

    A NamedTuple rather than an attrs class: one is made at every delivery to a
    subscriber, and this takes half the time."""

    subscriber: str
    position: int
    event_id: str
    event_type: str
    started: float  # time.monotonic()
    started_at: float  # time.time(), made readable only when it is recorded

    def record(self, failures: FailureLog, seconds: float, finished: bool) -> None:
        at = datetime.fromtimestamp(self.started_at, UTC).isoformat()
        failures.record_slow(self.subscriber, self.position, self.event_id, self.event_type,
                             at, round(seconds, 3), finished)


class _Watching:
    """Dispatcher._watch: a class rather than @contextmanager, as it wraps every delivery
    to a subscriber (sync processing: one a command) and costs a third as much."""

    __slots__ = ("dispatcher", "subscriber", "first", "delivering")

    def __init__(self, dispatcher: Dispatcher, subscriber: Subscriber, first: StoredEvent
                 ) -> None:
        self.dispatcher = dispatcher
        self.subscriber = subscriber
        self.first = first

    def __enter__(self) -> None:
        self.delivering = self.dispatcher.current = Delivering(
            self.subscriber.name, *_identity(self.first), time.monotonic(), time.time())

    def __exit__(self, *exc_info: object) -> None:
        dispatcher, delivering = self.dispatcher, self.delivering
        dispatcher.current = None
        seconds = time.monotonic() - delivering.started
        if seconds > dispatcher.slow_after:
            dispatcher._record_slow(delivering, seconds)


class Dispatcher:
    """Delivers committed events to every subscriber, in order, through the store it is given.

    It reads what it delivers from the log by position; the events a commit just wrote
    are only a shortcut when they follow each subscriber's position. Projections write
    their rows and their position in one transaction: exactly once, in order; one that
    fails on an event stops there until the failure is retried successfully or a person
    skips it. Other subscribers'
    positions are kept in memory and written with a later transaction of the store (at
    most every few hundred ms, on idle and on close): after a crash the events past the
    written position are delivered again, at least once. Every delivery runs inside
    `activate()`, so that handlers reach the database that runs them as `current_domain`.
    """

    def __init__(self, store: Store, subscribers: Callable[[], Sequence[Subscriber]],
                 activate: Callable[[], AbstractContextManager[None]], *,
                 contain_everything: bool = False, slow_after: float = math.inf) -> None:
        """`contain_everything`: on a delivery thread, a subscriber's exception of any kind
        (SystemExit and KeyboardInterrupt included) is its failure; on the caller's thread
        those two still stop the program. A delivery running longer than `slow_after`
        seconds is recorded as slow when it ends (the delivery's watchdog reports it while
        it still runs)."""
        self.store = store
        self._subscribers = subscribers
        self._activate = activate
        self._contained: type[BaseException] = BaseException if contain_everything else Exception
        self.slow_after = slow_after
        # What a subscriber is being given right now, for the watchdog of a delivery thread.
        self.current: Delivering | None = None
        self.failures = store.failures
        self.positions = store.positions()
        self._generations = store.generations()  # of the rebuilds swapped in (follow_rebuilds)
        self._queue: deque[list[StoredEvent]] = deque()
        self._busy = False
        # The failures of the delivery in progress, for its caller (see `deliver`).
        self._failed: list[HandlerFailure] | None = None
        self._next_retry_at: float = math.inf
        self.reschedule()

    @property
    def subscribers(self) -> Sequence[Subscriber]:
        return self._subscribers()

    def position_of(self, subscriber: Subscriber) -> int:
        return self.positions.get(subscriber.name, 0)

    def start_at(self, subscriber_name: str, position: int) -> None:
        """Let a new subscriber start at `position` instead of receiving older history."""
        self.positions[subscriber_name] = max(position, self.positions.get(subscriber_name, 0))

    def deliver(self, records: list[StoredEvent]) -> list[HandlerFailure]:
        """Deliver one commit's events; a call made while delivering joins the queue.

        Returns the failures on the events it was handed, the queued commits' included
        (each is recorded for retry as well), so that sync processing can tell its caller;
        a call that joined the queue returns none: the delivery in progress reports them.
        Failures on older events met while catching up, and retries of earlier failures,
        are not these commits', and are only recorded.
        """
        if records:
            self._queue.append(records)
        if self._busy:
            return []
        self._busy = True
        failed: list[HandlerFailure] = []
        self._failed = failed
        try:
            with self._activate():
                handed = self._deliver_queued()
        finally:
            self._busy = False
            self._failed = None
        if time.time() >= self._next_retry_at:
            self.retry_due()
        if not failed:
            return []  # the usual case: no set of positions to make
        positions = {stored.position for records in handed for stored in records}
        return [failure for failure in failed if failure.position in positions]

    def _deliver_queued(self) -> list[list[StoredEvent]]:
        """Deliver the queued commits, and those queued meanwhile; returns them."""
        handed: list[list[StoredEvent]] = []
        while self._queue:
            records = self._queue.popleft()
            handed.append(records)
            subscribers = self.subscribers
            # Projections that are up to date share one transaction for this commit.
            in_step = [each for each in subscribers
                       if each.stateful and self._next_is(each, records)]
            if in_step:
                self._apply([(projection, records, records[-1].position)
                             for projection in in_step])
            for subscriber in subscribers:
                self._bring_up_to(subscriber, records[-1].position, records)
        return handed

    def catch_up(self) -> None:
        """Deliver whatever an earlier run (or another process) committed but did not deliver."""
        last = self.store.last_position()
        with self._activate():
            for subscriber in self.subscribers:
                self._bring_up_to(subscriber, last, [])

    def follow_rebuilds(self) -> None:
        """Re-read the positions of the projections a rebuild swapped in since the last look
        (by another connection, or this one), and when failures are due.

        `_apply` looks inside its transaction, where the positions it reads are current.
        """
        generations = self.store.generations()
        if generations == self._generations:
            return
        self._generations = generations
        written = self.store.positions()
        for subscriber in self.subscribers:
            if subscriber.stateful:
                self.positions[subscriber.name] = written.get(subscriber.name, 0)
        self.reschedule()

    def _next_is(self, subscriber: Subscriber, records: list[StoredEvent]) -> bool:
        return records[0].position == self.position_of(subscriber) + 1

    def _bring_up_to(self, subscriber: Subscriber, last: int,
                     records: list[StoredEvent]) -> None:
        position = self.position_of(subscriber)
        if last <= position:
            return
        if subscriber.stateful:
            self._catch_up_projection(subscriber, last, records)
            return
        if records and records[0].position == position + 1:
            self._send(subscriber, records)
            return
        # Behind (a failure, another process's commits, a restart): read from the log.
        while self.position_of(subscriber) < last:
            batch, undecodable = load_decodable(self.store.load,
                                                self.position_of(subscriber), CATCH_UP_PAGE)
            if batch:
                self._send(subscriber, batch)
            if undecodable is not None:
                self._pass_undecodable(subscriber, undecodable)
            elif not batch:
                break

    def _catch_up_projection(self, projection: Subscriber, last: int,
                             records: list[StoredEvent]) -> None:
        """Apply in order what `projection` has not applied, up to `last`, unless it stopped.

        It reads past its position only the events of the types it handles, passes the
        positions a person skipped, and stops at an event it handles but cannot decode.
        """
        name = projection.name
        # Another process may have moved it (a skip, a retry, its own deliveries).
        self.positions[name] = max(self.position_of(projection), self.store.position(name))
        if self.failures.stopped_at(name) is not None:
            return
        position = self.position_of(projection)
        if last <= position:
            return
        if records and records[0].position == position + 1:
            self._apply([(projection, records, records[-1].position)])
            return
        types, skipped = _types_of(projection), self.failures.skipped(name)
        while (position := self.position_of(projection)) < last:
            through = min(position + CATCH_UP_PAGE, last)
            batch, undecodable = load_handled(self.store.load_span, position, through, types)
            reached = through if undecodable is None else undecodable.position - 1
            batch = [stored for stored in batch if stored.position not in skipped]
            if (batch or reached > position) and self._apply([(projection, batch, reached)]):
                return  # stopped at an event that failed
            if undecodable is None:
                continue
            if undecodable.position not in skipped:
                self._stop_at_undecodable(projection, undecodable)
                return
            self._apply([(projection, [], undecodable.position)])  # skipped by a person

    def _stop_at_undecodable(self, projection: Subscriber,
                             error: UndecodableEventError) -> None:
        """Stop `projection` before an event of a type it handles that cannot be decoded."""
        self._record_failure(projection.name, error.position, error.event_id,
                             error.type_name, error)

    def _pass_undecodable(self, subscriber: Subscriber, error: UndecodableEventError) -> None:
        """Record an event that cannot be decoded as a failed delivery, and go on past it.

        For a handler of its class (when a class is registered for its type), it is a
        failure, retried and parked like any; callbacks never see it. (Projections stop
        at it instead: `_stop_at_undecodable`.)
        """
        handles = isinstance(subscriber, HandlerSubscriber) and (
            error.event_class in subscriber.methods)
        if handles:
            self._record_failure(subscriber.name, error.position, error.event_id,
                                 error.type_name, error)
        self.store.pending_positions[subscriber.name] = error.position
        self.positions[subscriber.name] = max(self.position_of(subscriber), error.position)

    def _send(self, subscriber: Subscriber, batch: list[StoredEvent]) -> None:
        if subscriber.stateful:
            self._apply([(subscriber, batch, batch[-1].position)])
            return
        if isinstance(subscriber, HandlerSubscriber):
            for stored in batch:
                if subscriber.handles(stored):
                    self._attempt(subscriber, [stored])
        else:
            self._attempt(subscriber, batch)
        last = batch[-1].position
        self.positions[subscriber.name] = last
        self.store.pending_positions[subscriber.name] = last

    def _attempt(self, subscriber: Subscriber, batch: list[StoredEvent]) -> bool:
        try:
            with self._watch(subscriber, batch[0]):
                subscriber.receive(self.store, batch)
        except self._contained as error:  # a failing subscriber must not stop the others
            self._record_failure(subscriber.name, *_identity(batch[0]), error)
            return False
        return True

    def _watch(self, subscriber: Subscriber, first: StoredEvent) -> _Watching:
        """Say what runs now (the watchdog reads it) and record it if it ran too long."""
        return _Watching(self, subscriber, first)

    def _record_slow(self, delivering: Delivering, seconds: float) -> None:
        log.warning("%s took %.1f s on event %d (%s)", delivering.subscriber, seconds,
                    delivering.position, delivering.event_type)
        try:
            delivering.record(self.failures, seconds, finished=True)
        except Exception:
            log.exception("recording the slow delivery to %s failed", delivering.subscriber)

    def _record_failure(self, subscriber: str, position: int, event_id: str, event_type: str,
                        error: BaseException) -> None:
        self.failures.record(subscriber, position, event_id, event_type, error)
        if self._failed is not None:
            self._failed.append(HandlerFailure(subscriber, position, error))
        self._next_retry_at = min(self._next_retry_at, time.time() + self.failures.first_delay)

    def _apply(self, work: list[tuple[Subscriber, list[StoredEvent], int]]) -> set[str]:
        """Apply batches to projections, each with its position, in one transaction.

        Each batch brings its projection to the position beside it (a batch read for the
        types a projection handles may end before it). A projection whose batch fails
        applies the events before the one that failed and stops there: its position is
        the one before, the later events wait, and the failure is recorded. Returns the
        names of the projections that stopped.
        """
        store = self.store
        failed: list[tuple[Subscriber, StoredEvent, BaseException]] = []
        reached_by: dict[str, int] = {}
        # Where each batch starts: the position it was read after.
        follows = {projection.name: self.position_of(projection) for projection, *_ in work}
        with store.unit_of_work():
            self.follow_rebuilds()
            for projection, batch, reached in work:
                applied = store.position(projection.name)  # read under the write lock
                if applied < follows[projection.name]:
                    # A rebuild swapped in behind where this batch starts: what lies between
                    # is read from the log, in order, by the caller's catch-up.
                    reached_by[projection.name] = applied
                    continue
                fresh = [stored for stored in batch if stored.position > applied]
                try:
                    with store.unit_of_work():  # a savepoint per projection
                        if fresh:
                            with self._watch(projection, fresh[0]):
                                projection.receive(store, fresh)
                except self._contained:
                    culprit = self._apply_until_failure(projection, fresh)
                    if culprit is not None:
                        failed.append((projection, *culprit))
                        reached = culprit[0].position - 1
                if reached > applied:
                    store.save_position(projection.name, reached)
                reached_by[projection.name] = max(reached, applied)
            # With the positions: nobody sees a projection past an event it failed on
            # before that failure is recorded (a retry would take it for passed).
            for projection, stored, failure in failed:
                self._record_failure(projection.name, *_identity(stored), failure)
        for name, reached in reached_by.items():
            self.positions[name] = reached
        return {projection.name for projection, _stored, _failure in failed}

    def _apply_until_failure(self, projection: Subscriber, batch: list[StoredEvent]
                             ) -> tuple[StoredEvent, BaseException] | None:
        """Apply one event per savepoint up to the first that fails: it and its error."""
        for stored in batch:
            try:
                with self.store.unit_of_work():
                    projection.receive(self.store, [stored])
            except self._contained as error:
                return stored, error
        return None

    def retry_due(self) -> None:
        """Try again the failed deliveries whose backoff has passed."""
        if self.store.current_unit is not None:
            return
        self.retry(self.failures.due(subscribers=self._names()))

    def retry(self, failed: Sequence[tuple[str, int]]) -> None:
        """Try these failed deliveries (subscriber, position) again now, whatever their
        backoff (a person asked); one failing again is recorded again."""
        with self._activate():
            self._retry(list(failed))
        self.reschedule()

    def _retry(self, due: list[tuple[str, int]]) -> None:
        by_name = {subscriber.name: subscriber for subscriber in self.subscribers}
        for name, position in due:
            subscriber = by_name.get(name)
            if subscriber is not None and subscriber.stateful:
                self._retry_projection(subscriber, position)
                continue
            try:
                loaded = self.store.load(after=position - 1, limit=1)
            except UndecodableEventError as error:
                if subscriber is not None:
                    self.failures.record(name, error.position, error.event_id,
                                         error.type_name, error)
                continue
            if subscriber is None or not loaded:
                continue
            try:
                with self._watch(subscriber, loaded[0]):
                    subscriber.receive(self.store, loaded)
            except self._contained as error:
                self.failures.record(name, *_identity(loaded[0]), error)
            else:
                self.failures.resolve(name, position)

    def _retry_projection(self, projection: Subscriber, position: int) -> None:
        """Apply again the event `projection` stopped at; delivered, it goes on past it.

        Everything is read under the write lock: a rebuild swapped in by another
        connection may have moved the position, or replaced the failure, meanwhile.
        """
        name = projection.name
        with self.store.unit_of_work():  # the position and the resolved failure together
            self.follow_rebuilds()
            applied = self.positions[name] = self.store.position(name)
            if position <= applied:
                # Passed by a release before projections stopped at failures: applying it
                # now would apply it after later events, so it stays passed, as if skipped
                # (only a rebuild applies it, in order).
                self.failures.skip(name, position)
                return
            if position > applied + 1:
                # Not reached yet (rebuilt meanwhile): it is delivered in order when it is.
                self.failures.resolve(name, position)
                return
            try:
                batch = self.store.load_span(applied, position, _types_of(projection))
            except UndecodableEventError as error:
                self.failures.record(name, error.position, error.event_id, error.type_name,
                                     error)
                return
            if self._apply([(projection, batch, position)]):
                return  # still failing: recorded again, it stays stopped there
            self.failures.resolve(name, position)
        self._catch_up_projection(projection, self.store.last_position(), [])

    def skip(self, subscriber_name: str, position: int) -> bool:
        """A person's decision: `subscriber_name` passes the event at `position` it failed
        on, recorded with when; a projection stopped there goes on past it. False when no
        failed delivery of that event to it waits."""
        subscriber = next((each for each in self.subscribers if each.name == subscriber_name),
                          None)
        with self.store.unit_of_work():  # the skip and the position together
            if not self.failures.skip(subscriber_name, position):
                return False
            stateful = subscriber is not None and subscriber.stateful
            if stateful and self.store.position(subscriber_name) == position - 1:
                self.store.save_position(subscriber_name, position)
        if subscriber is not None and subscriber.stateful:
            with self._activate():
                self._catch_up_projection(subscriber, self.store.last_position(), [])
        self.reschedule()
        return True

    def flush_positions(self) -> None:
        """Write the positions delivered since the last write (on idle, on close)."""
        self.store.flush_positions()

    def close(self) -> None:
        """Write the positions still held; the store is closed by whoever opened it."""
        self.flush_positions()

    @property
    def next_retry_at(self) -> float:
        return self._next_retry_at

    def postpone_retries(self, seconds: float) -> None:
        """Retry nothing for `seconds` (the storage refused the last try)."""
        self._next_retry_at = max(self._next_retry_at, time.time() + seconds)

    def _names(self) -> list[str]:
        return [each.name for each in self.subscribers]

    def reschedule(self) -> None:
        """When the next failure of this dispatcher's own subscribers is due: another
        dispatcher's (another lane's, another process's) would never be retried here, and
        waiting for it would keep this one busy."""
        at = self.failures.next_attempt_at(self._names())
        self._next_retry_at = math.inf if at is None else at
