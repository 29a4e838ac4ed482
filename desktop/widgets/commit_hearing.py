"""Hearing a PostgreSQL server's commit announcements on a thread of its own, as signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from domain.core import StorageError
from domain.core.storage.server import CommitWaiter, listen_for_commits

log = logging.getLogger(__name__)

# How long one wait blocks on the socket. `stop` interrupts a wait at once; this only
# bounds one that somehow was not (and sends nothing to the server when it runs out).
WAIT_S = 60.0
FIRST_RETRY_S = 0.5
LONGEST_RETRY_S = 10.0


class CommitHearing(QObject):
    """Blocks in a CommitListener's `wait` on its own thread and says what it heard.

    Heard positions are coalesced: while one `heard` waits in the GUI thread's queue no
    other is sent, and `newest()` gives the newest heard so far (a flood of commits makes
    one signal per turn of the GUI's loop, not one per commit). A lost connection is said
    and listened again with growing pauses (FIRST_RETRY_S doubling up to LONGEST_RETRY_S);
    nothing here raises into the GUI.

    Signals:
        heard(): a commit was announced; `newest()` says up to where.
        listening(): listening (again): commits made before were not heard, read them.
        lost(str): the connection could not be made or was lost, why, and when it is tried
            again.
    """

    heard = Signal()
    listening = Signal()
    lost = Signal(str)

    def __init__(self, address: str,
                 listen: Callable[[str], CommitWaiter] = listen_for_commits,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self._listen = listen
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._newest = 0
        self._pending = False
        self._listener: CommitWaiter | None = None  # the one waiting, for `stop` to wake
        self._thread = threading.Thread(target=self._run, name="commit-hearing", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop listening: the wait is interrupted, and this returns once the thread has
        ended, or after `timeout` when it is still connecting (it then ends on its own,
        saying nothing more)."""
        with self._lock:
            self._stop.set()
            if self._listener is not None:
                self._listener.interrupt()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def newest(self) -> int:
        """The newest position heard; the next commit heard sends `heard` again."""
        with self._lock:
            self._pending = False
            return self._newest

    def _run(self) -> None:
        pause = FIRST_RETRY_S
        while not self._stop.is_set():
            try:
                listener = self._listen(self.address)
            except (StorageError, ImportError) as error:
                self._said_lost(error, pause)
                self._stop.wait(pause)
                pause = min(pause * 2, LONGEST_RETRY_S)
                continue
            with self._lock:
                stopped = self._stop.is_set()  # while connecting: nobody is listening
                self._listener = None if stopped else listener
            if stopped:
                _close_quietly(listener)
                return
            pause = FIRST_RETRY_S
            # Emitted on this thread, received on the GUI thread: Qt queues the signals.
            self.listening.emit()
            try:
                self._hear(listener)
            except StorageError as error:
                self._said_lost(error, pause)
                self._stop.wait(pause)
            finally:
                with self._lock:
                    self._listener = None
                _close_quietly(listener)

    def _hear(self, listener: CommitWaiter) -> None:
        while not self._stop.is_set():
            position = listener.wait(WAIT_S)
            if position is None:
                continue
            with self._lock:
                self._newest = max(self._newest, position)
                if self._pending:
                    continue
                self._pending = True
            self.heard.emit()

    def _said_lost(self, error: BaseException, pause: float) -> None:
        if self._stop.is_set():
            return
        log.warning("not hearing commits: %s; trying again in %.1f s", error, pause)
        self.lost.emit(f"{error} — trying again in {pause:.0f} s" if pause >= 1
                       else f"{error} — trying again")


def _close_quietly(listener: CommitWaiter) -> None:
    try:
        listener.close()
    except Exception:  # noqa: BLE001  a lost connection may refuse even to close
        log.debug("the lost listener did not close cleanly", exc_info=True)
