"""A background thread that moves the WAL into the database file, off the commit path."""

from __future__ import annotations

import logging
import sqlite3
import threading

from domain.core.storage.sqlite.connection import BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)

INTERVAL_S = 0.5
# The writer checkpoints by itself only when the WAL grows past this many pages, as a
# safety net; normally this thread has done it long before.
WRITER_AUTOCHECKPOINT_PAGES = 10_000


class WalCheckpointer:
    """Runs PASSIVE checkpoints on a connection of its own every INTERVAL_S.

    SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 pages, which
    makes that one commit milliseconds late. A passive checkpoint from another connection
    never blocks the writer, and SQLite releases the GIL while it copies pages, so the
    work goes to the other core.
    """

    _shared: dict[str, tuple[WalCheckpointer, int]] = {}
    _shared_lock = threading.Lock()

    def __init__(self, path: str, interval: float = INTERVAL_S) -> None:
        self.path = path
        self.interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpointer", daemon=True)

    @classmethod
    def shared(cls, path: str) -> WalCheckpointer:
        """The one checkpointer of `path` in this process, started by its first user; each
        user calls `release()` once (the engine's worker and delivery threads each have a
        connection, and one checkpointer serves them all)."""
        with cls._shared_lock:
            running, users = cls._shared.get(path, (None, 0))
            if running is None:
                running = cls(path).start()
            cls._shared[path] = (running, users + 1)
            return running

    def release(self) -> None:
        """One user of a shared checkpointer is done; the last one stops it."""
        with self._shared_lock:
            running, users = self._shared.get(self.path, (None, 0))
            if running is not self:
                self.stop()
                return
            if users > 1:
                self._shared[self.path] = (self, users - 1)
                return
            del self._shared[self.path]
        self.stop()

    def start(self) -> WalCheckpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error:
            log.exception("the WAL checkpointer could not open %s", self.path)
            return
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            while not self._stopped.wait(self.interval):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:
                    log.warning("a WAL checkpoint of %s failed; the writer will do it", self.path)
        finally:
            connection.close()
