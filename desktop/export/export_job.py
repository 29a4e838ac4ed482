"""The export on a thread of its own, with its own reader; its progress and outcome as signals."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from domain.core.storage import open_reader
from domain.core.storage.port import EventResolver
from domain.readside import EventFilter, EventLog
from domain.readside.export import (
    ExportCancelled,
    ExportFormat,
    ExportProgress,
    ExportSummary,
    export_events,
)


class ExportJob(QObject):
    """Runs `export_events` off the GUI thread: a million events take seconds to write.

    The thread opens a reader of its own (SQLite connections never cross threads), as the
    window's was opened (a read-only window creates no file beside the store).

    Signals:
        progressed(object): an ExportProgress, after each page.
        exported(object): the ExportSummary of a whole export.
        cancelled(): cancelled; nothing was written.
        failed(object): the error; nothing was written.
    """

    progressed = Signal(object)
    exported = Signal(object)
    cancelled = Signal()
    failed = Signal(object)

    def __init__(self, location: str, create_nothing: bool, target: Path, form: ExportFormat,
                 selection: EventFilter, parent: QObject | None = None,
                 resolve_event: EventResolver | None = None) -> None:
        super().__init__(parent)
        self.location, self.create_nothing = location, create_nothing
        # The window reader's: payloads in their class's field order on either backend.
        self.resolve_event = resolve_event
        self.target, self.form, self.selection = target, form, selection
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="export-events", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Stop after the page being written; the export then leaves no file."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the export to end (the window waits before it closes the database)."""
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        # Emitted on this thread, received on the GUI thread: Qt queues the signals.
        try:
            summary = self._export()
        except ExportCancelled:
            self.cancelled.emit()
            return
        except Exception as error:  # a full disk, a folder gone: said in the window
            self.failed.emit(error)
            return
        self.exported.emit(summary)

    def _export(self) -> ExportSummary:
        reader = open_reader(self.location, self.create_nothing, self.resolve_event)
        try:
            return export_events(EventLog(reader), self.target, self.form, self.selection,
                                 progress=self._progressed, cancelled=self._cancel.is_set)
        finally:
            reader.close()

    def _progressed(self, progress: ExportProgress) -> None:
        self.progressed.emit(progress)
