"""The event log's count: the events the store holds under the filter, counted off this thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from domain.core.storage import open_reader
from domain.readside import (
    BackgroundCount,
    EventFilter,
    EventLog,
    Progress,
    SearchScope,
    count_text,
)


class _Relay(QObject):
    """Carries the counting thread's reports to the label, queued to the label's thread.
    Not the label's child: the thread may report once more after the label is gone."""

    reported = Signal(object)

    def send(self, progress: Progress) -> None:
        # A method, so that the thread holds the relay itself: a bound signal would not.
        self.reported.emit(progress)


class EventCountLabel(QLabel):
    """Says how many events of the log pass the filter: `11,700 events`, or `at least
    826 events` while counting, or where the filter's scope leaves part of the log out.

    The count runs on a thread of its own with its own reader (BackgroundCount), from the
    newest back: a count through a million events never holds the window's thread. Until
    its first report, the rows the log shows are the lower bound. Events committed later
    are counted as they become known (`extend`).

    Signals:
        reported(): a report of the count was shown.
    """

    reported = Signal()

    def __init__(self, log: EventLog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventLogCount")
        self.log = log
        self._hints = ""
        self._request = 0
        self._known = 0  # rows shown under the filter: at least those are stored
        self._progress: Progress | None = None
        self._relay = _Relay()
        self._relay.reported.connect(self._show_progress)
        # Opened as the log's own is (a read-only window creates no file beside the store).
        location, create_nothing = log.reader.location, log.reader.create_nothing
        self._counter = BackgroundCount(lambda: open_reader(location, create_nothing),
                                        self._relay.send)
        # Not a method of the label: it is gone by then.
        self.destroyed.connect(lambda _label, counter=self._counter: counter.stop())

    @property
    def running(self) -> bool:
        """Whether its thread is there to count (until `stop`)."""
        return self._counter.running

    @property
    def counting(self) -> bool:
        """Whether the count under way has not reached its end (the text says "at least")."""
        return self._progress is None or not self._progress.done

    def count(self, selection: EventFilter, scope: SearchScope, known: int) -> None:
        """Count anew, for a new filter; `known`: how many rows the log shows."""
        self._known, self._progress = known, None
        self._request = self._counter.count(selection, scope, self.log.last_position())
        self._show()

    def extend(self, last: int) -> None:
        """Events were committed up to `last`: count those that pass the filter too."""
        self._counter.extend(last)

    def set_hints(self, hints: str) -> None:
        """What the tooltip adds after what the count is (where more rows can be read)."""
        self._hints = hints
        self._show()

    def stop(self) -> None:
        """Count no more and close the counting thread's reader; the text stays."""
        self._counter.stop()

    @Slot(object)
    def _show_progress(self, progress: Progress) -> None:
        if progress.request == self._request:  # not an earlier filter's
            self._progress = progress
            self._show()
            self.reported.emit()

    def _show(self) -> None:
        progress = self._progress
        if progress is not None and progress.done:
            self.setText(count_text(progress.counted, progress.exact))
        else:
            counted = 0 if progress is None else progress.counted
            self.setText(count_text(max(counted, self._known), False))
        if self.counting:
            about = "Counting the events under the filter, the newest first…"
        elif progress is not None and not progress.exact:
            about = "The search looked at part of the log only (the note under the filters" \
                    " says which): the store holds at least this many under the filter."
        else:
            about = "The events the store holds under the filter."
        self.setToolTip(f"{about} {self._hints}".strip())
