"""View > Appearance: System, Light or Dark, applied at once, remembered, restored at start."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QWidget

from desktop.look.appearance import (
    SETTINGS_KEY,
    appearance_menu,
    apply_stored_appearance,
)
from desktop.orders.model import STATUS_COLUMN
from desktop.widgets.style import DARK, LIGHT, is_dark
from tests.desktop.helpers import add_book, place_order


def menu_actions(parent: QWidget, settings: QSettings) -> dict[str, QAction]:
    menu = appearance_menu(parent, settings)
    return {action.text().replace("&", ""): action for action in menu.actions()}


def colors_of(cell: QModelIndex) -> tuple[QColor, QColor]:
    return (cell.data(Qt.ItemDataRole.BackgroundRole), cell.data(Qt.ItemDataRole.ForegroundRole))


def checked(actions: dict[str, QAction]) -> list[str]:
    return [name for name, action in actions.items() if action.isChecked()]


def test_the_menu_offers_system_light_and_dark_with_system_chosen_at_first(qtbot, settings):
    parent = QWidget()
    qtbot.addWidget(parent)

    actions = menu_actions(parent, settings)

    assert list(actions) == ["System", "Light", "Dark"]
    assert checked(actions) == ["System"]


def test_choosing_dark_darkens_the_window_and_remembers_it(qtbot, app, settings):
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = menu_actions(parent, settings)

    actions["Dark"].trigger()

    assert is_dark(app.palette())
    assert DARK.error in app.styleSheet() and LIGHT.error not in app.styleSheet()
    assert settings.value(SETTINGS_KEY) == "dark"
    assert checked(actions) == ["Dark"]


def test_choosing_light_after_dark_lightens_it_again(qtbot, app, settings):
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = menu_actions(parent, settings)
    actions["Dark"].trigger()

    actions["Light"].trigger()

    assert not is_dark(app.palette())
    assert LIGHT.error in app.styleSheet()
    assert settings.value(SETTINGS_KEY) == "light"


def test_choosing_system_gives_back_the_platforms_palette(qtbot, app, settings):
    platform_window = app.palette().window().color()
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = menu_actions(parent, settings)
    actions["Dark"].trigger()

    actions["System"].trigger()

    assert app.palette().window().color() == platform_window
    assert settings.value(SETTINGS_KEY) == "system"


def test_the_stored_choice_is_applied_at_start_and_checked_in_the_menu(qtbot, app, settings):
    settings.setValue(SETTINGS_KEY, "dark")

    assert apply_stored_appearance(app, settings) == "dark"

    assert is_dark(app.palette())
    parent = QWidget()
    qtbot.addWidget(parent)
    assert checked(menu_actions(parent, settings)) == ["Dark"]


def test_a_stored_value_that_is_not_a_choice_means_system(app, settings):
    settings.setValue(SETTINGS_KEY, "purple")

    assert apply_stored_appearance(app, settings) == "system"
    assert not is_dark(app.palette())


def test_the_orders_status_cells_take_the_colors_of_the_scheme(qtbot, app, settings, window):
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")
    status = window.orders_model.index(0, STATUS_COLUMN)
    assert colors_of(status) == LIGHT.statuses["PENDING"]

    settings.setValue(SETTINGS_KEY, "dark")
    apply_stored_appearance(app, settings)

    assert colors_of(status) == DARK.statuses["PENDING"]
