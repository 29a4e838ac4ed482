"""What the window remembers between runs, and View > Reset layout (issue 12, item 3)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from desktop.main_window import MainWindow
from desktop.settings import app_settings


def reopen(open_window, window: MainWindow, path: Path) -> MainWindow:
    window.close()
    return open_window(path)


def test_filters_settings_columns_and_docks_come_back_at_the_next_start(
        open_window, database_path: Path) -> None:
    window = open_window(database_path)
    window.catalog_panel.filter.setText("Herbert")
    window.event_log_panel.text_filter.setText("Dune")
    window.event_log_panel.time_filter.setCurrentText("Last hour")
    window.simulation_panel.customers.setValue(37)
    window.simulation_panel.speed.setCurrentIndex(2)
    speed = window.simulation_panel.speed.currentText()
    window.catalog_panel.table.horizontalHeader().resizeSection(2, 211)
    charts = next(dock for dock in window.docks if dock.objectName() == "chartsDock")
    charts.close()

    again = reopen(open_window, window, database_path)

    assert again.catalog_panel.filter.text() == "Herbert"
    assert again.event_log_panel.text_filter.text() == "Dune"
    assert again.event_log_panel.time_filter.currentText() == "Last hour"
    assert again.simulation_panel.customers.value() == 37
    assert again.simulation_panel.speed.currentText() == speed
    assert again.catalog_panel.table.horizontalHeader().sectionSize(2) == 211
    assert not next(dock for dock in again.docks if dock.objectName() == "chartsDock"
                    ).toggleViewAction().isChecked()


def test_reset_layout_brings_every_dock_back_and_the_first_column_widths(
        open_window, database_path: Path) -> None:
    window = open_window(database_path)
    header = window.catalog_panel.table.horizontalHeader()
    first_width = header.sectionSize(2)
    header.resizeSection(2, first_width + 90)
    for dock in window.docks[:3]:
        dock.close()
    window.docks[4].setFloating(True)

    window.findChild(type(window.file_menu.actions[0]), "actionResetLayout").trigger()

    # Checked in View: shown, whether on top of its tab group or behind another tab.
    assert all(dock.toggleViewAction().isChecked() and not dock.isFloating()
               for dock in window.docks)
    assert header.sectionSize(2) == first_width


def test_a_place_on_a_screen_that_is_gone_comes_back_onto_this_one(
        open_window, database_path: Path) -> None:
    window = open_window(database_path)
    window.close()
    screen = QGuiApplication.primaryScreen().availableGeometry()
    window.setGeometry(QRect(screen.right() + 3000, screen.bottom() + 2000, 900, 700))
    app_settings().setValue("window/geometry", window.saveGeometry())

    again = open_window(database_path)

    assert any(each.availableGeometry().intersects(again.frameGeometry())
               for each in QGuiApplication.screens())
