"""View > Appearance: System, Light or Dark, applied at once and remembered in QSettings."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QObject, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from desktop.look.palettes import dark_palette, light_palette
from desktop.settings import app_settings
from desktop.widgets.style import colors_for, style_sheet

SETTINGS_KEY = "appearance/colorScheme"
SYSTEM, LIGHT, DARK = "system", "light", "dark"
LABELS = {SYSTEM: "&System", LIGHT: "&Light", DARK: "&Dark"}
SCHEMES = {LIGHT: Qt.ColorScheme.Light, DARK: Qt.ColorScheme.Dark}


def application() -> QApplication:
    # instance() is typed as the QCoreApplication it could be; this program makes QApplications.
    return cast(QApplication, QApplication.instance())


def _or_default(settings: QSettings | None) -> QSettings:
    return settings if settings is not None else app_settings()


def stored_choice(settings: QSettings | None = None) -> str:
    """The remembered choice; System when none is stored (or it is not one of ours)."""
    value = _or_default(settings).value(SETTINGS_KEY, SYSTEM)
    return value if value in LABELS else SYSTEM


def restyle(app: QApplication) -> None:
    """The style sheet whose colors suit the palette in effect now."""
    app.setStyleSheet(style_sheet(colors_for(app.palette())))


def apply_appearance(app: QApplication, choice: str) -> None:
    """Show `choice` (SYSTEM, LIGHT or DARK) now."""
    hints = app.styleHints()
    if choice in SCHEMES:
        hints.setColorScheme(SCHEMES[choice])  # what Qt draws natively: title bars, dialogs
        # Set whether the platform honours the request or not (offscreen and bare X11 do
        # not): the same colors everywhere, and the ones the contrast test measured.
        app.setPalette(dark_palette() if choice == DARK else light_palette(app))
    else:
        hints.unsetColorScheme()
        app.setPalette(QPalette())  # the platform's own again, and its changes from now on
    restyle(app)


class SystemFollower(QObject):
    """Restyles when the system switches scheme (it matters under System)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        # Queued: the platform's new palette is in place by the time it runs.
        app.styleHints().colorSchemeChanged.connect(self.restyle,
                                                    Qt.ConnectionType.QueuedConnection)

    @Slot()
    def restyle(self) -> None:
        restyle(self._app)


def apply_stored_appearance(app: QApplication, settings: QSettings | None = None) -> str:
    """At start: the remembered choice, restyled as the system changes; returns the choice."""
    choice = stored_choice(settings)
    apply_appearance(app, choice)
    if app.findChild(SystemFollower) is None:
        SystemFollower(app)
    return choice


def appearance_menu(parent: QWidget, settings: QSettings | None = None) -> QMenu:
    """View > Appearance: one checked choice; picking one applies and remembers it."""
    menu = QMenu("&Appearance", parent)
    menu.setObjectName("appearanceMenu")
    group = QActionGroup(menu)
    current = stored_choice(settings)
    for choice, label in LABELS.items():
        action = menu.addAction(label)
        action.setObjectName(f"actionAppearance{choice.title()}")
        action.setCheckable(True)
        action.setChecked(choice == current)
        action.setData(choice)
        group.addAction(action)

    def choose(action: QAction) -> None:
        choice = str(action.data())
        _or_default(settings).setValue(SETTINGS_KEY, choice)
        apply_appearance(application(), choice)

    group.triggered.connect(choose)
    return menu
