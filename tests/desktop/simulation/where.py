"""Starting a simulation as a user does: Start, then the answer to where it runs."""

from __future__ import annotations

from desktop.main_window import MainWindow
from desktop.simulation.where_to_run import WhereToRunDialog
from tests.desktop.helpers import click


def where_dialog(qtbot, window: MainWindow) -> WhereToRunDialog:
    qtbot.waitUntil(lambda: window.simulation_panel.where_dialog is not None
                    and window.simulation_panel.where_dialog.isVisible())
    dialog = window.simulation_panel.where_dialog
    assert dialog is not None
    return dialog


def click_start_here(qtbot, window: MainWindow) -> None:
    """Click Start and answer "Run in this database"."""
    window.simulation_panel.where_dialog = None
    click(qtbot, window, "simulationStart")
    click(qtbot, where_dialog(qtbot, window), "simulationRunHere")
