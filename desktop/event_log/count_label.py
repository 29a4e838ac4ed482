"""The event log's count: how many events the store holds under the filter, counted in steps."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel, QWidget

from desktop.widgets.paced_call import PacedCall
from domain.readside import EventCount, EventFilter, EventLog, SearchScope

# A step may take STEP_TIME_S (10 ms); the next waits as long as it took: a long count
# keeps at most half of the window's thread, and a step never holds it long.
PAUSE_FACTOR = 1.0


class EventCountLabel(QLabel):
    """Says how many events of the log pass the filter: `11,700 events`, or `at least
    826 events` while it counts (from the newest back, a step at a time, paced, on this
    thread: the reader is this thread's), or where the filter's scope leaves part of the
    log out. Events committed later are counted as they are known (`extend`).
    """

    def __init__(self, log: EventLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventLogCount")
        self.log = log
        self._count: EventCount | None = None
        self._hints = ""
        self._stopped = False
        self._paced = PacedCall(self._step, PAUSE_FACTOR, self)
        # The next step is asked for once this one has returned, so that its pause counts.
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._paced.request)

    @property
    def counting(self) -> bool:
        """Whether a count is under way (the text says "at least")."""
        return self._count is not None and not self._count.done

    @property
    def step_pending(self) -> bool:
        """Whether a step waits to run."""
        return self._next.isActive() or self._paced.pending

    def count(self, selection: EventFilter, scope: SearchScope) -> None:
        """Count anew, for a new filter: the first step at once (a small log is counted
        by it), the rest paced."""
        self._count = EventCount(self.log, selection, scope, self.log.last_position())
        self._paced.run()

    def extend(self, last: int) -> None:
        """Events were committed up to `last`: count those that pass the filter too."""
        if self._count is not None and not self._stopped:
            self._count.extend(last)
            self._paced.request()

    def set_hints(self, hints: str) -> None:
        """What the tooltip adds after what the count is (where more rows can be read)."""
        self._hints = hints
        self._show()

    def stop(self) -> None:
        """Count no more (the reader is about to be closed); the text stays."""
        self._stopped = True
        self._next.stop()
        self._paced.stop()

    @Slot()
    def _step(self) -> None:
        if self._count is None:
            return
        self._count.step()
        self._show()
        if not self._count.done:
            self._next.start()

    def _show(self) -> None:
        if self._count is None:
            return
        self.setText(self._count.text())
        if self.counting:
            about = "Counting the events under the filter, the newest first…"
        elif not self._count.exact:
            about = "The search looked at part of the log only (the note under the filters" \
                    " says which): the store holds at least this many under the filter."
        else:
            about = "The events the store holds under the filter."
        self.setToolTip(f"{about} {self._hints}".strip())
