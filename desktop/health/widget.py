"""The status bar's health widget: figures once a second, and the Failures dialog on a click."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QTimer, Signal, SignalInstance, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.bridge import SUBSCRIBER_NAME, Bridge
from desktop.failures.dialog import FailuresDialog
from desktop.health.text import health_line, health_tooltip
from desktop.widgets.slow_delivery_label import SlowDeliveryLabel
from desktop.widgets.stop_label import StopLabel
from domain.bookshelf import Bookshelf
from domain.core import StorageError
from domain.core.runtime.engine import Engine
from domain.readside import Health, HealthMeter, ProjectionQueries, Reader, running_first

REFRESH_MS = 1_000


def slow_deliveries(engine: Engine, reader: Reader) -> list[dict[str, Any]]:
    """This process's slow deliveries as they run now, then the store's records."""
    delivery = engine.runtime.delivery
    return running_first(delivery.slow_now() if delivery is not None else [],
                         reader.slow_deliveries())


class HeardSlowDeliveries:
    """`slow_deliveries` for a window that hears every commit (a server's): the store's
    records are read again only after a commit (`stale`; another program's slow delivery
    is recorded again every few seconds while it runs, each a commit), this process's own
    every time, from memory."""

    def __init__(self, engine: Engine, reader: Reader) -> None:
        self._engine = engine
        self._reader = reader
        self._stored: list[dict[str, Any]] | None = None

    def stale(self, *_heard: object) -> None:
        self._stored = None

    def __call__(self) -> list[dict[str, Any]]:
        if self._stored is None:
            self._stored = self._reader.slow_deliveries()
        delivery = self._engine.runtime.delivery
        return running_first(delivery.slow_now() if delivery is not None else [],
                             self._stored)


class HealthWidget(QWidget):
    """A flat button of figures (commands and events per second, the engine's mailbox,
    the furthest delivery lag, the failed deliveries waiting), and beside it the labels of
    a projection stopped at an event (StopLabel) and of a delivery running too long
    (SlowDeliveryLabel), each shown only while it has something to say. A click on any
    of them opens the Failures dialog.

    The figures cost the engine's tally (no query) and three small reads, once a second.

    Signals:
        measured(object): the Health just shown.
    """

    measured = Signal(object)

    def __init__(self, bookshelf: Bookshelf, bridge: Bridge, reader: Reader,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusHealth")
        engine = bookshelf.engine
        if engine is None:
            raise RuntimeError("the health widget needs the bookshelf's engine started")
        self._engine: Engine = engine
        self._bookshelf = bookshelf
        self._bridge = bridge
        self._reader = reader
        self.meter = HealthMeter(reader)
        self.health: Health | None = None
        self.dialog: FailuresDialog | None = None

        self.button = QPushButton()
        self.button.setObjectName("statusHealthButton")
        self.button.setFlat(True)
        self.button.clicked.connect(self.open_failures)
        projections = [each.name for each in bookshelf.runtime.subscribers() if each.stateful]
        self.stop_label = StopLabel(ProjectionQueries(reader), projections)
        bridge.eventsDelivered.connect(self.stop_label.on_events)
        # Not a method of this widget: the label would keep it in a reference cycle,
        # which the garbage collector may then break on another thread.
        self.slow_label = SlowDeliveryLabel(partial(slow_deliveries, engine, reader))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.stop_label, self.slow_label, self.button):
            layout.addWidget(widget)

        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def follow_commits(self, committed: SignalInstance) -> None:
        """On a server, whose window hears every commit: read the store's figures, the
        stops and the slow deliveries again when `committed` says something committed,
        not every second (the engine's own figures, kept in memory, still are): an idle
        window sends the server nothing."""
        self.meter.follow_commits()
        self.stop_label.follow(committed)
        heard = HeardSlowDeliveries(self._engine, self._reader)
        self.slow_label.read_with(heard)
        committed.connect(heard.stale)
        committed.connect(self.meter.stale)

    @Slot()
    def refresh(self) -> None:
        try:
            # The window reads other programs' commits for itself: its feed lags only
            # on this one's.
            health = self.meter.measure(self._engine.tally(), (SUBSCRIBER_NAME,))
        except StorageError:
            return  # a locked or damaged file: the panels' own reads say so; look again later
        self.health = health
        self.button.setText(health_line(health))
        self.button.setToolTip(health_tooltip(health))
        # The stop label's red (the application's style sheet, light or dark): a failed
        # delivery waits for someone to look.
        alert = bool(health.failures)
        if self.button.property("alert") != alert:
            self.button.setProperty("alert", alert)
            self.button.style().polish(self.button)  # the sheet's [alert] rule applies now
        self.measured.emit(health)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A click on the stop or slow label beside the button (labels pass clicks on).
        self.open_failures()
        super().mousePressEvent(event)

    @Slot()
    def open_failures(self) -> None:
        """Show the Failures dialog (one per window, made on the first click)."""
        if self.dialog is None:
            self.dialog = FailuresDialog(self._bookshelf, self._bridge, self._reader,
                                         self.window())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def stop(self) -> None:
        """Stop reading (before the reader is closed) and any rebuild still running."""
        self._timer.stop()
        self.stop_label.stop_refreshing()
        self.slow_label.stop()
        if self.dialog is not None:
            self.dialog.shutdown()
