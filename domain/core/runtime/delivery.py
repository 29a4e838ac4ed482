"""Delivery off the commit path: lanes that deliver what was committed, and a watchdog."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Protocol

from domain.core.errors import EngineStoppedError, StorageError
from domain.core.storage.port import Store
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import HandlerSubscriber, Subscriber

if TYPE_CHECKING:
    from domain.core.runtime.dispatcher import Delivering
    from domain.core.runtime.session import Session

log = logging.getLogger(__name__)

STOP_GRACE_S = 5.0
IDLE_S = 0.5
# An idle lane on a server: its process hears every commit (CommitWatch), failures made
# due elsewhere too (their commit notifies), so it looks on its own this seldom.
HEARING_IDLE_S = 60.0
# How often a delivery running past the threshold has its record refreshed, so that a
# reader can tell one still running from one whose program ended (STALE_AFTER_S).
RECORD_EVERY_S = 2.0
# How often a busy lane writes its handlers' and callbacks' positions: what a crash makes
# it deliver again (at least once) is at most this much.
POSITIONS_EVERY_S = 0.25
# Events handed to a lane and not yet delivered; past this it forgets them and reads the
# log from its positions instead (a hanging handler would otherwise hold every commit).
MAX_WAITING_EVENTS = 10_000


class LaneHost(Protocol):
    """What a lane needs from the runtime it delivers for."""

    def open_lane(self, subscribers: Callable[[], Sequence[Subscriber]]) -> Session: ...

    def close(self) -> None: ...

    def subscribers(self) -> tuple[Subscriber, ...]: ...

    def open_watch_store(self) -> Store: ...


class Lane:
    """A thread with a connection and a dispatcher of its own, for some subscribers.

    It is handed each commit's events (`offer`); while it delivers, the commits after
    them wait in its queue. A subscriber that hangs holds up its own lane only.
    """

    def __init__(self, name: str, host: LaneHost, picks: Callable[[Subscriber], bool],
                 gather_s: float = 0.0, idle_s: float = IDLE_S) -> None:
        """`gather_s`: once a commit is waiting, wait this long for more and deliver them
        all at once (one transaction of the projection for many commits). `idle_s`: how
        long an idle lane waits before it looks for failures made due elsewhere."""
        self.name = name
        self.idle_s = idle_s
        # Something committed elsewhere that appended nothing (a failure made due, a
        # skip): the lane looks at its failures again.
        self._poked = False
        self._host = host
        self._picks = picks
        self.gather_s = gather_s
        self._waiting: deque[list[StoredEvent]] = deque()
        self._waiting_events = 0
        self._offered = 0  # the last position handed to this lane
        # The newest position another process was heard to commit (`heard`), which the
        # lane reads from the log when it is past what it delivered.
        self._heard = 0
        self.delivered = 0  # the last position it delivered (or found nothing to do at)
        self._changed = threading.Condition()
        self._stopping = False
        self._abandoned = False
        self._waiters: list[tuple[int, Future[int]]] = []
        self._opened = threading.Event()
        self._open_error: BaseException | None = None
        self.session: Session | None = None
        self._thread = threading.Thread(target=self._run, name=f"delivery-{name}", daemon=True)

    def subscribers(self) -> list[Subscriber]:
        return [each for each in self._host.subscribers() if self._picks(each)]

    @property
    def current(self) -> Delivering | None:
        """What this lane's subscriber is being given right now, if anything."""
        return self.session.dispatcher.current if self.session is not None else None

    def start(self) -> None:
        self._thread.start()
        self._opened.wait()
        if self._open_error is not None:
            raise self._open_error

    def offer(self, records: list[StoredEvent]) -> None:
        with self._changed:
            self._waiting.append(records)
            self._waiting_events += len(records)
            self._offered = records[-1].position
            if self._waiting_events > MAX_WAITING_EVENTS:
                # The newest commit says how far to go; the dispatcher reads the rest.
                self._waiting = deque([records])
                self._waiting_events = len(records)
            self._changed.notify()

    def heard(self, position: int) -> None:
        """Another process committed up to `position` (heard on a server's commits
        channel; 0 when it appended nothing): deliver it without waiting for a commit of
        this one, or look at the failures again."""
        with self._changed:
            if position > self._heard:
                self._heard = position
            elif position == 0:
                self._poked = True
            self._changed.notify()

    def caught_up(self) -> bool:
        with self._changed:
            return not self._waiting and self.delivered >= self._offered

    def wait_caught_up(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._waiting or self.delivered < self._offered:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def when_delivered(self, position: int) -> Future[int]:
        """A Future that resolves to `position` once this lane delivered up to it."""
        future: Future[int] = Future()
        with self._changed:
            if self.delivered < position:
                self._waiters.append((position, future))
                return future
        future.set_result(position)
        return future

    def _answer_waiters(self) -> None:
        with self._changed:
            done = [each for each in self._waiters if each[0] <= self.delivered]
            self._waiters = [each for each in self._waiters if each[0] > self.delivered]
        for position, future in done:
            future.set_result(position)

    def _refuse_waiters(self) -> None:
        with self._changed:
            left, self._waiters = self._waiters, []
        for _position, future in left:
            future.set_exception(EngineStoppedError(
                f"delivery lane {self.name} stopped before it delivered event {_position}"))

    def request_stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify()

    def join(self, timeout: float) -> bool:
        """Wait up to `timeout` for the lane to end; whether it ended."""
        self._thread.join(max(0.0, timeout))
        return not self._thread.is_alive()

    def abandon(self) -> None:
        """Give up on a lane that did not stop in time: when its subscriber returns, the
        lane ends without writing its positions, so what it had not finished is delivered
        again at the next start (at least once)."""
        self._abandoned = True
        current = self.current
        log.warning("%s did not finish in time; event %s and what follows will be "
                    "delivered again at the next start", current.subscriber if current else
                    self.name, current.position if current else "")

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self.session = self._host.open_lane(self.subscribers)
        except BaseException as error:
            self._open_error = error
            self._opened.set()
            return
        self._opened.set()
        try:
            self._loop(self.session)
        except BaseException:
            log.exception("delivery lane %s stopped on an unexpected error", self.name)
        finally:
            self._refuse_waiters()
            if self._abandoned:
                self.session.store.pending_positions.clear()  # redelivered at the next start
            try:
                self._host.close()
            except Exception:
                log.exception("closing delivery lane %s failed", self.name)

    def _loop(self, session: Session) -> None:
        dispatcher = session.dispatcher
        names = [each.name for each in self.subscribers()]
        self._guarded(partial(session.store.failures.settle_slow, names), "settling")
        behind = not self._guarded(dispatcher.catch_up, "catching up")
        positions_written = time.monotonic()
        while not self._abandoned:
            with self._changed:
                # Behind (the storage refused), a commit heard elsewhere waits too: the
                # next try is after a pause, not at once.
                idle = (behind or self._heard <= self.delivered) and not self._poked
                if not self._waiting and not self._stopping and idle:
                    # Behind, the storage is tried again after IDLE_S whatever idle_s is.
                    pause = IDLE_S if behind else self.idle_s
                    wait = min(pause, max(0.0, dispatcher.next_retry_at - time.time()))
                    self._changed.wait(wait)
                self._poked = False
                self._gather()
                heard = self._heard
                batches = list(self._waiting)
                self._waiting.clear()
                self._waiting_events = 0
                offered, stopping = self._offered, self._stopping
            if behind:
                # A delivery failed on the storage (a locked or damaged file): read from the
                # positions what is not delivered, up to what was offered.
                behind = not self._guarded(dispatcher.catch_up, "catching up")
                if not behind:
                    self._delivered_through(offered)
            elif batches:
                if self.gather_s:
                    batches = _runs_of(batches)
                for records in batches:
                    if not self._guarded(partial(dispatcher.deliver, records), "delivering"):
                        behind = True  # these and the rest are read from the log, later
                        break
                    if self._abandoned:
                        return
                    self._delivered_through(records[-1].position)
            if heard > self.delivered and not behind:
                # Another process's commit (this one's own came in `batches`): read from
                # the log, as for any commit a subscriber is behind on.
                if self._guarded(dispatcher.catch_up, "catching up with another process"):
                    self._delivered_through(heard)
                else:
                    behind = True
            if not batches and not behind:
                # Idle: another process may have made a failure due (failures --retry).
                self._guarded(dispatcher.reschedule, "reading when failures are due")
            if time.time() >= dispatcher.next_retry_at and not self._guarded(
                    dispatcher.retry_due, "retrying"):
                # The storage refused (locked, damaged): try again in a while, not at once.
                dispatcher.postpone_retries(IDLE_S)
            busy_for = time.monotonic() - positions_written
            if not batches or stopping or busy_for >= POSITIONS_EVERY_S:
                self._guarded(dispatcher.flush_positions, "writing positions")
                positions_written = time.monotonic()
            if stopping and not batches and not behind:
                return
            if stopping and behind and not self._waiting:
                return  # the next start catches up from the positions

    def _gather(self) -> None:
        """With `_changed` held and commits waiting, wait `gather_s` for more."""
        if not self.gather_s or not self._waiting:
            return
        deadline = time.monotonic() + self.gather_s
        while not self._stopping and (remaining := deadline - time.monotonic()) > 0:
            self._changed.wait(remaining)

    def _delivered_through(self, position: int) -> None:
        with self._changed:
            self.delivered = max(self.delivered, position)
            self._changed.notify_all()
        self._answer_waiters()

    def _guarded(self, work: Callable[[], object], what: str) -> bool:
        """Run `work`; whether it finished. The dispatcher contains its subscribers'
        errors; this is for its own (a locked or damaged file): the lane lives on and
        catches up from its positions later."""
        try:
            work()
        except StorageError as error:
            log.warning("delivery lane %s: %s failed: %s", self.name, what, error)
            return False
        except Exception:
            log.exception("delivery lane %s: %s failed", self.name, what)
            return False
        return True


class Watchdog:
    """Reports a delivery that runs past `slow_after` seconds while it still runs: logged
    once, and recorded for `bookshelf failures` and the window, its time refreshed every
    few seconds while it runs.

    The records are written by a thread of their own: a projection that hangs holds the
    write lock (its rows and position are one transaction), and the watchdog must go on
    logging the others meanwhile.
    """

    def __init__(self, host: LaneHost, lanes: Sequence[Lane], slow_after: float) -> None:
        self._host = host
        self._lanes = lanes
        self.slow_after = slow_after
        self._stopped = threading.Event()
        self._reported: dict[tuple[str, int], float] = {}  # when each was last recorded
        self._records: queue.SimpleQueue[tuple[Delivering, float] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="delivery-watchdog", daemon=True)
        self._recorder = threading.Thread(target=self._record_all, name="delivery-recorder",
                                          daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._recorder.start()

    def stop(self, timeout: float) -> None:
        self._stopped.set()
        self._records.put(None)
        self._thread.join(timeout)
        # A recorder waiting for the write lock (a projection hangs) is left behind.
        self._recorder.join(timeout)

    def _run(self) -> None:
        # It looks at this process's lanes in memory: no query unless one is slow.
        interval = min(IDLE_S, self.slow_after / 4)
        while not self._stopped.wait(interval):
            self.look()

    def look(self) -> None:
        """Log each delivery running past the threshold once, and have it recorded then and
        every RECORD_EVERY_S while it runs."""
        now = time.monotonic()
        for lane in self._lanes:
            current = lane.current
            if current is None or now - current.started <= self.slow_after:
                continue
            key = (current.subscriber, current.position)
            last = self._reported.get(key)
            if last is not None and now - last < RECORD_EVERY_S:
                continue
            self._reported[key] = now
            seconds = now - current.started
            if last is None:
                log.warning("%s has been running for %.1f s on event %d (%s)",
                            current.subscriber, seconds, current.position, current.event_type)
            self._records.put((current, seconds))

    def _record_all(self) -> None:
        store: Store | None = None
        try:
            while (item := self._records.get()) is not None:
                current, seconds = item
                try:
                    if store is None:
                        store = self._host.open_watch_store()
                    current.record(store.failures, seconds, finished=False)
                except Exception:
                    log.exception("recording the slow delivery to %s failed",
                                  current.subscriber)
        finally:
            if store is not None:
                store.close()


def _runs_of(batches: list[list[StoredEvent]]) -> list[list[StoredEvent]]:
    """Commits whose positions follow one another, joined into one batch each run. Not
    across a gap: another process committed there, and the dispatcher reads those events
    from the log only when a batch does not follow its position."""
    runs: list[list[StoredEvent]] = []
    for records in batches:
        if runs and runs[-1][-1].position + 1 == records[0].position:
            runs[-1].extend(records)
        else:
            runs.append(list(records))
    return runs


def _named(name: str, subscriber: Subscriber) -> bool:
    return subscriber.name == name


def _on_own_lane(subscriber: Subscriber) -> bool:
    return isinstance(subscriber, HandlerSubscriber) or subscriber.own_lane


class Delivery:
    """The lanes of one runtime: projections and callbacks (the window's feed) on one, so
    the feed follows the projections for the same events; each event handler class on a
    lane of its own, so a hanging handler delays only its own deliveries, and so does a
    subscriber that asks for one (`own_lane`: the search index, which the feed need not
    wait for)."""

    def __init__(self, host: LaneHost, slow_after: float, idle_s: float = IDLE_S) -> None:
        self._host = host
        self.main = Lane("projections", host, lambda each: not _on_own_lane(each),
                         idle_s=idle_s)
        own = [each for each in host.subscribers() if _on_own_lane(each)]
        self.lanes = [self.main, *(Lane(each.name, host, partial(_named, each.name),
                                        each.gather_s, idle_s) for each in own)]
        self._watchdog = Watchdog(host, self.lanes, slow_after)

    def start(self) -> Delivery:
        started: list[Lane] = []
        try:
            for lane in self.lanes:
                lane.start()
                started.append(lane)
        except BaseException:
            for lane in started:
                lane.request_stop()
            raise
        self._watchdog.start()
        return self

    def heard(self, position: int) -> None:
        """Another process committed up to `position`: every lane delivers it."""
        for lane in self.lanes:
            lane.heard(position)

    def notify(self, records: list[StoredEvent]) -> None:
        """Hand one commit's events to every lane."""
        if records:
            for lane in self.lanes:
                lane.offer(records)

    def start_at(self, subscriber: str, position: int) -> None:
        """Let a new subscriber of the main lane start at `position` (before it is added)."""
        session = self.main.session
        if session is not None:
            session.dispatcher.start_at(subscriber, position)

    def slow_now(self) -> list[dict[str, object]]:
        """The deliveries of this process running past the threshold right now, shaped as
        the store's slow deliveries (`FailureLog.slow`): known here even while a
        projection that hangs holds the write lock, and no record can be written."""
        now = time.monotonic()
        running = [lane.current for lane in self.lanes]
        return [{"subscriber": each.subscriber, "position": each.position,
                 "event_id": each.event_id, "event_type": each.event_type,
                 "started_at": datetime.fromtimestamp(each.started_at, UTC).isoformat(),
                 "seconds": now - each.started, "finished": 0}
                for each in running
                if each is not None and now - each.started > self._watchdog.slow_after]

    def positions(self) -> dict[str, int]:
        """Each subscriber's last delivered position, as its lane holds it in memory (the
        written positions of handlers and callbacks trail it by up to POSITIONS_EVERY_S)."""
        found: dict[str, int] = {}
        for lane in self.lanes:
            session = lane.session
            if session is None:
                continue
            held = dict(session.dispatcher.positions)  # a copy: the lane goes on moving them
            for subscriber in lane.subscribers():
                found[subscriber.name] = held.get(subscriber.name, 0)
        return found

    def wait_delivered(self, timeout: float) -> bool:
        """Wait until every lane delivered what it was handed; whether they all did."""
        deadline = time.monotonic() + timeout
        return all(lane.wait_caught_up(deadline - time.monotonic()) for lane in self.lanes)

    def stop(self, grace: float = STOP_GRACE_S) -> None:
        """Let every lane deliver what it was handed, for up to `grace` seconds; a lane
        still busy then (a hanging handler) is abandoned, and what it had not finished is
        delivered again at the next start."""
        deadline = time.monotonic() + grace
        for lane in self.lanes:
            lane.request_stop()
        for lane in self.lanes:
            if not lane.join(deadline - time.monotonic()):
                lane.abandon()
        # Within the same grace: the watchdog wakes at once; a recorder still writing ends
        # on its own.
        self._watchdog.stop(max(0.05, deadline - time.monotonic()))
