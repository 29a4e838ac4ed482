"""The simulation panel: simulated people fill the window, and the user steers their run."""

from __future__ import annotations

import math
import threading

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox

from desktop.main_window import MainWindow
from domain.bookshelf import bookshelf
from domain.simulation.invariants import check_run
from domain.simulation.simulation import Simulation
from tests.desktop.helpers import click, find, log_types
from tests.desktop.simulation.where import click_start_here

FAST = 600.0  # simulated seconds per real second: orders within a few real milliseconds


def control_state(window: MainWindow) -> str | None:
    """The settled state, or None while a control is still on its way."""
    control = window.simulation_control
    return control.state if control.transition is None else None


def choose(window: MainWindow, name: str, value: float) -> None:
    combo = find(window, name, QComboBox)
    index = combo.findData(value)
    assert index >= 0, f"{name} offers no {value}"
    combo.setCurrentIndex(index)


def start_simulation(qtbot, window: MainWindow, customers: int = 3) -> Simulation:
    find(window, "simulationCustomers", QSpinBox).setValue(customers)
    choose(window, "simulationSpeed", FAST)
    click_start_here(qtbot, window)
    qtbot.waitUntil(lambda: control_state(window) == "running")
    simulation = window.simulation_control.simulation
    assert simulation is not None
    return simulation


def button(window: MainWindow, name: str) -> QPushButton:
    return find(window, name, QPushButton)


def submitted(simulation: Simulation) -> int:
    return simulation.snapshot()["commands_submitted"]


def test_every_control_has_a_name_and_only_start_is_enabled_at_first(window):
    for name, kind in (("simulationStart", QPushButton), ("simulationPauseResume", QPushButton),
                       ("simulationStop", QPushButton), ("simulationCustomers", QSpinBox),
                       ("simulationRate", QComboBox), ("simulationSpeed", QComboBox),
                       ("simulationInvalidShare", QSpinBox), ("simulationSeed", QSpinBox),
                       ("simulationMessage", QLabel), ("simulationState", QLabel)):
        find(window, name, kind)
    assert button(window, "simulationStart").isEnabled()
    assert not button(window, "simulationPauseResume").isEnabled()
    assert not button(window, "simulationStop").isEnabled()
    assert find(window, "simulationState", QLabel).text() == "Stopped"


def test_starting_fills_the_catalog_the_orders_and_the_event_log(qtbot, window):
    simulation = start_simulation(qtbot, window)

    # The clerk stocks the shelf first; customers then order, the warehouse ships.
    qtbot.waitUntil(lambda: window.catalog_model.rowCount() >= 20)
    qtbot.waitUntil(lambda: window.orders_model.rowCount() >= 3)
    qtbot.waitUntil(lambda: "Bookshelf.OrderShipped.v1" in log_types(window), timeout=10_000)
    assert {"Bookshelf.BookAdded.v1", "Bookshelf.OrderPlaced.v1"} <= set(log_types(window))
    assert simulation.engine is window.engine
    # The counters follow the run.
    qtbot.waitUntil(lambda: find(window, "simulationAccepted", QLabel).text() not in ("–", "0"))
    assert find(window, "simulationEventsBookAdded", QLabel).text() != "–"
    assert find(window, "simulationState", QLabel).text() == "Running"
    assert not button(window, "simulationStart").isEnabled()
    assert button(window, "simulationPauseResume").isEnabled()
    assert button(window, "simulationStop").isEnabled()
    assert not find(window, "simulationSeed", QSpinBox).isEnabled()


def test_pause_stops_new_commands_and_resume_goes_on(qtbot, window):
    simulation = start_simulation(qtbot, window)
    qtbot.waitUntil(lambda: submitted(simulation) >= 30)

    pause = button(window, "simulationPauseResume")
    click(qtbot, window, "simulationPauseResume")
    qtbot.waitUntil(lambda: control_state(window) == "paused")
    # Pause returned: the driver parked, so every command it sent is already submitted.
    assert simulation.paused and simulation.snapshot()["paused"]
    assert pause.text().replace("&", "") == "Resume"
    assert find(window, "simulationState", QLabel).text() == "Paused"
    assert button(window, "simulationStop").isEnabled()
    assert not button(window, "simulationStart").isEnabled()
    count = submitted(simulation)
    position = window.engine.query(lambda store: store.last_position()).result(timeout=10)
    clock = simulation.clock.now()
    qtbot.wait(300)  # a negative check: nothing may happen in this window
    assert submitted(simulation) == count
    assert simulation.clock.now() == clock
    assert window.engine.query(lambda store: store.last_position()).result(timeout=10) == position

    click(qtbot, window, "simulationPauseResume")
    qtbot.waitUntil(lambda: control_state(window) == "running")
    assert pause.text().replace("&", "") == "Pause"
    qtbot.waitUntil(lambda: submitted(simulation) > count)
    qtbot.waitUntil(lambda: window.event_log_model.last_position > position)


