"""A call that costs the GUI thread, paced: the next waits a multiple of what the last took."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Slot


class PacedCall(QObject):
    """Runs `call` when asked (`request`), at once if it has rested long enough since its
    last run, else once when it has: `pause_factor` times as long as that run took. Asked
    again and again meanwhile, it still runs once. So a call taking a few ms on a small
    table answers each request at once, and one taking 30 ms keeps at most about
    1 / (1 + pause_factor) of the thread, however often it is asked.
    """

    def __init__(self, call: Callable[[], None], pause_factor: float,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self._pause_factor = pause_factor
        self._ended_at = float("-inf")
        self._took = 0.0
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # never early
        self._timer.timeout.connect(self.run)

    @property
    def pending(self) -> bool:
        """Whether a run waits for its pause to end."""
        return self._timer.isActive()

    def request(self) -> None:
        """Run now, or once the pause after the last run ends."""
        if self._stopped or self._timer.isActive():
            return
        wait = self._ended_at + self._pause_factor * self._took - time.monotonic()
        if wait <= 0:
            self.run()
        else:
            self._timer.start(max(1, round(wait * 1000)))

    @Slot()
    def run(self) -> None:
        """Run now (a pending run is then not needed)."""
        self._timer.stop()
        started = time.monotonic()
        self._call()
        self._ended_at = time.monotonic()
        self._took = self._ended_at - started

    def stop(self) -> None:
        """Ignore requests from now on (what `call` reads is about to be closed)."""
        self._timer.stop()
        self._stopped = True
