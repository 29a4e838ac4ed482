"""The main window: catalog and orders above the live event log, the simulation beside them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import PySide6
from PySide6.QtCore import Qt, Signal, Slot, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QWidget,
)

from desktop.bridge import Bridge
from desktop.catalog.model import CatalogModel
from desktop.catalog.panel import CatalogPanel
from desktop.event_log.model import EventLogModel
from desktop.event_log.panel import EventLogPanel
from desktop.files.file_menu import FileMenu
from desktop.files.recent import RecentDatabases
from desktop.orders.model import OrdersModel
from desktop.orders.panel import OrdersPanel
from desktop.orders.transitions_model import TransitionsModel
from desktop.simulation.control import SimulationControl
from desktop.simulation.panel import SimulationPanel
from desktop.widgets.error_dialog import error_dialog
from desktop.widgets.position_label import PositionLabel
from desktop.widgets.shortcuts_dialog import ShortcutsDialog
from desktop.widgets.slow_delivery_label import SlowDeliveryLabel
from desktop.widgets.stop_label import StopLabel
from desktop.widgets.store_watch import StoreWatch
from domain.bookshelf import Bookshelf, bookshelf
from domain.cli.versions import versions
from domain.readside import EventLog, EventLogPager, ProjectionQueries, Reader

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine

log = logging.getLogger(__name__)

SIMULATION_PANEL_WIDTH = 300  # at least what its contents need, whatever this says
# The shortcuts a read-only window disables.
WRITING_ACTIONS = ("actionNewBook", "actionNewOrder", "actionPlaceOrder",
                   "actionConfirmOrder", "actionShipOrder")


def window_title(location: str, read_only: bool) -> str:
    """The file's name, its folder, whether it is read-only, then the program."""
    path = Path(location)
    where = f"{path.name} ({path.parent})" if path.name else location
    return f"{where}{' — Read-only' if read_only else ''} — Bookshelf Events"


def domain_event_types() -> tuple[str, ...]:
    """Every event type of the bookshelf domain, so the type filter offers them all."""
    return bookshelf.registry.event_types()


def slow_deliveries(engine: Engine, reader: Reader) -> list[dict[str, Any]]:
    """This process's slow deliveries as they run now, then the store's records (another
    program's, or finished): a projection that hangs holds the write lock, and its record
    cannot be written until it lets go."""
    delivery = engine.runtime.delivery
    here = delivery.slow_now() if delivery is not None else []
    seen = {(each["subscriber"], each["position"]) for each in here}
    return here + [each for each in reader.slow_deliveries()
                   if (each["subscriber"], each["position"]) not in seen]


