"""The window's remembered settings: one QSettings file per user, the same in every window."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "bookshelf-events"
APPLICATION = "bookshelf"


def app_settings() -> QSettings:
    """The user's settings file (on Linux ~/.config/bookshelf-events/bookshelf.ini).

    An INI file named here rather than QSettings() on the application's names: what is kept
    does not depend on how the QApplication was named (a test's, the screenshot tool's).
    """
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION)
