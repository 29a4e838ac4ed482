"""A rebuild of projections on a thread of its own, its progress and outcome as Qt signals."""

from __future__ import annotations

import threading
from collections.abc import Collection

from PySide6.QtCore import QObject, Signal, Slot

from domain.bookshelf import Bookshelf
from domain.core.runtime.rebuild import RebuildCancelled


class RebuildJob(QObject):
    """Rebuilds projections beside the running engine: commands go on being committed (a
    rebuild on the engine's worker would hold them all until it ends).

    The rebuild reads the log a page per transaction into new tables and swaps them in at
    the end (Bookshelf.rebuild_projections); `cancel` stops it before the swap, and
    nothing of it is kept.

    Signals:
        progressed(int, int): positions applied so far and to apply, after each page.
        finished(int): the last position applied; the new tables are in use.
        cancelled(): stopped before its swap: the projections are as they were.
        failed(object): an error stopped it before its swap: the projections are as they
            were.
    """

    progressed = Signal(int, int)
    finished = Signal(int)
    cancelled = Signal()
    failed = Signal(object)
    _ended = Signal(object, object)  # the last position, or the error

    def __init__(self, bookshelf: Bookshelf, names: Collection[str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = tuple(names)
        self._bookshelf = bookshelf
        self._cancel = threading.Event()
        self._active = False  # from start until its outcome reached the GUI thread
        self._thread = threading.Thread(target=self._run, name="rebuild", daemon=True)
        # Emitted on the rebuild's thread, received on the GUI thread: Qt queues them.
        self._ended.connect(self._on_ended)

    def start(self) -> None:
        self._active = True
        self._thread.start()

    def cancel(self) -> None:
        """Stop before the next page (the swap, once begun, is one short transaction)."""
        self._cancel.set()

    def running(self) -> bool:
        """Started, and its outcome not yet signalled."""
        return self._active

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the rebuild's thread to end; whether it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            last = self._bookshelf.rebuild_projections(
                self.names, progress=self.progressed.emit, cancelled=self._cancel.is_set)
        except Exception as error:  # the rebuild undid itself; say why on the GUI thread
            self._ended.emit(None, error)
            return
        self._ended.emit(last, None)

    @Slot(object, object)
    def _on_ended(self, last: int | None, error: BaseException | None) -> None:
        self._active = False
        if error is None and last is not None:
            self.finished.emit(last)
        elif isinstance(error, RebuildCancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(error)
