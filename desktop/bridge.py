"""The one place where engine callbacks (worker thread) become Qt signals (GUI thread)."""

from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from domain.readside import EventRow

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine
    from domain.core.runtime.subscribers import Subscriber
    from domain.core.storage.sqlite.store import StoredEvent

SUBSCRIBER_NAME = "desktop"
FLUSH_INTERVAL_MS = 16


class Bridge(QObject):
    """Subscribes to the engine and re-emits what it delivers on the GUI thread.

    The engine calls back on its worker thread once per commit. Converting the events to
    plain rows happens there; the rows go into a locked buffer, and at most one flush is
    queued to the GUI thread at a time, no sooner than FLUSH_INTERVAL_MS after the last
    one. A flood of commits therefore costs the GUI thread about 60 flushes a second,
    while a lone command is shown at once.

    Signals:
        eventsDelivered(list): a batch of EventRow, oldest first, after the projections
            for those events were committed.
        commandSucceeded(int, object): the request id that `submit` returned and the
            handler's result. Arrives before the command's events.
        commandFailed(int, object): the request id and the exception (ValidationError,
            DomainRuleError, StorageError, MailboxFullError, EngineStoppedError, ...).
    """

    eventsDelivered = Signal(list)
    commandSucceeded = Signal(int, object)
    commandFailed = Signal(int, object)
    _flushRequested = Signal()
    _answered = Signal(int, object, object)

    def __init__(self, engine: Engine, parent: QObject | None = None,
                 flush_interval_ms: int = FLUSH_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.engine = engine
        self._lock = threading.Lock()
        self._buffer: list[EventRow] = []
        self._flush_queued = False
        self._last_flush = 0.0
        self._interval_s = flush_interval_ms / 1000
        self._requests = itertools.count(1)
        self._subscriber: Subscriber | None = None
        self._detached = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)
        # Emitted on the worker, received here on the GUI thread: Qt queues it.
        self._flushRequested.connect(self._on_flush_requested)
        # Queued even when emitted on the GUI thread (a future already done, a refused
        # submit): the caller always holds its request id before the answer arrives.
        self._answered.connect(self._on_answered, Qt.ConnectionType.QueuedConnection)

    # -- lifecycle -----------------------------------------------------------------------

    def attach(self) -> None:
        """Subscribe to the engine's deliveries (its checkpoint is kept as "desktop")."""
        if self._subscriber is None:
            self._subscriber = self.engine.subscribe(SUBSCRIBER_NAME, self._deliver)

    def detach(self) -> None:
        """Unsubscribe, so the module-level domain can be opened again without us.

        Signals still queued to the GUI thread are dropped: the window that listened may
        already have closed its read connection.
        """
        self._detached = True
        self._timer.stop()
        if self._subscriber is not None:
            self.engine.domain.unsubscribe(self._subscriber)
            self._subscriber = None

    # -- commands ------------------------------------------------------------------------

    def submit(self, command: Any) -> int:
        """Send `command` to the engine; its outcome comes back as a signal with the id.

        Never blocks: a full mailbox refuses the command at once (MailboxFullError, as
        `commandFailed`) rather than freeze the window until the engine catches up.
        """
        request = next(self._requests)
        try:
            future = self.engine.submit(command, timeout=0)
        except Exception as error:  # stopped engine, full mailbox: still an answer
            self._answered.emit(request, None, error)
            return request
        future.add_done_callback(lambda done: self._answer(request, done))
        return request

    def _answer(self, request: int, future: Future) -> None:
        # Runs on the worker thread, before the command's events are delivered.
        error = future.exception()
        self._answered.emit(request, None if error else future.result(), error)

    @Slot(int, object, object)
    def _on_answered(self, request: int, result: Any, error: BaseException | None) -> None:
        if self._detached:
            return
        if error is None:
            self.commandSucceeded.emit(request, result)
        else:
            self.commandFailed.emit(request, error)

    # -- events --------------------------------------------------------------------------

    def _deliver(self, batch: list[StoredEvent]) -> None:
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
