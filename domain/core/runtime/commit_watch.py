"""Other processes' commits heard on a server, passed on to this process's delivery lanes, so
that an idle process delivers them at once rather than with its own next commit."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from domain.core.errors import StorageError
from domain.core.storage import open_commit_listener
from domain.core.storage.port import CommitListening

log = logging.getLogger(__name__)

# How long one wait lasts; a stop interrupts it (the listener's socket is shut).
WAIT_S = 60.0
# After a lost connection, the first pause before connecting again, and the longest.
RETRY_S = 0.5
MAX_RETRY_S = 10.0


class CommitWatch:
    """A thread listening on the store's commits channel; each newest position heard goes
    to `on_commit`. A lost connection is said in the log and made again, with what was
    committed meanwhile passed on as one position."""

    def __init__(self, location: str, on_commit: Callable[[int], None]) -> None:
        self._location = location
        self._on_commit = on_commit
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._listener: CommitListening | None = None
        self._thread = threading.Thread(target=self._run, name="commit-watch", daemon=True)

    def start(self) -> CommitWatch:
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        with self._lock:
            listener = self._listener
        if listener is not None:
            listener.interrupt()  # its wait ends now, with a StorageError
        self._thread.join(timeout)

    def _run(self) -> None:
        listener: CommitListening | None = None
        pause = RETRY_S
        while not self._stopping.is_set():
            try:
                if listener is None:
                    listener = open_commit_listener(self._location)
                    if listener is None:
                        return  # not a server: nothing to hear
                    with self._lock:
                        self._listener = listener
                    if self._stopping.is_set():
                        break  # stopped while connecting: nobody interrupts this one
                    self._on_commit(listener.last_position())  # what was missed
                    pause = RETRY_S
                heard = listener.wait(WAIT_S)
                if heard is not None:  # 0: a commit that appended nothing
                    self._on_commit(heard)
            except StorageError as error:
                if self._stopping.is_set():
                    break  # interrupted by stop()
                log.warning("not hearing other processes' commits: %s; trying again in "
                            "%.1f s", error, pause)
                if listener is not None:
                    with self._lock:
                        self._listener = None
                    listener.close()
                    listener = None
                self._stopping.wait(pause)
                pause = min(MAX_RETRY_S, pause * 2)
            except Exception:
                log.exception("the commit watch stopped on an unexpected error")
                break
        if listener is not None:
            listener.close()