def test_settings_changed_while_running_or_paused_reach_the_run(qtbot, window):
    simulation = start_simulation(qtbot, window, customers=3)

    find(window, "simulationCustomers", QSpinBox).setValue(7)
    choose(window, "simulationRate", 30.0)
    find(window, "simulationInvalidShare", QSpinBox).setValue(50)
    choose(window, "simulationSpeed", math.inf)
    qtbot.waitUntil(lambda: (simulation.snapshot()["customers"], simulation.snapshot()["rate"],
                             simulation.snapshot()["speed"]) == (7, 30.0, math.inf))
    assert len(simulation.customers) == 7
    assert {customer.rate for customer in simulation.customers} == {30.0}
    qtbot.waitUntil(lambda: {customer.invalid_share for customer in simulation.customers}
                    == {0.5})

    click(qtbot, window, "simulationPauseResume")
    qtbot.waitUntil(lambda: control_state(window) == "paused")
    find(window, "simulationCustomers", QSpinBox).setValue(2)
    qtbot.waitUntil(lambda: len(simulation.customers) == 2)
    assert simulation.snapshot()["customers"] == 2 and simulation.paused


def test_stop_ends_the_run_and_start_begins_a_new_one(qtbot, window):
    first = start_simulation(qtbot, window)
    qtbot.waitUntil(lambda: window.orders_model.rowCount() >= 1)

    click(qtbot, window, "simulationStop")
    qtbot.waitUntil(lambda: control_state(window) == "stopped")
    assert first.finished
    assert button(window, "simulationStart").isEnabled()
    assert not button(window, "simulationPauseResume").isEnabled()
    assert not button(window, "simulationStop").isEnabled()
    # Stop waited for delivery: the window saw every event the run caused.
    expected = sum(first.stats.expected_events().values())
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == expected)

    find(window, "simulationSeed", QSpinBox).setValue(2)
    second = start_simulation(qtbot, window)
    assert second is not first and second.settings.seed == 2
    qtbot.waitUntil(lambda: submitted(second) > 0)


def test_a_run_that_fails_is_reported_in_the_panel(qtbot, window, monkeypatch):
    simulation = start_simulation(qtbot, window)

    def broken(_at: float) -> None:
        raise RuntimeError("the clerk tripped")

    monkeypatch.setattr(simulation, "_step", broken)
    message = find(window, "simulationMessage", QLabel)
    qtbot.waitUntil(lambda: "the clerk tripped" in message.text())
    assert message.property("kind") == "error"
    qtbot.waitUntil(lambda: control_state(window) == "stopped")
    assert button(window, "simulationStart").isEnabled()


def test_an_error_from_start_is_shown_in_the_panel(qtbot, window):
    window.engine.stop()  # a stopped engine refuses the run's first query

    click_start_here(qtbot, window)
    message = find(window, "simulationMessage", QLabel)
    qtbot.waitUntil(lambda: "could not start" in message.text())
    assert message.property("kind") == "error"
    assert control_state(window) == "stopped"
    assert button(window, "simulationStart").isEnabled()


def test_closing_during_a_run_stops_everything_and_loses_nothing(
        qtbot, open_window, database_path):
    window = open_window(database_path)
    simulation = start_simulation(qtbot, window, customers=10)
    qtbot.waitUntil(lambda: window.orders_model.rowCount() >= 10)

    window.close()  # while customers are ordering and the warehouse is shipping

    assert simulation.finished and simulation.error is None
    assert not window.engine.running
    names = {thread.name for thread in threading.enumerate()}
    assert not {"simulation", "domain-engine"} & names
    assert not any(name.startswith("simulation-control") for name in names)
    subscribers = [subscriber.name for subscriber in bookshelf.registry.subscribers]
    problems = check_run(window.bookshelf, simulation.stats, simulation.start_position,
                         [*subscribers, "desktop", "simulation"])
    assert problems == []
    report = window.bookshelf.check()
    assert report.ok, report.problems
