"""Help > Open log folder: the log file's folder in the desktop's file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices


def open_log_folder(log_path: Path) -> bool:
    """Whether the desktop could open the folder holding `log_path`."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path.parent)))


def open_log_folder_action(parent: QObject, log_path: Path) -> QAction:
    action = QAction("Open &log folder", parent)
    action.setObjectName("actionOpenLogFolder")
    action.setStatusTip(f"Show {log_path.parent} in the file manager")
    action.triggered.connect(lambda: open_log_folder(log_path))
    return action
