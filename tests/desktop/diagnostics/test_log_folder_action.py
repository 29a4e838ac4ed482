"""Help > Open log folder opens the folder that holds the log file."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from desktop.diagnostics.log_folder_action import open_log_folder_action
from tests.desktop.diagnostics.test_exception_dialog import UrlCatcher


def test_the_action_opens_the_log_folder_in_the_file_manager(qtbot, log_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    action = open_log_folder_action(parent, log_path)
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")

    assert catcher.urls == [QUrl.fromLocalFile(str(log_path.parent))]
    assert action.objectName() == "actionOpenLogFolder"
    assert action.text() == "Open &log folder"