class MainWindow(QMainWindow):
    """Owns the opened bookshelf, the bridge, the reader and the simulation; closes them all.

    It builds and lays out the panels; each one submits its commands and listens for its
    events through the bridge itself. Errors no panel explains open the error dialog.

    Closing stops the simulation first (it waits for its commands to be delivered), then
    the engine: `Engine.stop` finishes every command already accepted, so nothing the
    user, the simulated people or a test submitted is lost.
    """

    closing = Signal()

    def __init__(self, bookshelf: Bookshelf, bridge: Bridge, reader: Reader,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        """`read_only`: the bookshelf has no engine, and every form, action and the
        simulation are disabled."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.read_only = read_only
        self.setWindowTitle(window_title(reader.location, read_only))
        # Everything opened for the database, as one object (its engine and its reader
        # included): switching databases later replaces it, with no second way to build.
        self.bookshelf = bookshelf
        engine = bookshelf.engine
        self.bridge = bridge
        self.reader = reader
        projections = ProjectionQueries(reader)
        bridge.setParent(self)
        self._closed = False

        self.catalog_model = CatalogModel(projections.books(), self)
        self.orders_model = OrdersModel(projections.orders(), self)
        self.transitions_model = TransitionsModel(projections, self)
        self.event_log = EventLog(reader)
        self.event_log_model = EventLogModel(
            EventLogPager(self.event_log, known_types=domain_event_types()), parent=self)
        self.catalog_panel = CatalogPanel(bridge, self.catalog_model)
        self.orders_panel = OrdersPanel(bridge, projections.books_matching, self.orders_model,
                                        self.transitions_model)
        self.event_log_panel = EventLogPanel(self.event_log_model, bridge)
        # Other windows, simulations and command lines on the same file: within a second.
        self.store_watch = StoreWatch(projections, parent=self)
        # A rebuild swapped in (by `bookshelf rebuild`, say) may change any row shown.
        for model in (self.catalog_model, self.orders_model, self.transitions_model):
            self.store_watch.rebuilt.connect(model.reload)
        self.store_watch.committed.connect(self.event_log_panel.on_committed)
        for refresh in (self.catalog_model.refresh_soon, self.orders_model.refresh_soon,
                        self.transitions_model.refresh):
            self.store_watch.committed.connect(lambda _last, refresh=refresh: refresh())

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

        self.stop_label = StopLabel(projections, [
            each.name for each in bookshelf.runtime.subscribers() if each.stateful])
        bridge.eventsDelivered.connect(self.stop_label.on_events)
        self.statusBar().addPermanentWidget(self.stop_label)
        self.position_label = PositionLabel(reader.last_position())
        bridge.eventsDelivered.connect(self.position_label.on_events)
        self.store_watch.committed.connect(self.position_label.show_newest)
        self.slow_delivery_label = SlowDeliveryLabel(
            lambda: slow_deliveries(engine, reader) if engine is not None else [])
        self.statusBar().addPermanentWidget(self.slow_delivery_label)
        self.statusBar().addPermanentWidget(self.position_label)
        self.statusBar().showMessage(f"Database: {reader.location}")
        if read_only:
            self._disable_writing()

        self.file_menu = FileMenu(self.menuBar(), RecentDatabases(), has_database=True)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.setObjectName("menuView")
        show_simulation = self.simulation_panel.toggleViewAction()
        show_simulation.setObjectName("actionShowSimulation")
        view_menu.addAction(show_simulation)
        self.shortcut_actions = [*self.file_menu.actions, *self._add_shortcuts()]
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.setObjectName("menuHelp")
        shortcuts = QAction("&Keyboard shortcuts…", self)
        shortcuts.setObjectName("actionKeyboardShortcuts")
        shortcuts.setShortcut(QKeySequence("F1"))
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)
        self.shortcut_actions.append(shortcuts)
        about = QAction("&About Bookshelf Events", self)
        about.setObjectName("actionAbout")
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

        # Typing starts in the add-book form (the smoke test relies on it too).
        self.catalog_panel.form.edits["title"].setFocus()

        # What no panel says (storage, a stopped engine, a bug) gets the window's dialog.
        bridge.unexpectedError.connect(self._show_error)

    def _disable_writing(self) -> None:
        """Read-only: nothing here can write (there is no engine to write with)."""
        self.catalog_panel.form.setEnabled(False)
        self.orders_panel.set_read_only()
        self.simulation_panel.setEnabled(False)
        note = "Read-only: nothing can be added, placed, confirmed, shipped or simulated"
        if self.reader.frozen:
            # No program had the file open: SQLite's -wal and -shm were not there to share,
            # and a read-only window creates no file beside the database.
            note += "; showing the file as it was when opened (no program was writing it)"
        self.statusBar().showMessage(note)

    def _add_shortcuts(self) -> list[QAction]:
        """The common actions, each a window-wide shortcut (listed by Help > Keyboard
        shortcuts). Ctrl+N and Ctrl+O stay free for New and Open database."""
        catalog, orders, log_panel = self.catalog_panel, self.orders_panel, self.event_log_panel

        def focus(widget: QWidget) -> Callable[[], None]:
            def run() -> None:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
            return run

        def follow() -> None:
            log_panel.follow_button.setChecked(True)

        def press(button: QPushButton) -> Callable[[], None]:
            return lambda: button.click() if button.isEnabled() else None

        actions: list[QAction] = []
        for name, text, keys, run in (
                ("actionSearchEvents", "Search the event log", "Ctrl+F",
                 focus(log_panel.text_filter)),
                ("actionFilterCatalog", "Filter the catalog", "Ctrl+Shift+F",
                 focus(catalog.filter)),
                ("actionNewBook", "New book (to the title field)", "Ctrl+B",
                 focus(catalog.form.edits["title"])),
                ("actionNewOrder", "New order (to the customer field)", "Ctrl+Shift+O",
                 focus(orders.form.customer)),
                ("actionPlaceOrder", "Place the order", "Ctrl+Shift+P",
                 press(orders.form.place_button)),
                ("actionConfirmOrder", "Confirm the selected order", "Ctrl+Shift+C",
                 press(orders.confirm_button)),
                ("actionShipOrder", "Ship the selected order", "Ctrl+Shift+H",
                 press(orders.ship_button)),
                ("actionFollow", "Follow the newest event", "Ctrl+Shift+L", follow)):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(run)
            action.setEnabled(not (self.read_only and name in WRITING_ACTIONS))
            self.addAction(action)
            actions.append(action)
        return actions

    @Slot()
    def show_shortcuts(self) -> None:
        """Help > Keyboard shortcuts."""
        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_actions, self)
        self.shortcuts_dialog.open()

    def about_text(self) -> str:
        """Help > About: the versions of the program and its parts, and the database."""
        parts = {**versions(), "Qt": qVersion(), "PySide6": PySide6.__version__}
        lines = [f"{name}: {number}" for name, number in parts.items()]
        return "\n".join(["A tool for watching domain events happen.", "", *lines, "",
                          f"Database: {self.reader.location}"])

    @Slot()
    def show_about(self) -> None:
        """Help > About."""
        self.about_box = QMessageBox(QMessageBox.Icon.Information, "About Bookshelf Events",
                                     self.about_text(), QMessageBox.StandardButton.Close, self)
        self.about_box.setObjectName("aboutDialog")
        self.about_box.open()

    @property
    def engine(self) -> Engine:
        """The engine of the opened bookshelf (started by create_main_window)."""
        engine = self.bookshelf.engine
        if engine is None:
            raise RuntimeError("the window is read-only: its bookshelf has no engine")
        return engine

    @Slot(object)
    def _show_error(self, error: BaseException) -> None:
        log.error("a command failed: %r", error)
        self.error_box = error_dialog(self, error)

    # -- shutting down -------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the simulation, then the engine (finishing accepted commands); close the rest."""
        if self._closed:
            return
        self._closed = True
        self.closing.emit()  # a copy being saved finishes before the database closes
        self.simulation_panel.shutdown()
        self.slow_delivery_label.stop()
        # Before the engine: the run's last commands must still be committed and delivered.
        self.simulation_control.shutdown()
        # Before the reader they read through is closed.
        self.stop_label.stop_refreshing()
        self.catalog_model.stop_refreshing()
        self.orders_model.stop_refreshing()
        self.event_log_model.stop_reading()
        self.store_watch.stop()
        self.bookshelf.close()  # stops the engine after every command it accepted
        self.bridge.detach()
        self.reader.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
