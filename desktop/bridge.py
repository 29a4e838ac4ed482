"""The one place where engine callbacks (delivery lane) become Qt signals (GUI thread)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from desktop.errors import is_unexpected
from domain.core import StorageError
from domain.readside import EventRow

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine
    from domain.core.storage.port import Store
    from domain.core.stored_event import StoredEvent
    from domain.core.subscriber import Subscriber

SUBSCRIBER_NAME = "desktop"
FLUSH_INTERVAL_MS = 16

# What `submit` calls back with, on the GUI thread: the handler's result, or the error.
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


def ignore(_answer: Any) -> None:
    """The callback of a caller that does not wait for the answer."""


class Answer(NamedTuple):
    """Where one request's outcome goes: the asker's two callbacks."""

    on_done: OnDone
    on_error: OnError


class Bridge(QObject):
    """Subscribes to the engine and re-emits what it delivers on the GUI thread.

    Without an engine (a read-only window) nothing is delivered, and every submitted
    command is refused with a StorageError saying so.

    The engine calls back on its delivery lane once per commit. Converting the events to
    plain rows happens there; the rows go into a locked buffer, and at most one flush is
    queued to the GUI thread at a time, no sooner than FLUSH_INTERVAL_MS after the last
    one. A flood of commits therefore costs the GUI thread about 60 flushes a second,
    while a lone command is shown at once.

    A command's outcome goes only to the one who submitted it, through the callbacks it
    passed to `submit`, on the GUI thread, before the command's events are delivered.

    Signals:
        eventsDelivered(list): a batch of EventRow, oldest first, after the projections
            for those events were committed.
        unexpectedError(object): a command's error that is not an answer about the request
            itself (StorageError, EngineStoppedError, a bug; see desktop.errors), right
            after the asker's `on_error` got it: the window shows it in a dialog.
    """

    eventsDelivered = Signal(list)
    unexpectedError = Signal(object)
    _flushRequested = Signal()
    _answered = Signal(object, object, object)  # Answer, result, error

    def __init__(self, engine: Engine | None, parent: QObject | None = None,
                 flush_interval_ms: int = FLUSH_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.engine = engine
        self._lock = threading.Lock()
        self._buffer: list[EventRow] = []
        self._flush_queued = False
        self._last_flush = 0.0
        self._interval_s = flush_interval_ms / 1000
        self._subscriber: Subscriber | None = None
        self._detached = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)
        # Emitted on a lane, received here on the GUI thread: Qt queues it.
        self._flushRequested.connect(self._on_flush_requested)
        # Queued even when emitted on the GUI thread (a future already done, a refused
        # submit): the caller always finishes what it was doing before its callback runs.
        self._answered.connect(self._on_answered, Qt.ConnectionType.QueuedConnection)

    # -- lifecycle -----------------------------------------------------------------------

    def attach(self, after: int = 0) -> None:
        """Subscribe to the engine's deliveries (its position is kept as "desktop"), past
        `after`: the window reads what it shows up to there itself, and history is never
        delivered again (a store written by another program would otherwise be fed to the
        window whole, from its first event)."""
        if self._subscriber is None and self.engine is not None:
            self._subscriber = self.engine.subscribe(SUBSCRIBER_NAME, self._receive,
                                                     after=after)

    def detach(self) -> None:
        """Unsubscribe: the engine's later deliveries no longer reach this window.

        Signals still queued to the GUI thread are dropped: the window that listened may
        already have closed its read connection.
        """
        self._detached = True
        self._timer.stop()
        if self._subscriber is not None and self.engine is not None:
            self.engine.unsubscribe(self._subscriber)
            self._subscriber = None

    # -- commands ------------------------------------------------------------------------

    def submit(self, command: Any, on_done: OnDone = ignore,
               on_error: OnError = ignore) -> None:
        """Send `command` to the engine; `on_done(result)` or `on_error(error)` follows.

        Exactly one of the two is called, on the GUI thread, always after `submit` has
        returned, and never once the bridge is detached. Never blocks: a full mailbox or a
        stopped engine refuses the command at once, and the refusal (MailboxFullError,
        EngineStoppedError) comes to `on_error` like any other failure. Without callbacks
        the command is fire-and-forget: its events tell what it did, and an unexpected
        error still reaches `unexpectedError`.
        """
        self._ask(lambda: self._engine().submit(command, timeout=0), Answer(on_done, on_error))

    def run_on_worker(self, function: Callable[[Store], Any], on_done: OnDone = ignore,
                      on_error: OnError = ignore) -> None:
        """Run `function(store)` on the engine's worker, between commands (a retry, a
        skip: domain code never runs on the GUI thread); answered as `submit` is."""
        self._ask(lambda: self._engine().query(function, timeout=0), Answer(on_done, on_error))

    def _engine(self) -> Engine:
        if self.engine is None:
            raise StorageError("the database is open read-only: nothing was written")
        return self.engine

    def _ask(self, put: Callable[[], Future[Any]], answer: Answer) -> None:
        try:
            future = put()
        except Exception as error:  # stopped engine, full mailbox: still an answer
            self._answered.emit(answer, None, error)
            return
        future.add_done_callback(lambda done: self._answer(answer, done))

    def _answer(self, answer: Answer, future: Future) -> None:
        # Runs on the worker thread, before the command's events are delivered.
        error = future.exception()
        self._answered.emit(answer, None if error else future.result(), error)

    @Slot(object, object, object)
    def _on_answered(self, answer: Answer, result: Any, error: BaseException | None) -> None:
        if self._detached:
            return
        if error is None:
            answer.on_done(result)
            return
        answer.on_error(error)
        if is_unexpected(error):
            self.unexpectedError.emit(error)

    # -- events --------------------------------------------------------------------------

    def _receive(self, batch: list[StoredEvent]) -> None:
        rows = [EventRow.from_stored(stored) for stored in batch]  # on the worker thread
        with self._lock:
            self._buffer.extend(rows)
            if self._flush_queued:
                return
            self._flush_queued = True
        self._flushRequested.emit()

    @Slot()
    def _on_flush_requested(self) -> None:
        wait = self._last_flush + self._interval_s - time.monotonic()
        if wait <= 0:
            self._flush()
        elif not self._timer.isActive():
            self._timer.start(max(1, round(wait * 1000)))

    @Slot()
    def _flush(self) -> None:
        """Hand the buffered rows to the GUI in one signal."""
        with self._lock:
            rows, self._buffer = self._buffer, []
            self._flush_queued = False
        self._last_flush = time.monotonic()
        if rows and not self._detached:
            self.eventsDelivered.emit(rows)

    def flush_now(self) -> None:
        """Deliver whatever is buffered right away (after the engine stopped, say)."""
        self._timer.stop()
        self._flush()
