"""The simulation dock: run simulated customers and staff against the domain, and watch them."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.simulation.control import SimulationControl
from desktop.simulation.stats_view import SimulationStatsView
from desktop.simulation.where_to_run import (
    HERE,
    SCRATCH,
    SESSION,
    RememberedPlace,
    WhereToRunDialog,
)
from desktop.widgets.error_dialog import error_dialog
from desktop.widgets.message_bar import MessageBar
from domain.cli.settings import scratch_database_path
from domain.core.errors import StorageError
from domain.simulation.settings import RATE_PRESETS, SimulationSettings

REFRESH_MS = 500  # a snapshot sorts the latency window: twice a second is plenty to watch
MAX_CUSTOMERS = 1_000
# Simulated seconds per real second, as offered in the speed box.
SPEEDS = (("1× (real time)", 1.0), ("10×", 10.0), ("60×", 60.0), ("600×", 600.0),
          ("Maximum", math.inf))
STATE_TEXT = {"stopped": "Stopped", "running": "Running", "paused": "Paused",
              "starting": "Starting…", "pausing": "Pausing…", "resuming": "Resuming…",
              "stopping": "Stopping…"}


class SimulationPanel(QDockWidget):
    """Start, Pause/Resume and Stop, the run's settings, and its live counters.

    The settings are read at Start, and each change while a run goes on is sent to it
    (through `SimulationControl`, off the GUI thread). The commands of the simulated
    people go to the window's own engine, so their events reach the catalog, the orders
    and the event log like the user's own. The counters are read from the run's snapshot
    by a timer on the GUI thread.

    Start first asks whether to run in this database or in a new scratch one (unless the
    user said not to ask again, which `place` keeps for the session). A scratch database
    is made at once, and the window is asked to switch to it: this panel's engine writes
    to the database it was opened on. A storage error during a run pauses it and shows
    the error dialog.

    Signals:
        scratchRequested(str): the path of a new, empty scratch database the user chose to
            run the simulation in; the window opens it, then starts the run there
            (`start` on that database's panel).
    """

    scratchRequested = Signal(str)

    def __init__(self, control: SimulationControl, parent: QWidget | None = None,
                 place: RememberedPlace = SESSION) -> None:
        super().__init__("Simulation", parent)
        self.setObjectName("simulationPanel")
        self.control = control
        self.place = place
        self.where_dialog: WhereToRunDialog | None = None
        self.error_box: QWidget | None = None
        defaults = SimulationSettings()

        self.state_label = QLabel()
        self.state_label.setObjectName("simulationState")
        self.start_button = QPushButton("Sta&rt")
        self.start_button.setObjectName("simulationStart")
        self.start_button.setToolTip("Start a new run with these settings")
        self.start_button.clicked.connect(self.ask_and_start)
        self.pause_button = QPushButton("Pa&use")
        self.pause_button.setObjectName("simulationPauseResume")
        self.pause_button.setToolTip("Freeze simulated time, or let it go on")
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.stop_button = QPushButton("St&op")
        self.stop_button.setObjectName("simulationStop")
        self.stop_button.setToolTip("Stop acting; every command already sent is kept")
        self.stop_button.clicked.connect(control.stop)

        self.customers = QSpinBox()
        self.customers.setObjectName("simulationCustomers")
        self.customers.setRange(0, MAX_CUSTOMERS)
        self.customers.setValue(defaults.customers)
        self.customers.setKeyboardTracking(False)  # typing 100 is one change, not three
        self.customers.setToolTip("Simulated customers; fewer lets the newest ones leave")
        self.customers.valueChanged.connect(control.set_customers)
        self.rate = QComboBox()
        self.rate.setObjectName("simulationRate")
        self.rate.setToolTip("Orders per simulated minute, per customer")
        for name, rate in RATE_PRESETS.items():
            self.rate.addItem(f"{name.title()} ({rate:g}/min)", rate)
        self.rate.setCurrentIndex(max(0, self.rate.findData(defaults.rate)))
        self.rate.currentIndexChanged.connect(lambda: control.set_rate(self.rate_value()))
        self.speed = QComboBox()
        self.speed.setObjectName("simulationSpeed")
        self.speed.setToolTip("Simulated seconds per real second (Maximum: as fast as the"
                              " engine goes)")
        for text, speed in SPEEDS:
            self.speed.addItem(text, speed)
        self.speed.setCurrentIndex(max(0, self.speed.findData(defaults.speed)))
        self.speed.currentIndexChanged.connect(lambda: control.set_speed(self.speed_value()))
        self.invalid_share = QSpinBox()
        self.invalid_share.setObjectName("simulationInvalidShare")
        self.invalid_share.setRange(0, 100)
        self.invalid_share.setSuffix(" %")
        self.invalid_share.setValue(round(defaults.invalid_share * 100))
        self.invalid_share.setKeyboardTracking(False)
        self.invalid_share.setToolTip("Share of orders sent with invalid input on purpose")
        self.invalid_share.valueChanged.connect(
            lambda: control.set_invalid_share(self.invalid_share_value()))
        self.seed = QSpinBox()
        self.seed.setObjectName("simulationSeed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(defaults.seed)
        self.seed.setToolTip("The same seed and settings give the same run (read at Start)")

        self.message = MessageBar("simulationMessage")
        self.stats = SimulationStatsView()
        self.timer = QTimer(self)
        self.timer.setObjectName("simulationRefresh")
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

        run_box = QGroupBox("Run")
        run = QVBoxLayout(run_box)
        run.addWidget(self.state_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.stop_button)
        run.addLayout(buttons)
        settings_box = QGroupBox("Settings")
        settings = QFormLayout(settings_box)
        settings.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        settings.addRow("Customers:", self.customers)
        settings.addRow("Order rate:", self.rate)
        settings.addRow("Speed:", self.speed)
        settings.addRow("Invalid orders:", self.invalid_share)
        settings.addRow("Seed:", self.seed)
        contents = QWidget()
        contents.setObjectName("simulationContents")
        layout = QVBoxLayout(contents)
        layout.addWidget(run_box)
        layout.addWidget(settings_box)
        layout.addWidget(self.message)
        layout.addWidget(self.stats)
        layout.addStretch(1)
        # A short window scrolls the panel instead of growing to fit it.
        scroll = QScrollArea()
        scroll.setObjectName("simulationScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(contents)
        # Never narrower than the contents: the scroll area would cut them off on the right.
        scroll.setMinimumWidth(contents.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())
        self.setWidget(scroll)

        control.changed.connect(self._on_changed)
        control.failed.connect(self.message.error)
        control.storageFailed.connect(self._on_storage_failed)
        self._on_changed()

    # -- reading the settings ----------------------------------------------------------------

    def rate_value(self) -> float:
        return float(self.rate.currentData())

    def speed_value(self) -> float:
        return float(self.speed.currentData())

    def invalid_share_value(self) -> float:
        return self.invalid_share.value() / 100

    def settings(self) -> SimulationSettings:
        """A run's settings from the boxes, the rest left at the simulation's defaults."""
        return SimulationSettings(
            seed=self.seed.value(), customers=self.customers.value(), rate=self.rate_value(),
            speed=self.speed_value(), invalid_share=self.invalid_share_value())

    # -- the buttons ---------------------------------------------------------------------------

    @Slot()
    def ask_and_start(self) -> None:
        """Start, once the user said where (or said before not to be asked again)."""
        if self.place.answer is not None:
            self._run_in(self.place.answer)
            return
        dialog = self.where_dialog = WhereToRunDialog(self)
        dialog.chosen.connect(self._on_chosen)
        dialog.open()

    @Slot(str)
    def _on_chosen(self, answer: str) -> None:
        if self.where_dialog is not None and self.where_dialog.remember.isChecked():
            self.place.answer = answer
        self._run_in(answer)

    def _run_in(self, answer: str) -> None:
        if answer == HERE:
            self.start()
        elif answer == SCRATCH:
            self.scratchRequested.emit(str(scratch_database_path()))

    @Slot()
    def start(self) -> None:
        """Start a run in this panel's database, without asking."""
        self.message.clear_message()
        self.control.start(self.settings())

    @Slot(object)
    def _on_storage_failed(self, error: StorageError) -> None:
        self.message.error(f"The simulation was paused: the database could not be written "
                           f"({error}). Resume once the problem is fixed.")
        self.error_box = error_dialog(self, error)

    @Slot()
    def pause_or_resume(self) -> None:
        if self.control.state == "paused":
            self.control.resume()
        else:
            self.control.pause()

    @Slot()
    def _on_changed(self) -> None:
        state, transition = self.control.state, self.control.transition
        settled = transition is None
        going = state in ("running", "paused")
        self.start_button.setEnabled(settled and state == "stopped")
        self.pause_button.setEnabled(settled and going)
        self.pause_button.setText("Res&ume" if state == "paused" else "Pa&use")
        self.stop_button.setEnabled(transition != "stopping"
                                    and (going or transition is not None))
        self.seed.setEnabled(settled and state == "stopped")
        shown = transition or state
        self.state_label.setText(STATE_TEXT.get(shown, shown))
        self.state_label.setProperty("state", shown)
        # A dynamic property changed: make the style sheet look at it again.
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
        if state == "stopped" and settled:
            self.timer.stop()
        elif not self.timer.isActive():
            self.timer.start()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Show the run's latest counters."""
        self.stats.show_snapshot(self.control.snapshot())

    def shutdown(self) -> None:
        self.timer.stop()
