"""The Failures dialog's projections: each one's status, and Rebuild… with its progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.failures.projections_model import ProjectionsModel
from desktop.failures.questions import ask, rebuild_text
from desktop.failures.rebuild_job import RebuildJob
from desktop.widgets.roles import RECORD_ROLE
from desktop.widgets.table_view import make_table
from domain.bookshelf import Bookshelf
from domain.readside import ProjectionStatus, Reader, projection_statuses

STOP_WAIT_S = 5.0  # how long closing the window waits for a cancelled rebuild to undo itself


class ProjectionsSection(QGroupBox):
    """Each projection (up to date, behind by N, stopped at event P) and Rebuild… for the
    selected one: a warning first, then a progress dialog whose Cancel leaves the
    projection as it was.

    Signals:
        said(str): the outcome of a rebuild, for the dialog's message line.
    """

    said = Signal(str)

    def __init__(self, bookshelf: Bookshelf, reader: Reader, projections: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__("&Projections", parent)
        self.setObjectName("projectionsSection")
        self._bookshelf = bookshelf
        self._reader = reader
        self._names = projections
        self.model = ProjectionsModel(self)
        self.table = make_table("projectionsTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 200)
        self.rebuild_button = QPushButton("Re&build…")
        self.rebuild_button.setObjectName("projectionRebuild")
        self.rebuild_button.clicked.connect(self.ask_rebuild)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.job: RebuildJob | None = None
        self.question: QMessageBox | None = None
        self.progress: QProgressDialog | None = None

        buttons = QHBoxLayout()
        buttons.addWidget(self.rebuild_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._enable()

    def refresh(self) -> None:
        self.model.show(projection_statuses(self._reader, self._names))
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> ProjectionStatus | None:
        rows = self.table.selectionModel().selectedRows()
        status = rows[0].data(RECORD_ROLE) if rows else None
        return status if isinstance(status, ProjectionStatus) else None

    @Slot()
    def _enable(self) -> None:
        idle = self.job is None or not self.job.running()
        self.rebuild_button.setEnabled(idle and self.selected() is not None)

    # -- rebuilding ------------------------------------------------------------------------

    @Slot()
    def ask_rebuild(self) -> None:
        status = self.selected()
        if status is None:
            return
        self.question = ask(self, "rebuildQuestion", *rebuild_text(status), "Rebuild",
                            lambda: self.rebuild(status.name))

    def rebuild(self, name: str) -> None:
        """Rebuild `name` now, showing its progress (no question asked)."""
        job = self.job = RebuildJob(self._bookshelf, [name], self)
        progress = self.progress = QProgressDialog(f"Rebuilding {name}…", "Cancel", 0, 0, self)
        progress.setObjectName("rebuildProgress")
        progress.setWindowTitle("Bookshelf Events")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(self._progressed)
        job.finished.connect(lambda last: self._ended(
            f"{name} was rebuilt from the {last:,} events."))
        job.cancelled.connect(lambda: self._ended(
            f"The rebuild was cancelled: {name} is as it was."))
        job.failed.connect(lambda error: self._ended(
            f"The rebuild stopped on an error, and {name} is as it was: {error}"))
        job.start()
        progress.show()
        self._enable()

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setMaximum(max(1, total))
            self.progress.setValue(min(done, total))

    def _ended(self, sentence: str) -> None:
        if self.progress is not None:
            self.progress.close()
        self.refresh()
        self.said.emit(sentence)

    def shutdown(self) -> None:
        """Cancel a rebuild still running and wait for it to undo itself (the window is
        about to close the database)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait(STOP_WAIT_S)
