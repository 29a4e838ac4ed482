"""The engine: the domain as an actor, one worker thread that owns the write connection."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from domain.core.errors import EngineStoppedError, MailboxFullError
from domain.core.metadata import caused_by

if TYPE_CHECKING:
    from domain.core.domain import Domain
    from domain.core.runtime.subscribers import Subscriber
    from domain.core.storage.sqlite.store import Store, StoredEvent

log = logging.getLogger(__name__)

_STOP = object()
IDLE_FLUSH_S = 0.5


class _Query:
    """A read to run on the worker thread, against its connection."""

    def __init__(self, function: Callable[[Store], Any]) -> None:
        self.function = function


class Engine:
    """Runs commands from a bounded mailbox on one thread, committing them in groups.

    Every `submit` returns a Future that resolves after the command's transaction committed
    (to the handler's result) or was rolled back (to its exception). Waiting commands are
    taken up to `group_commit` at a time into one transaction, each in a savepoint of its
    own, so one failing command rolls back alone.
    """

    def __init__(
        self, domain: Domain, *, mailbox_size: int | None = None, group_commit: int | None = None,
        mailbox_full: str | None = None, submit_timeout: float | None = None,
    ) -> None:
        config = domain.config
        self.domain = domain
        self.group_commit = max(1, group_commit or config["group_commit"])
        self.mailbox_full = mailbox_full or config["mailbox_full"]
        if self.mailbox_full not in ("block", "fail"):
            raise ValueError("mailbox_full must be 'block' or 'fail'")
        self.submit_timeout = config["submit_timeout"] if submit_timeout is None else submit_timeout
        self._mailbox: queue.Queue[Any] = queue.Queue(mailbox_size or config["mailbox_size"])
        self._thread: threading.Thread | None = None
        self._accepting = False
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._state_lock = threading.Lock()
        self._finished_lock = threading.Lock()
        self._finished = False

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

    def stop(self, timeout: float | None = None) -> None:
        """Finish every accepted command, deliver its events, and close the connection."""
        with self._state_lock:
            if not self._accepting:
                return
            self._accepting = False
        self._mailbox.put(_STOP)  # behind every accepted command: FIFO
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> Engine:
        return self.start() if self._thread is None else self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- messages --------------------------------------------------------------------------

    def submit(self, command: Any, timeout: float | None = None) -> Future:
        """Put `command` in the mailbox; the Future resolves once it committed or failed.

        `timeout` overrides how long a full mailbox may block this call (0: not at all,
        which is what a GUI thread wants).
        """
        handler = self.domain.handler_for(command)  # an unknown command fails here, in the caller
        future: Future = Future()
        self._put((command, future, handler), timeout)
        return future

    def query(self, function: Callable[[Store], Any]) -> Future:
        """Run `function(store)` on the worker thread, between commands."""
        future: Future = Future()
        self._put((_Query(function), future, None))
        return future

    def subscribe(self, name: str, callback: Callable[[list[StoredEvent]], Any]) -> Subscriber:
        """`callback` gets each commit's delivered events as one batch, on the worker thread."""
        return self.domain.subscribe(name, callback)

    @property
    def backlog(self) -> int:
        return self._mailbox.qsize()

    def _put(self, item: tuple[Any, Future, Any], timeout: float | None = None) -> None:
        if not self._accepting:
            raise EngineStoppedError("the engine is not running")
        if timeout is None:
            timeout = 0.0 if self.mailbox_full == "fail" else self.submit_timeout
        try:
            self._mailbox.put(item, timeout=timeout)
        except queue.Full:
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
            store = self.domain.store  # opened here: this thread owns the connection
            dispatcher = self.domain.dispatcher
        except BaseException as error:
            self._start_error = error
            self._started.set()
            return
        self._started.set()
        try:
            with self.domain.domain_context():
                self._loop(store, dispatcher)
        except BaseException:  # the thread ends here either way; say why, once
            log.exception("the engine's worker stopped on an unexpected error")
        finally:
            self._accepting = False
            with self._finished_lock:
                self._finished = True
                self._refuse_leftovers()
            self.domain.close()

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

    def _loop(self, store: Store, dispatcher: Any) -> None:
        stopping = False
        while not stopping:
            timeout = min(IDLE_FLUSH_S, max(0.0, dispatcher.next_retry_at - time.time()))
            try:
                first = self._mailbox.get(timeout=timeout)
            except queue.Empty:
                self._idle(store, dispatcher)
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
            self._handle(batch, store, dispatcher)
        self._drain_after_stop(store, dispatcher)

    def _drain_after_stop(self, store: Store, dispatcher: Any) -> None:
        # Submits that raced with stop() got into the mailbox behind the sentinel.
        late = []
        while True:
            try:
                late.append(self._mailbox.get_nowait())
            except queue.Empty:
                break
        if late:
            self._handle(late, store, dispatcher)
        store.flush_checkpoints()

    def _idle(self, store: Store, dispatcher: Any) -> None:
        try:
            if time.time() >= dispatcher.next_retry_at:
                dispatcher.retry_due()
            store.flush_checkpoints()
        except Exception:
            log.exception("idle work of the engine failed")

    def _handle(self, batch: list[tuple[Any, Future, Any]], store: Store,
                dispatcher: Any) -> None:
        commands = []
        for message, future, handler in batch:
            if not future.set_running_or_notify_cancel():
                continue  # cancelled while waiting
            if isinstance(message, _Query):
                self._run_commands(commands, store, dispatcher)
                commands = []
                self._answer(message, future, store)
            else:
                commands.append((message, future, handler))
        self._run_commands(commands, store, dispatcher)

    @staticmethod
    def _answer(query: _Query, future: Future, store: Store) -> None:
        try:
            future.set_result(query.function(store))
        except BaseException as error:
            future.set_exception(error)

    def _run_commands(self, commands: list[tuple[Any, Future, Any]], store: Store,
                      dispatcher: Any) -> None:
        if not commands:
            return
        outcomes: list[tuple[Future, Any, BaseException | None]] = []
        try:
            with store.unit_of_work() as unit:
                for command, future, handler in commands:
                    outcomes.append((future, *self._run_one(command, handler, store)))
        except BaseException as error:  # the commit failed: nothing of the group is stored
            stopping = not isinstance(error, Exception)  # KeyboardInterrupt, SystemExit
            if stopping:
                self._accepting = False  # before anyone learns of it from a future
            own_errors = {id(future): own for future, _result, own in outcomes}
            for _command, future, _handler in commands:
                future.set_exception(own_errors.get(id(future)) or error)
            if stopping:
                raise  # every future of the group is answered; now the worker stops
            return
        for future, result, error in outcomes:
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)
        try:
            dispatcher.deliver(unit.records)
        except Exception:
            log.exception("delivering events failed")

    @staticmethod
    def _run_one(command: Any, handler: Callable[[Any], Any], store: Store
                 ) -> tuple[Any, BaseException | None]:
        try:
            with caused_by(command._metadata), store.unit_of_work():
                # A savepoint of its own: a failing command rolls back alone.
                return handler(command), None
        except Exception as error:
            return None, error
