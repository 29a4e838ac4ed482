"""File > Export events…: what to export, the progress dialog with Cancel, and the outcome."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QProgressDialog, QWidget

from desktop.export.export_job import ExportJob
from domain.core import StorageError
from domain.core.storage.port import EventResolver
from domain.readside import NO_FILTER, EventFilter
from domain.readside.export import (
    ExportFormat,
    ExportProgress,
    ExportSummary,
    refuse_bad_target,
)

STEPS = 1000  # the progress bar's resolution: positions read of the last one


class EventExport(QObject):
    """One export of the events of the store at `location` to `target`.

    `shown` is the filter of the event log; when it filters, the person chooses between
    all events and what it shows. A cancelled or failed export leaves no file, and says so.

    Signals:
        said(str): the outcome, for the status bar.
        ended(): it is over (exported, cancelled, failed, or not started).
    """

    said = Signal(str)
    ended = Signal()

    def __init__(self, parent: QWidget, location: str, create_nothing: bool, target: Path,
                 shown: EventFilter, resolve_event: EventResolver | None = None) -> None:
        super().__init__(parent)
        self.window = parent
        self.location, self.create_nothing = location, create_nothing
        self.resolve_event = resolve_event
        self.target, self.shown = target, shown
        self.question: QMessageBox | None = None
        self.dialog: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self.job: ExportJob | None = None

    def start(self) -> None:
        """Ask what to export when the log is filtered, then export it."""
        if self.shown.empty:
            self.export(NO_FILTER)
            return
        self.question = QMessageBox(
            QMessageBox.Icon.Question, "Export events",
            "Export all events, or only those the event log's filters show?",
            QMessageBox.StandardButton.NoButton, self.window)
        self.question.setObjectName("exportScopeDialog")
        shown = self.question.addButton("What the filters show",
                                        QMessageBox.ButtonRole.AcceptRole)
        shown.setObjectName("exportFiltered")
        every = self.question.addButton("All events", QMessageBox.ButtonRole.AcceptRole)
        every.setObjectName("exportAll")
        self.question.addButton(QMessageBox.StandardButton.Cancel).setObjectName(
            "exportCancel")
        self.question.setDefaultButton(shown)
        self.question.buttonClicked.connect(self._scope_chosen)
        self.question.open()

    @Slot(QAbstractButton)
    def _scope_chosen(self, button: QAbstractButton) -> None:
        name = button.objectName()
        if name == "exportCancel":
            self.ended.emit()
            return
        self.export(self.shown if name == "exportFiltered" else NO_FILTER)

    def export(self, selection: EventFilter) -> None:
        """Export what `selection` keeps (refused before it starts for a bad place)."""
        form = ExportFormat.for_path(self.target)
        try:
            if form is None:
                raise StorageError(f"cannot export to {self.target}: name a .jsonl (JSON "
                                   "Lines) or .csv file")
            refuse_bad_target(self.target)
        except StorageError as error:
            self._fail(error)
            return
        self.progress = QProgressDialog("Exporting events…", "Cancel", 0, STEPS, self.window)
        self.progress.setObjectName("exportProgress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.job = ExportJob(self.location, self.create_nothing, self.target, form,
                             selection, self, self.resolve_event)
        self.progress.canceled.connect(self.job.cancel)
        self.job.progressed.connect(self._progressed)
        self.job.exported.connect(self._exported)
        self.job.cancelled.connect(self._cancelled)
        self.job.failed.connect(self._fail)
        self.job.start()

    def wait(self) -> None:
        """Let the export end before the database closes."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()

    @Slot(object)
    def _progressed(self, progress: ExportProgress) -> None:
        if self.progress is not None and progress.last:
            self.progress.setValue(min(STEPS - 1, progress.position * STEPS // progress.last))
            self.progress.setLabelText(f"Exporting events… {progress.written:,} written")

    @Slot(object)
    def _exported(self, summary: ExportSummary) -> None:
        self._close_progress()
        note = f" ({summary.note})" if summary.note else ""
        self.said.emit(f"Exported {summary.written:,} events to {summary.target}{note}")
        self.ended.emit()

    @Slot()
    def _cancelled(self) -> None:
        self._close_progress()
        self.said.emit(f"Export cancelled: nothing was written to {self.target}")
        self.ended.emit()

    @Slot(object)
    def _fail(self, error: BaseException) -> None:
        self._close_progress()
        self.dialog = QMessageBox(QMessageBox.Icon.Critical, "Export events",
                                  f"The events could not be exported.\n\n{error}\n\n"
                                  f"No file was written at {self.target}.",
                                  QMessageBox.StandardButton.Close, self.window)
        self.dialog.setObjectName("exportFailedDialog")
        self.dialog.finished.connect(lambda _result: self.ended.emit())
        self.dialog.open()

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
