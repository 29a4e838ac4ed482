"""The engine: the runtime as an actor, one worker thread that owns its connections."""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from domain.core.elements import BaseCommand
from domain.core.errors import CommitOutcomeUnknownError, EngineStoppedError, MailboxFullError
from domain.core.registry import CommandHandler
from domain.core.runtime.delivery import STOP_GRACE_S
from domain.core.runtime.runner import Outcome
from domain.core.runtime.session import Session
from domain.core.runtime.tally import EngineTally
from domain.core.runtime.unknown_outcomes import outcome_unknown
from domain.core.storage.port import Store
from domain.core.stored_event import StoredEvent
from domain.core.subscriber import Subscriber

if TYPE_CHECKING:
    from domain.core.runtime.runtime import Runtime

log = logging.getLogger(__name__)

_STOP = object()
IDLE_FLUSH_S = 0.5
MAILBOX_SIZE = 10_000
MAILBOX_BYTES = 64 * 2**20  # the waiting commands' estimated size (their JSON payloads)
GROUP_COMMIT = 100
SUBMIT_TIMEOUT_S = 5.0

T = TypeVar("T")


class _Query:
    """A read to run on the worker thread, against its connection."""

    def __init__(self, function: Callable[[Store], object]) -> None:
        self.function = function


# What the mailbox carries: a command with its handler, or a query with none, and the
# Future that answers it. Any: the futures resolve to values of every kind (a handler's
# result, a query's answer), and a Future of one kind is not a Future of another.
_Item = tuple[BaseCommand | _Query, Future[Any], CommandHandler | None]


def _copy_outcome(target: Future[Any], source: Future[Any]) -> None:
    error = source.exception()
    if error is not None:
        target.set_exception(error)
    else:
        target.set_result(source.result())


class _Full(queue.Full):
    def __init__(self, by_size: bool) -> None:
        super().__init__()
        self.by_size = by_size


class _Mailbox(queue.Queue[Any]):
    """A queue bounded by its count of items and by their estimated size in bytes.

    `put_sized` waits while either bound is reached (an item larger than the whole budget
    still goes into an empty mailbox); whatever leaves by `get` gives its size back.
    """

    def __init__(self, maxsize: int, max_bytes: int) -> None:
        super().__init__(maxsize)
        self.max_bytes = max_bytes
        self.bytes = 0
        self._sizes: deque[int] = deque()
        self._next_size = 0  # the size of the item being put, under the mutex

    def put_sized(self, item: object, size: int, timeout: float | None) -> None:
        with self.not_full:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                by_count = 0 < self.maxsize <= self._qsize()
                by_size = self.bytes > 0 and self.bytes + size > self.max_bytes
                if not (by_count or by_size):
                    break
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise _Full(by_size=by_size and not by_count)
                self.not_full.wait(remaining)
            self._next_size = size
            self._put(item)
            self.unfinished_tasks += 1
            self.not_empty.notify()

    def _put(self, item: object) -> None:
        self.queue.append(item)
        self._sizes.append(self._next_size)
        self.bytes += self._next_size
        self._next_size = 0

    def _get(self) -> object:
        self.bytes -= self._sizes.popleft()
        return self.queue.popleft()


