"""A run whose commands the store cannot write (a full disk) pauses and says so in a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox

from domain.simulation.settings import SimulationSettings
from tests.desktop.helpers import find

ROOM_PAGES = 40  # room for the clerk's first books, then the disk is full


def limit_pages(window, pages: int | None) -> None:
    """SQLite's own limit on the file's size: past it, writes fail as on a full disk."""
    def limit(store) -> None:
        current = store.execute("PRAGMA page_count").fetchone()[0]
        store.execute(f"PRAGMA max_page_count = {current + pages if pages else 1073741823}")

    window.engine.query(limit).result(timeout=10)


def settled(window) -> str | None:
    control = window.simulation_control
    return control.state if control.transition is None else None


def error_box(window) -> QMessageBox | None:
    box = window.simulation_panel.error_box
    return box if isinstance(box, QMessageBox) and box.isVisible() else None


def test_a_full_disk_pauses_the_run_and_shows_the_storage_dialog(qtbot, window):
    limit_pages(window, ROOM_PAGES)
    with qtbot.waitSignal(window.simulation_control.storageFailed, timeout=20_000) as failed:
        window.simulation_control.start(SimulationSettings(customers=20, speed=600.0))

    assert "disk is full" in str(failed.args[0])
    qtbot.waitUntil(lambda: settled(window) == "paused")
    qtbot.waitUntil(lambda: error_box(window) is not None)
    box = error_box(window)
    assert box.objectName() == "errorDialog"
    assert "disk is full" in box.text()
    message = find(window, "simulationMessage", QLabel)
    assert "paused" in message.text() and message.property("kind") == "error"
    # Paused, not stopped: it can resume once there is room again.
    assert find(window, "simulationPauseResume").isEnabled()


def test_a_resumed_run_goes_on_once_there_is_room_again(qtbot, window):
    limit_pages(window, ROOM_PAGES)
    with qtbot.waitSignal(window.simulation_control.storageFailed, timeout=20_000):
        window.simulation_control.start(SimulationSettings(customers=20, speed=600.0))
    qtbot.waitUntil(lambda: settled(window) == "paused")
    simulation = window.simulation_control.simulation
    accepted = simulation.snapshot()["commands_accepted"]

    limit_pages(window, None)
    window.simulation_control.resume()

    qtbot.waitUntil(lambda: simulation.snapshot()["commands_accepted"] > accepted + 20,
                    timeout=20_000)
    # The run goes on as soon as the control thread resumed it; the window hears of it
    # through a queued signal, which a loaded machine may deliver a moment later.
    qtbot.waitUntil(lambda: settled(window) == "running")
