"""The main window: catalog and orders above the live event log, the simulation beside them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from desktop.bridge import Bridge
from desktop.catalog_model import CatalogModel
from desktop.catalog_panel import CatalogPanel
from desktop.error_dialog import error_dialog
from desktop.event_log.model import EventLogModel
from desktop.event_log.panel import EventLogPanel
from desktop.message_bar import SHOWN_IN_PANEL
from desktop.orders_model import OrdersModel
from desktop.orders_panel import OrdersPanel
from desktop.simulation_control import SimulationControl
from desktop.simulation_panel import SimulationPanel
from desktop.transitions_model import TransitionsModel
from domain.bookshelf import bookshelf
from domain.readside import EventLog, EventLogPager, EventRow, ProjectionQueries, Reader

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine

log = logging.getLogger(__name__)

SIMULATION_PANEL_WIDTH = 300  # at least what its contents need, whatever this says


def domain_event_types() -> tuple[str, ...]:
    """Every event type of the bookshelf domain, so the type filter offers them all."""
    return bookshelf.event_types()


class MainWindow(QMainWindow):
    """Owns the engine, the bridge, the read connection and the simulation; closes them all.

    Closing stops the simulation first (it waits for its commands to be delivered), then
    the engine: `Engine.stop` finishes every command already accepted, so nothing the
    user, the simulated people or a test submitted is lost.
    """

    def __init__(self, engine: Engine, bridge: Bridge, reader: Reader,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"Bookshelf Events — {reader.location}")
        self.engine = engine
        self.bridge = bridge
        self.reader = reader
        projections = ProjectionQueries(reader)
        bridge.setParent(self)
        self._closed = False

        self.catalog_model = CatalogModel(projections, self)
        self.orders_model = OrdersModel(projections, self)
        self.transitions_model = TransitionsModel(projections, self)
        self.event_log = EventLog(reader)
        self.event_log_model = EventLogModel(
            EventLogPager(self.event_log, known_types=domain_event_types()), parent=self)
        self.catalog_panel = CatalogPanel(bridge, self.catalog_model)
        self.orders_panel = OrdersPanel(bridge, self.catalog_model, self.orders_model,
                                        self.transitions_model)
        self.event_log_panel = EventLogPanel(self.event_log_model)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.setObjectName("topSplitter")
        top.addWidget(self.catalog_panel)
        top.addWidget(self.orders_panel)
        # The orders table has more columns than the catalog: give it a little more room.
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 5)
        top.setSizes([400, 500])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.event_log_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 340])
        self.setCentralWidget(self.splitter)

        # The simulated people use this window's engine: their events show up everywhere.
        self.simulation_control = SimulationControl(engine, self)
        self.simulation_panel = SimulationPanel(self.simulation_control)
        self.simulation_panel.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                                              | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.simulation_panel)
        self.resizeDocks([self.simulation_panel], [SIMULATION_PANEL_WIDTH],
                         Qt.Orientation.Horizontal)

        self.position_label = QLabel()
        self.position_label.setObjectName("statusPosition")
        self.statusBar().addPermanentWidget(self.position_label)
        self.statusBar().showMessage(f"Database: {reader.location}")
        self._show_position(reader.last_position())

        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("actionQuit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.setObjectName("menuFile")
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.setObjectName("menuView")
        show_simulation = self.simulation_panel.toggleViewAction()
        show_simulation.setObjectName("actionShowSimulation")
        view_menu.addAction(show_simulation)

        # Typing starts in the add-book form (the smoke test relies on it too).
        self.catalog_panel.form.edits["title"].setFocus()

        bridge.eventsDelivered.connect(self._on_events)
        bridge.commandFailed.connect(self._on_failure)

    @Slot(list)
    def _on_events(self, rows: list[EventRow]) -> None:
        # Projections were committed before the bridge got these rows: read them now.
        self.catalog_panel.on_events(rows)
        self.orders_panel.on_events(rows)
        self.event_log_panel.on_events(rows)
        self._show_position(rows[-1].position)

    @Slot(int, object)
    def _on_failure(self, _request: int, error: BaseException) -> None:
        if not isinstance(error, SHOWN_IN_PANEL):
            log.error("a command failed: %r", error)
            self.error_box = error_dialog(self, error)

    def _show_position(self, position: int) -> None:
        self.position_label.setText(f"Last event: #{position}")

    # -- shutting down -------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the simulation, then the engine (finishing accepted commands); close the rest."""
        if self._closed:
            return
        self._closed = True
        self.simulation_panel.shutdown()
        # Before the engine: the run's last commands must still be committed and delivered.
        self.simulation_control.shutdown()
        self.engine.stop()
        self.bridge.detach()
        self.reader.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
