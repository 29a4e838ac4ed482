"""The Failures dialog: failed deliveries with Retry, Retry all and Skip…, and the projections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bridge import Bridge
from desktop.failures.failures_model import FailuresModel
from desktop.failures.projections_section import ProjectionsSection
from desktop.failures.questions import ask, retry_all_text, skip_text
from desktop.widgets.roles import RECORD_ROLE
from desktop.widgets.table_view import make_table, select_row
from domain.bookshelf import Bookshelf
from domain.core import StorageError
from domain.readside import FailedDelivery, Reader

REFRESH_MS = 1_000  # while shown: the lanes retry and fail on their own meanwhile


class FailuresDialog(QDialog):
    """Lists the failed deliveries (subscriber, event, error, attempts, when) and acts on
    them on the engine's worker, never on the GUI thread: Retry the selected one, Retry
    all (after saying how many deliveries will run again), Skip… the selected one (after
    a warning). Below, each projection's status with Rebuild… (ProjectionsSection).

    Each outcome is said in the message line, and the lists are read again.
    """

    def __init__(self, bookshelf: Bookshelf, bridge: Bridge, reader: Reader,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("failuresDialog")
        self.setWindowTitle("Failures and projections — Bookshelf Events")
        self._bookshelf = bookshelf
        self._bridge = bridge
        self._reader = reader
        self._projections = sorted(each.name for each in bookshelf.runtime.subscribers()
                                   if each.stateful)
        self.question: QMessageBox | None = None
        self._busy = False

        self.model = FailuresModel(self)
        self.table = make_table("failuresTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((200, 80, 120, 260, 70, 80)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.summary = QLabel()
        self.summary.setObjectName("failuresSummary")
        self.retry_button = self._button("&Retry", "failureRetry", self.retry_selected)
        self.retry_all_button = self._button("Retry &all…", "failureRetryAll", self.ask_retry_all)
        self.skip_button = self._button("&Skip…", "failureSkip", self.ask_skip)
        self.message = QLabel()
        self.message.setObjectName("failuresMessage")
        self.message.setWordWrap(True)
        self.projections = ProjectionsSection(bookshelf, reader, self._projections)
        self.projections.said.connect(self._say)

        failures = QGroupBox("&Failed deliveries")
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.retry_all_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        inner = QVBoxLayout(failures)
        inner.addWidget(self.summary)
        inner.addWidget(self.table)
        inner.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(failures, 3)
        layout.addWidget(self.message)
        layout.addWidget(self.projections, 2)
        layout.addWidget(close)
        self.resize(1000, 560)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- reading ---------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the failures and the projections again, keeping the selected failure."""
        chosen = self.selected()
        try:
            failures = [FailedDelivery.from_row(row) for row in self._reader.failures()]
            self.projections.refresh()
        except StorageError:
            return  # a locked or damaged file: looked at again in a second
        self.model.show(failures)
        row = self.model.row_of(chosen.key) if chosen is not None else None
        if row is None and chosen is None and failures:
            row = 0
        if row is not None and not self.table.selectionModel().isRowSelected(row):
            select_row(self.table, self.model.index(row, 0))
        waiting = [each for each in failures if each.waiting]
        parked = sum(each.parked for each in waiting)
        self.summary.setText(f"{len(waiting)} waiting ({parked} parked), "
                             f"{len(failures) - len(waiting)} skipped" if failures
                             else "No failed deliveries.")
        self._enable()

    def selected(self) -> FailedDelivery | None:
        rows = self.table.selectionModel().selectedRows()
        failure = rows[0].data(RECORD_ROLE) if rows else None
        return failure if isinstance(failure, FailedDelivery) else None

    def waiting(self) -> list[FailedDelivery]:
        return [each for each in self.model.failures() if each.waiting]

    @Slot()
    def _enable(self) -> None:
        failure = self.selected()
        can_act = not self._busy and failure is not None and failure.waiting
        self.retry_button.setEnabled(can_act)
        self.skip_button.setEnabled(can_act)
        self.retry_all_button.setEnabled(not self._busy and bool(self.waiting()))

    # -- acting, on the engine's worker ------------------------------------------------------

    @Slot()
    def retry_selected(self) -> None:
        failure = self.selected()
        if failure is None or not failure.waiting:
            return
        subscriber, position = failure.key
        bookshelf = self._bookshelf
        self._on_worker(lambda _store: bookshelf.retry_failure(subscriber, position),
                        lambda delivered: (
                            f"Event #{position:,} was delivered to {subscriber}." if delivered
                            else f"Event #{position:,} failed again for {subscriber}."),
                        f"Retrying event #{position:,} for {subscriber}…")

    @Slot()
    def ask_retry_all(self) -> None:
        waiting = self.waiting()
        if waiting:
            self.question = ask(self, "retryAllQuestion", *retry_all_text(waiting),
                                "Retry all", self.retry_all)

    def retry_all(self) -> None:
        """Retry every waiting failure now (no question asked)."""
        bookshelf = self._bookshelf
        self._on_worker(lambda _store: bookshelf.retry_failures(),
                        lambda outcome: (f"Retried: {outcome[1]} delivered, {outcome[2]} "
                                         "still failing."),
                        "Retrying every failed delivery…")

    @Slot()
    def ask_skip(self) -> None:
        failure = self.selected()
        if failure is None or not failure.waiting:
            return
        text, details = skip_text(failure, failure.subscriber in self._projections)
        self.question = ask(self, "skipQuestion", text, details, "Skip",
                            lambda: self.skip(failure))

    def skip(self, failure: FailedDelivery) -> None:
        """Skip `failure` now (no question asked)."""
        subscriber, position = failure.key
        bookshelf = self._bookshelf
        self._on_worker(lambda _store: bookshelf.skip_failure(subscriber, position),
                        lambda skipped: (
                            f"Skipped: {subscriber} went on past event #{position:,}."
                            if skipped else f"Event #{position:,} no longer waits for "
                            f"{subscriber}: nothing was skipped."),
                        f"Skipping event #{position:,} for {subscriber}…")

    def _on_worker(self, work: Callable[[Any], object], outcome: Callable[[Any], str],
                   doing: str) -> None:
        """Run `work` on the engine's worker; say its outcome and read the lists again."""
        self._busy = True
        self._enable()
        self._say(doing)

        def done(result: Any) -> None:
            self._finish(outcome(result))

        def failed(error: BaseException) -> None:
            self._finish(f"It could not be done: {error}")

        self._bridge.run_on_worker(work, done, failed)

    def _finish(self, sentence: str) -> None:
        self._busy = False
        self._say(sentence)
        self.refresh()

    @Slot(str)
    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)

    # -- showing -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        self._timer.start()
        super().showEvent(event)

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)

    def shutdown(self) -> None:
        """Stop reading and cancel a rebuild still running (the window is closing)."""
        self._timer.stop()
        self.projections.shutdown()