class Engine:
    """Runs commands from a bounded mailbox on one thread, committing them in groups.

    Every `submit` returns a Future that resolves after the command's transaction committed
    (to the handler's result) or was rolled back (to its exception). Waiting commands are
    taken up to `group_commit` at a time into one transaction, each in a savepoint of its
    own, so one failing command rolls back alone.
    """

    def __init__(
        self, runtime: Runtime, *, mailbox_size: int = MAILBOX_SIZE,
        group_commit: int = GROUP_COMMIT, mailbox_full: str = "block",
        submit_timeout: float = SUBMIT_TIMEOUT_S, mailbox_bytes: int = MAILBOX_BYTES,
    ) -> None:
        self.runtime = runtime
        self.group_commit = max(1, group_commit)
        self.mailbox_full = mailbox_full
        if self.mailbox_full not in ("block", "fail"):
            raise ValueError("mailbox_full must be 'block' or 'fail'")
        self.submit_timeout = submit_timeout
        # Any: items (_Item) and the _STOP sentinel share the mailbox.
        self._mailbox = _Mailbox(mailbox_size, mailbox_bytes)
        self._thread: threading.Thread | None = None
        self._accepting = False
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._state_lock = threading.Lock()
        self._finished_lock = threading.Lock()
        self._finished = False
        self._handed_over = 0  # the last position the worker handed to the delivery lanes
        # Written by the worker only, read from any thread (an int is read whole).
        self._commands_run = 0
        self._events_committed = 0
        # Commands whose commit a lost connection cut off, until the database tells (the
        # runtime's: its sync `process` settles them too).
        self.unknown_outcomes = runtime.unknown_outcomes

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._accepting

    def start(self) -> Engine:
        """Start the worker; raises here if the database cannot be opened."""
        with self._state_lock:
            if self._thread is not None:
                raise RuntimeError("an engine starts once")
            self._thread = threading.Thread(target=self._run, name="domain-engine", daemon=True)
            self._thread.start()
        self._started.wait()
        if self._start_error is not None:
            raise self._start_error
        self._accepting = True
        return self

    def stop(self, timeout: float | None = None, grace: float = STOP_GRACE_S) -> None:
        """Commit every accepted command, then let the delivery lanes deliver for up to
        `grace` seconds more: a handler still running then is left behind, and what it
        had not finished is delivered again at the next start."""
        with self._state_lock:
            if not self._accepting:
                return
            self._accepting = False
        self._mailbox.put(_STOP)  # behind every accepted command: FIFO
        if self._thread is not None:
            self._thread.join(timeout)
        self.runtime.stop_delivery(grace)

    def wait_delivered(self, timeout: float = STOP_GRACE_S) -> bool:
        """Wait until every event committed so far was delivered; whether it was in time."""
        delivery = self.runtime.delivery
        return delivery is None or delivery.wait_delivered(timeout)

    def __enter__(self) -> Engine:
        return self.start() if self._thread is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- messages --------------------------------------------------------------------------

    def submit(self, command: BaseCommand, timeout: float | None = None) -> Future[object]:
        """Put `command` in the mailbox; the Future resolves once it committed or failed.

        `timeout` overrides how long a full mailbox may block this call (0: not at all,
        which is what a GUI thread wants).
        """
        # An unknown command fails here, in the caller.
        handler = self.runtime.registry.handler_for(command)
        future: Future[object] = Future()
        # Its estimated size: the length of its JSON payload, once, here in the caller.
        self._put((command, future, handler), timeout, len(json.dumps(command.to_dict())))
        return future

    def query(self, function: Callable[[Store], T], timeout: float | None = None) -> Future[T]:
        """Run `function(store)` on the worker thread, between commands; `timeout` as for
        `submit`."""
        future: Future[T] = Future()
        self._put((_Query(function), future, None), timeout)
        return future

    def delivered(self) -> Future[int]:
        """A Future that resolves, to the last position this engine committed, once every
        command accepted before this call committed and the projections and callbacks
        (the delivery's main lane) received its events. Subscribers on lanes of their own
        (event handlers, the search index) may still be behind."""
        outer: Future[int] = Future()

        def mark(_store: Store) -> None:
            delivery = self.runtime.delivery
            position = self._handed_over
            if delivery is None:
                outer.set_result(position)
                return
            delivery.main.when_delivered(position).add_done_callback(
                partial(_copy_outcome, outer))

        self.query(mark).add_done_callback(
            lambda marked: _copy_outcome(outer, marked) if marked.exception() else None)
        return outer

    def subscribe(self, name: str, callback: Callable[[list[StoredEvent]], object],
                  after: int = 0) -> Subscriber:
        """`callback` gets each commit's delivered events as one batch, on the delivery's
        main lane, after the projections got them.

        It starts at its written position, or at `after` when that is later (what the
        caller has read for itself, and must not be given again): the events past it are
        delivered with the next commit.
        """
        if after:
            self.runtime.start_at(name, after)
        return self.runtime.subscribe(name, callback)

    def subscribe_from_now(self, name: str, callback: Callable[[list[StoredEvent]], object]
                           ) -> Future[tuple[Subscriber, int]]:
        """Subscribe at the last committed position, skipping history; resolves to the
        subscriber and that position. Runs on the worker, between commands."""

        def subscribe(store: Store) -> tuple[Subscriber, int]:
            position = store.last_position()
            self.runtime.start_at(name, position)
            return self.runtime.subscribe(name, callback), position

        return self.query(subscribe)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.runtime.unsubscribe(subscriber)

    @property
    def backlog(self) -> int:
        return self._mailbox.qsize()

    def tally(self) -> EngineTally:
        """What the worker has done so far, and where each subscriber's delivery stands in
        this process: counters and a copy of the lanes' positions, no query, so any thread
        may ask it every second."""
        delivery = self.runtime.delivery
        return EngineTally(at=time.monotonic(), commands=self._commands_run,
                           events=self._events_committed, mailbox=self.backlog,
                           head=self._handed_over,
                           positions=delivery.positions() if delivery is not None else {})

    def _put(self, item: _Item, timeout: float | None = None, size: int = 0) -> None:
        if not self._accepting:
            raise EngineStoppedError("the engine is not running")
        if timeout is None:
            timeout = 0.0 if self.mailbox_full == "fail" else self.submit_timeout
        try:
            self._mailbox.put_sized(item, size, timeout)
        except _Full as full:
            if full.by_size:
                raise MailboxFullError(
                    f"the engine's mailbox stayed full ({self._mailbox.max_bytes:,} bytes of "
                    f"waiting commands, by their estimated size)") from None
            raise MailboxFullError(
                f"the engine's mailbox stayed full ({self._mailbox.maxsize} waiting commands)"
            ) from None
        # A submit that waited on a full mailbox may land after the worker's last look.
        with self._finished_lock:
            if self._finished:
                self._refuse_leftovers()

    # -- the worker --------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            # Opened here: this thread owns its connection. The delivery lanes start
            # first, each with a connection of its own, and catch up.
            session = self.runtime.open(lanes=True)
        except BaseException as error:
            self._start_error = error
            self._started.set()
            return
        self._started.set()
        try:
            self._loop(session)
        except BaseException:  # the thread ends here either way; say why, once
            log.exception("the engine's worker stopped on an unexpected error")
        finally:
            self._accepting = False
            with self._finished_lock:
                self._finished = True
                self._refuse_leftovers()
            self.runtime.close()

    def _refuse_leftovers(self) -> None:
        """Answer whatever is still in the mailbox after the worker is gone."""
        while True:
            try:
                item = self._mailbox.get_nowait()
            except queue.Empty:
                return
            if item is _STOP:
                continue
            _message, future, _handler = item
            if future.set_running_or_notify_cancel():
                future.set_exception(EngineStoppedError("the engine stopped before running it"))

    def _loop(self, session: Session) -> None:
        stopping = False
        while not stopping:
            if self.unknown_outcomes:
                self.unknown_outcomes.settle(session.store)
            try:
                first = self._mailbox.get(timeout=IDLE_FLUSH_S)
            except queue.Empty:
                continue
            batch = [first]
            while len(batch) < self.group_commit and batch[-1] is not _STOP:
                try:
                    batch.append(self._mailbox.get_nowait())
                except queue.Empty:
                    break
            if batch[-1] is _STOP:
                batch.pop()
                stopping = True
            self._handle(batch, session)
        self._drain_after_stop(session)

    def _drain_after_stop(self, session: Session) -> None:
        # Submits that raced with stop() got into the mailbox behind the sentinel.
        late = []
        while True:
            try:
                late.append(self._mailbox.get_nowait())
            except queue.Empty:
                break
        if late:
            self._handle(late, session)

    def _handle(self, batch: list[_Item], session: Session) -> None:
        commands: list[tuple[BaseCommand, Future[object], CommandHandler]] = []
        for message, future, handler in batch:
            if not future.set_running_or_notify_cancel():
                continue  # cancelled while waiting
            if isinstance(message, _Query):
                self._run_commands(commands, session)
                commands = []
                self._answer(message, future, session.store)
            else:
                # A command always comes with its handler (see submit).
                commands.append((message, future, cast(CommandHandler, handler)))
        self._run_commands(commands, session)

    @staticmethod
    def _answer(query: _Query, future: Future[object], store: Store) -> None:
        try:
            future.set_result(query.function(store))
        except BaseException as error:
            future.set_exception(error)

    def _run_commands(self, commands: list[tuple[BaseCommand, Future[object], CommandHandler]],
                      session: Session) -> None:
        if not commands:
            return
        outcomes: list[Outcome] = []
        try:
            records = session.runner.run_group(
                [(command, handler) for command, _future, handler in commands], outcomes)
        except BaseException as error:  # the commit failed: nothing of the group is stored
            stopping = not isinstance(error, Exception)  # KeyboardInterrupt, SystemExit
            if stopping:
                self._accepting = False  # before anyone learns of it from a future
            for index, (command, future, _handler) in enumerate(commands):
                own = outcomes[index][1] if index < len(outcomes) else None
                if own is None and isinstance(error, CommitOutcomeUnknownError):
                    # ...unless the connection was lost at COMMIT: maybe it is stored.
                    self.unknown_outcomes.add(command)
                    future.set_exception(outcome_unknown(command, error))
                    continue
                future.set_exception(own or error)
            if stopping:
                raise  # every future of the group is answered; now the worker stops
            return
        # Counted before anyone is answered: whoever waits on a future sees them counted.
        self._commands_run += len(commands)
        self._events_committed += len(records)
        for (_command, future, _handler), (result, own_error) in zip(commands, outcomes,
                                                                     strict=True):
            if own_error is None:
                future.set_result(result)
            else:
                future.set_exception(own_error)
        session.runner.hand_over(records)
        if records:
            self._handed_over = records[-1].position
