"""The main window: catalog and orders above the live event log, the simulation beside them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import (
    QByteArray,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
    qVersion,
)
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QWidget,
)

from desktop.bridge import Bridge
from desktop.catalog.details import BookDetailsPane
from desktop.catalog.model import CatalogModel
from desktop.catalog.panel import CatalogPanel
from desktop.charts.live_charts import LiveCharts
from desktop.commands.panel import CommandsPanel
from desktop.diagnostics.log_file import current_log_file
from desktop.diagnostics.log_folder_action import open_log_folder_action
from desktop.event_log.model import EventLogModel
from desktop.event_log.panel import EventLogPanel
from desktop.files.file_menu import FileMenu
from desktop.files.recent import RecentDatabases
from desktop.health.widget import HealthWidget
from desktop.history.selection import selected_name
from desktop.history.window import HistoryWindow
from desktop.look.appearance import appearance_menu
from desktop.orders.details import OrderDetailsPane
from desktop.orders.model import OrdersModel
from desktop.orders.panel import OrdersPanel
from desktop.orders.transitions_model import TransitionsModel
from desktop.settings import app_settings
from desktop.simulation.control import SimulationControl
from desktop.simulation.panel import SimulationPanel
from desktop.trace.action import trace_action
from desktop.trace.panel import TracePanel
from desktop.widgets.docks import make_dock
from desktop.widgets.error_dialog import error_dialog
from desktop.widgets.position_label import PositionLabel
from desktop.widgets.remembered import restore_widgets, save_widgets
from desktop.widgets.shortcuts_dialog import ShortcutsDialog
from desktop.widgets.stop_label import StopLabel
from desktop.widgets.store_watch import StoreWatch
from desktop.widgets.time_display import time_display
from desktop.window_layout import arrange_docks, bring_into_view, size_docks
from domain.bookshelf import Book, Bookshelf, Order, bookshelf
from domain.cli.versions import versions
from domain.core.storage.location import server_address
from domain.readside import (
    DetailsQueries,
    EventLog,
    EventLogPager,
    ProjectionQueries,
    Reader,
    short_id,
)
from domain.readside.causes import first_event_id, latest_metadata
from domain.readside.commands import COMMANDS_SHOWN
from domain.readside.replay import replay_with

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1500, 950)
WRITER_WATCH_MS = 500  # a read-only window of a file no one had open looks for a writer
LAYOUT_VERSION = 1  # bump when the docks change so much that an old layout makes no sense
# The shortcuts a read-only window disables.
WRITING_ACTIONS = ("actionNewBook", "actionNewOrder", "actionPlaceOrder",
                   "actionConfirmOrder", "actionShipOrder")


def window_title(location: str, read_only: bool) -> str:
    """The file's name, its folder (or the server's address, without its password),
    whether it is read-only, then the program."""
    server = server_address(location)
    path = Path(location)
    where = server or (f"{path.name} ({path.parent})" if path.name else location)
    return f"{where}{' — Read-only' if read_only else ''} — Bookshelf Events"


def location_name(location: str) -> str:
    """A short name for files made from the store: the file's stem, or the database's name
    on its server."""
    server = server_address(location)
    if server is not None:
        return server.rpartition("/")[2] or "server"
    return Path(location).stem


def domain_event_types() -> tuple[str, ...]:
    """Every event type of the bookshelf domain, so the type filter offers them all."""
    return bookshelf.registry.event_types()


class MainWindow(QMainWindow):
    """Owns the opened bookshelf, the bridge, the reader and the simulation; closes them all.

    It builds and lays out the panels; each one submits its commands and listens for its
    events through the bridge itself. Errors no panel explains open the error dialog.

    Closing stops the simulation first (it waits for its commands to be delivered), then
    the engine: `Engine.stop` finishes every command already accepted, so nothing the
    user, the simulated people or a test submitted is lost.
    """

    closing = Signal()
    scratchRequested = Signal(str)
    reopenRequested = Signal()
    # What the panels ask for: the trace of a message id, the history of a stream.
    traceRequested = Signal(str)
    historyRequested = Signal(str)

    def __init__(self, bookshelf: Bookshelf, bridge: Bridge, reader: Reader,
                 read_only: bool = False, parent: QWidget | None = None) -> None:
        """`read_only`: the bookshelf has no engine, and every form, action and the
        simulation are disabled."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.read_only = read_only
        self.setWindowTitle(window_title(reader.location, read_only))
        # A store on a PostgreSQL server: no file to copy, lock or look at.
        self.on_server = server_address(reader.location) is not None
        self.shown_location = server_address(reader.location) or reader.location
        # Everything opened for the database, as one object (its engine and its reader
        # included): switching databases later replaces it, with no second way to build.
        self.bookshelf = bookshelf
        engine = bookshelf.engine
        self.bridge = bridge
        self.reader = reader
        projections = ProjectionQueries(reader)
        bridge.setParent(self)
        self._closed = False
        self._writer_watch: QTimer | None = None

        self.catalog_model = CatalogModel(projections.books(), self)
        self.orders_model = OrdersModel(projections.orders(), self)
        self.transitions_model = TransitionsModel(projections, self)
        self.event_log = EventLog(reader)
        self.event_log_model = EventLogModel(
            EventLogPager(self.event_log, known_types=domain_event_types()), parent=self)
        # ISBN and description are in the Book's own row, not in its event or the catalog.
        details = DetailsQueries(reader)
        self.book_details = BookDetailsPane(details.book)
        self.order_details = OrderDetailsPane(details.order)
        self.catalog_panel = CatalogPanel(bridge, self.catalog_model, self.book_details)
        self.orders_panel = OrdersPanel(bridge, projections.books_matching, self.orders_model,
                                        self.transitions_model, self.order_details,
                                        cause_of=lambda order_id: latest_metadata(
                                            reader, Order.stream_name(order_id)))
        self.event_log_panel = EventLogPanel(self.event_log_model, bridge)
        # A dock beside the log rather than a window: a node picked selects its event there.
        self.trace_panel = TracePanel(reader)
        self.trace_panel.historyRequested.connect(self.historyRequested)
        # Any command, refused ones too (they raise no event, so no table shows them).
        self.commands_panel = CommandsPanel(reader)
        # A node chosen in the tree is selected where it is listed: an event in the log, a
        # command in the Commands view.
        self.trace_panel.eventChosen.connect(self.show_event)
        self.trace_panel.commandChosen.connect(self.show_command)
        # Other windows, simulations and command lines on the same file: within a second.
        self.store_watch = StoreWatch(projections, parent=self)
        # A rebuild swapped in (by `bookshelf rebuild`, say) may change any row shown.
        for model in (self.catalog_model, self.orders_model, self.transitions_model):
            self.store_watch.rebuilt.connect(model.reload)
        self.store_watch.committed.connect(self.event_log_panel.on_committed)
        # A server's connection lost and found again: said where the window says the rest.
        self.store_watch.said.connect(lambda text: self.statusBar().showMessage(text))
        for panel in (self.catalog_panel, self.orders_panel, self.event_log_panel,
                      self.commands_panel):
            panel.historyRequested.connect(self.historyRequested)
        for panel in (self.orders_panel, self.event_log_panel):
            panel.traceRequested.connect(self.traceRequested)
        self.commands_panel.traceRequested.connect(self.traceRequested)
        for panel in (self.catalog_panel, self.orders_panel):
            panel.streamRequested.connect(self.show_stream)
            panel.streamTraceRequested.connect(self.show_stream_trace)
        # A refused command's record is a commit too: StoreWatch's, not the bridge's.
        self.store_watch.committed.connect(lambda _last: self.commands_panel.refresh())
        bridge.eventsDelivered.connect(lambda _events: self.commands_panel.refresh())
        self.historyRequested.connect(self.show_history)
        self.traceRequested.connect(self.show_trace)
        for refresh in (self.catalog_model.refresh_soon, self.orders_model.refresh_soon,
                        self.transitions_model.refresh):
            self.store_watch.committed.connect(lambda _last, refresh=refresh: refresh())

        # The simulated people use this window's engine: their events show up everywhere.
        self.simulation_control = SimulationControl(engine, self)
        self.simulation_panel = SimulationPanel(self.simulation_control)
        # Asked to run in a new scratch database: the workbench switches to it.
        self.simulation_panel.scratchRequested.connect(self.scratchRequested)
        self.charts = LiveCharts()
        bridge.eventsDelivered.connect(self.charts.on_events)
        # A window of its own, made on the first "Show history" (desktop/history).
        self.history_window: HistoryWindow | None = None
        self.docks = [
            make_dock("addBookDock", "Add a book", self.catalog_panel.add_section,
                      scrolls=True),
            make_dock("catalogDock", "Catalog", self.catalog_panel),
            make_dock("placeOrderDock", "Place an order", self.orders_panel.place_section,
                      scrolls=True),
            make_dock("bookDetailsDock", "Book details", self.book_details),
            make_dock("ordersDock", "Orders", self.orders_panel),
            make_dock("orderDetailsDock", "Order lines", self.order_details),
            make_dock("historyDock", "Status history", self.orders_panel.history),
            make_dock("eventLogDock", "Event log", self.event_log_panel),
            self.simulation_panel,
            make_dock("chartsDock", "Charts", self.charts),
            make_dock("traceDock", "Trace", self.trace_panel),
            make_dock("commandsDock", "Commands", self.commands_panel),
        ]
        # The docks fill the window: the central widget is an empty, hidden placeholder.
        placeholder = QWidget()
        placeholder.setObjectName("centralPlaceholder")
        self.setCentralWidget(placeholder)
        placeholder.hide()
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AnimatedDocks)
        # Laid out at the size it opens with, which the panels' sizes are shared out from.
        self.resize(self.default_size())
        arrange_docks(self, self.docks, self.size())
        size_docks(self, self.docks, self.size())
        self._first_headers = {table: table.horizontalHeader().saveState() for table in (
            self.catalog_panel.table, self.orders_panel.table, self.orders_panel.history,
            self.event_log_panel.table)}

        # The engine's figures, stopped projections, slow deliveries and failures; a click
        # opens the Failures dialog. A read-only window has no engine: only the stops.
        self.health: HealthWidget | None = None
        self.stop_label: StopLabel | None = None
        if read_only:
            self.stop_label = StopLabel(projections, [
                each.name for each in bookshelf.runtime.subscribers() if each.stateful])
            self.store_watch.committed.connect(
                lambda _last: self.stop_label.refresh() if self.stop_label else None)
            if self.on_server:
                self.stop_label.stop_timer()  # the commits heard above refresh it
            self.statusBar().addPermanentWidget(self.stop_label)
        else:
            self.health = HealthWidget(bookshelf, bridge, reader)
            if self.on_server:
                self.health.follow_commits(self.store_watch.committed)
            self.statusBar().addPermanentWidget(self.health)
        self.position_label = PositionLabel(reader.last_position())
        bridge.eventsDelivered.connect(self.position_label.on_events)
        self.store_watch.committed.connect(self.position_label.show_newest)
        self.statusBar().addPermanentWidget(self.position_label)
        self.statusBar().showMessage(f"Database: {self.shown_location}")
        if read_only:
            self._disable_writing()

        self.file_menu = FileMenu(self.menuBar(), RecentDatabases(), has_database=True,
                                  on_server=self.on_server)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.setObjectName("menuView")
        for dock in self.docks:
            shown = dock.toggleViewAction()
            shown.setObjectName("actionShow" + dock.windowTitle().title().replace(" ", ""))
            view_menu.addAction(shown)
        view_menu.addSeparator()
        show_trace = trace_action(self, self.show_selected_trace)
        view_menu.addAction(show_trace)
        failures = view_menu.addAction("&Failures and projections…")
        failures.setObjectName("actionFailures")
        if self.health is not None:
            failures.triggered.connect(self.health.open_failures)
        failures.setEnabled(self.health is not None)
        reset = view_menu.addAction("&Reset layout")
        reset.setObjectName("actionResetLayout")
        reset.triggered.connect(self.reset_layout)
        view_menu.addMenu(appearance_menu(self))
        self.shortcut_actions = [*self.file_menu.actions, *self._add_shortcuts(), show_trace]
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
        help_menu.addAction(open_log_folder_action(self, current_log_file()))

        self.restore_remembered()
        # The log's UTC toggle is the window's: every table writes its times the same way.
        utc = self.event_log_panel.utc_toggle
        time_display().set_utc(utc.isChecked())
        utc.toggled.connect(time_display().set_utc)

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
            # and a read-only window creates no file beside the database. Once a program
            # opens it to write they are there, and the window is opened again to see it.
            note += "; showing the file as it was when opened (no program was writing it)"
            self._writer_watch = QTimer(self)
            self._writer_watch.setInterval(WRITER_WATCH_MS)
            self._writer_watch.timeout.connect(self._look_for_a_writer)
            self._writer_watch.start()
        self.statusBar().showMessage(note)

    @Slot()
    def _look_for_a_writer(self) -> None:
        if self._writer_watch is not None and self.reader.written_since_frozen():
            self._writer_watch.stop()
            self.reopenRequested.emit()

    def _add_shortcuts(self) -> list[QAction]:
        """The common actions, each a window-wide shortcut (listed by Help > Keyboard
        shortcuts). Ctrl+N and Ctrl+O stay free for New and Open database."""
        catalog, orders, log_panel = self.catalog_panel, self.orders_panel, self.event_log_panel

        def focus(widget: QWidget) -> Callable[[], None]:
            def run() -> None:
                bring_into_view(widget)
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
                ("actionFollow", "Follow the newest event", "Ctrl+Shift+L", follow),
                ("actionShowHistory", "Show history of the selected book, order or event",
                 "Ctrl+H", self.show_selected_history)):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(run)
            action.setEnabled(not (self.read_only and name in WRITING_ACTIONS))
            self.addAction(action)
            actions.append(action)
        return actions

    def show_history(self, name: str) -> bool:
        """Open the History window on what `name` names: a stream (full, or short as the
        tables show it), a book's or an order's id, or an event's id. False, said in the
        status bar, when it names no aggregate."""
        if self.history_window is None:
            # Replayed with the bookshelf's classes: an event-sourced aggregate's states
            # that no write recorded.
            self.history_window = HistoryWindow(
                self.reader, replay_with(self.bookshelf.runtime.registry), self)
            self.history_window.refused.connect(
                lambda why: self.statusBar().showMessage(f"History: {why}", 10_000))
            # Its writes, and another program's, may make a version of the stream shown.
            refresh = self.history_window.refresh
            self.bridge.eventsDelivered.connect(self.history_window.on_events)
            self.history_window.traceRequested.connect(self.traceRequested)
            self.store_watch.committed.connect(lambda _last: refresh())
        if not self.history_window.show_history(name):
            return False
        self.history_window.show()
        self.history_window.raise_()
        self.history_window.activateWindow()
        return True

    @Slot()
    def show_selected_history(self) -> None:
        """Show history (Ctrl+H): of the event, order or book selected where the user is."""
        log_panel = self.event_log_panel

        def event_id() -> str | None:  # its version is chosen
            index = log_panel.table.currentIndex()
            return self.event_log_model.row_at(index.row()).event_id if index.isValid() else None

        def order_id() -> str | None:
            order = self.orders_panel.selected_order()
            return str(order["order_id"]) if order else None

        def book_id() -> str | None:
            book = self.catalog_panel.selected_book()
            return str(book["book_id"]) if book else None

        name = selected_name(QApplication.focusWidget(), [
            (log_panel, event_id), (self.orders_panel, order_id),
            (self.catalog_panel, book_id)])
        if name is None:
            self.statusBar().showMessage("History: select a book, an order or an event first",
                                         10_000)
        else:
            self.show_history(name)

    def show_trace(self, message_id: str) -> bool:
        """The Trace dock, in view, with the chain of an event, command or correlation id
        (the log's context menu calls this too). Returns whether the id was found."""
        if not message_id:
            return False
        bring_into_view(self.trace_panel)
        return self.trace_panel.show_trace(message_id)

    @Slot(int)
    def show_event(self, position: int) -> bool:
        """The event at `position` selected in the log (see EventLogPanel.select_event),
        its dock shown beside the Trace (_show_beside_trace)."""
        self._show_beside_trace(self.event_log_panel)
        return self.event_log_panel.select_event(position)

    @Slot(str)
    def show_command(self, command_id: str) -> bool:
        """The command `command_id` selected in the Commands view, its dock shown beside
        the Trace (_show_beside_trace); said in the status bar when it is not among the
        newest listed."""
        self._show_beside_trace(self.commands_panel)
        if self.commands_panel.select_command(command_id):
            return True
        self.statusBar().showMessage(
            f"Commands: {short_id(command_id)} is not among the newest "
            f"{COMMANDS_SHOWN} listed", 10_000)
        return False

    def _show_beside_trace(self, panel: QWidget) -> None:
        """Show the dock of `panel` where a node of the Trace was chosen: opened if it was
        closed, raised above its tabs unless the Trace is one of them (by default the
        Commands are): raised, it would hide the tree being walked, node by node."""
        dock = next(each for each in self.docks if each.widget() is panel)
        trace_dock = next(each for each in self.docks if each.widget() is self.trace_panel)
        dock.show()
        if trace_dock in self.tabifiedDockWidgets(dock):
            trace_dock.raise_()  # a closed dock shown again may come up above it
        else:
            dock.raise_()

    @Slot(str)
    def show_stream_trace(self, stream: str) -> bool:
        """The trace of a book's or an order's stream: the chain that created it."""
        event_id = first_event_id(self.reader, stream)
        if event_id is None:
            self.statusBar().showMessage(f"Trace: {stream} has no events", 10_000)
            return False
        self.traceRequested.emit(event_id)
        return True

    @Slot()
    def show_selected_trace(self) -> None:
        """Show trace (Ctrl+T): of the event, order, book or command selected where the user
        is (an order's or a book's first event: the chain that created it); else the log's."""
        log_panel = self.event_log_panel

        def event_id() -> str | None:
            index = log_panel.table.currentIndex()
            return str(self.event_log_model.row_at(index.row()).metadata["id"]) \
                if index.isValid() else None

        def first_event(selected: dict[str, object] | None, key: str, stream_name: Callable[
                [str], str]) -> str | None:
            return first_event_id(self.reader, stream_name(str(selected[key]))) \
                if selected else None

        message_id = selected_name(QApplication.focusWidget(), [
            (log_panel, event_id),
            (self.orders_panel, lambda: first_event(
                self.orders_panel.selected_order(), "order_id", Order.stream_name)),
            (self.catalog_panel, lambda: first_event(
                self.catalog_panel.selected_book(), "book_id", Book.stream_name)),
            (self.commands_panel, self.commands_panel.selected_command)])
        if message_id is None:
            self.statusBar().showMessage(
                "Trace: select an event, an order, a book or a command first", 10_000)
        else:
            self.traceRequested.emit(message_id)

    def remembered_widgets(self) -> list[QWidget]:
        """What is kept between runs besides the layout: filters, the simulation's settings,
        column widths and the log's split. Not the times of Between…: they start around now
        again (a range of another day is rarely what is wanted next time)."""
        log_panel, simulation = self.event_log_panel, self.simulation_panel
        tables = (self.catalog_panel.table, self.orders_panel.table, self.orders_panel.history,
                  log_panel.table)
        for table in tables:
            table.horizontalHeader().setObjectName(f"{table.objectName()}Header")
        return [self.catalog_panel.filter, log_panel.type_filter, log_panel.text_filter,
                log_panel.time_filter, log_panel.utc_toggle,
                simulation.customers, simulation.rate, simulation.speed,
                simulation.invalid_share, simulation.seed,
                *(table.horizontalHeader() for table in tables),
                *self.findChildren(QSplitter, "eventLogSplitter")]

    def remember(self) -> None:
        """Keep the window's place, its docks and remembered widgets for the next start."""
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        save_widgets(settings, self.remembered_widgets())
        settings.sync()

    def restore_remembered(self) -> None:
        """The place, docks and widgets of the last run, if any. A place on a screen that is
        not there any more is moved onto one (Qt), and one still off every screen falls
        back to the default size."""
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            if not any(screen.availableGeometry().intersects(self.frameGeometry())
                       for screen in QGuiApplication.screens()):
                self.setGeometry(QRect(QPoint(0, 0), self.default_size()))
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state, LAYOUT_VERSION)
        restore_widgets(settings, self.remembered_widgets())

    def default_size(self) -> QSize:
        """The size of a first start: 1500×950, or the screen's available area if smaller."""
        return DEFAULT_SIZE.boundedTo(self.screen().availableSize())

    @Slot()
    def reset_layout(self) -> None:
        """View > Reset layout: every dock back where it starts, shown and docked, laid out
        for the window's size now, and every column at its first width."""
        arrange_docks(self, self.docks, self.size())
        room = self.size()
        size_docks(self, self.docks, room)
        # Again once the docks moved back have been laid out: Qt shares out anew then.
        QTimer.singleShot(0, lambda: size_docks(self, self.docks, room))
        for table, header in self._first_headers.items():
            table.horizontalHeader().restoreState(header)

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
                          f"Database: {self.shown_location}"])

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

    @Slot(str)
    def show_stream(self, stream: str) -> None:
        """The event log, in view, filtered to the events of `stream`."""
        dock = next(each for each in self.docks if each.objectName() == "eventLogDock")
        dock.show()
        dock.raise_()
        self.event_log_panel.show_stream(stream)

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
        self.remember()
        self.closing.emit()  # a copy being saved finishes before the database closes
        self.simulation_panel.shutdown()
        self.charts.stop()
        # Before the engine: the run's last commands must still be committed and delivered.
        self.simulation_control.shutdown()
        # Before the reader they read through is closed (the health widget also cancels a
        # rebuild still running, and waits for it, before the engine stops).
        if self.health is not None:
            self.health.stop()
        if self.stop_label is not None:
            self.stop_label.stop_refreshing()
        if self.history_window is not None:
            self.history_window.close()
        self.catalog_model.stop_refreshing()
        self.orders_model.stop_refreshing()
        self.event_log_model.stop_reading()
        self.commands_panel.stop()
        self.store_watch.stop()
        if self._writer_watch is not None:
            self._writer_watch.stop()
        self.bookshelf.close()  # stops the engine after every command it accepted
        self.bridge.detach()
        self.reader.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
