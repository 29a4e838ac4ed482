"""Start asks whether the simulation runs in this database or in a new scratch one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox

from tests.desktop.helpers import click, find
from tests.desktop.simulation.where import click_start_here, where_dialog


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def settled(window) -> str | None:
    control = window.simulation_control
    return control.state if control.transition is None else None


def test_start_asks_first_and_running_here_starts_the_run_in_this_database(qtbot, window):
    click_start_here(qtbot, window)

    qtbot.waitUntil(lambda: settled(window) == "running")
    assert window.simulation_control.simulation.engine is window.engine


def test_a_scratch_database_is_made_and_asked_for_and_nothing_runs_here(
        qtbot, window, cache_folder):
    click(qtbot, window, "simulationStart")
    dialog = where_dialog(qtbot, window)

    # Enter chooses the scratch database: it keeps simulated orders apart.
    with qtbot.waitSignal(window.simulation_panel.scratchRequested) as requested:
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    path = Path(requested.args[0])
    assert path.parent == cache_folder / "bookshelf-events" / "scratch"
    assert path.name.startswith("simulation-") and path.exists()
    assert window.simulation_control.simulation is None
    assert settled(window) == "stopped"


def test_dont_ask_again_keeps_the_answer_for_the_next_start(qtbot, window):
    click(qtbot, window, "simulationStart")
    dialog = where_dialog(qtbot, window)
    find(dialog, "simulationWhereRemember", QCheckBox).setChecked(True)
    click(qtbot, dialog, "simulationRunHere")
    qtbot.waitUntil(lambda: settled(window) == "running")
    click(qtbot, window, "simulationStop")
    qtbot.waitUntil(lambda: settled(window) == "stopped")
    first = window.simulation_control.simulation

    window.simulation_panel.where_dialog = None
    click(qtbot, window, "simulationStart")

    qtbot.waitUntil(lambda: settled(window) == "running"
                    and window.simulation_control.simulation is not first)
    assert window.simulation_panel.where_dialog is None  # not asked


def test_cancelling_the_question_starts_nothing(qtbot, window):
    click(qtbot, window, "simulationStart")
    dialog = where_dialog(qtbot, window)

    dialog.reject()

    assert not dialog.isVisible()
    assert window.simulation_control.simulation is None
    assert window.simulation_control.transition is None
    assert find(window, "simulationStart").isEnabled()
