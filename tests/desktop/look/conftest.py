"""Appearance tests change the application's palette and style sheet: each gets them back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desktop.look.appearance import SystemFollower


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    style_sheet = qapp.styleSheet()
    yield qapp
    qapp.styleHints().unsetColorScheme()
    qapp.setPalette(QPalette())
    qapp.setStyleSheet(style_sheet)
    for follower in qapp.findChildren(SystemFollower):
        follower.setParent(None)
        follower.deleteLater()


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """Settings in a file of this test's own, not the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
