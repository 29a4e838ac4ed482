"""An unexpected exception on the GUI thread: logged with its traceback and shown in a dialog
that names the log file, instead of vanishing into a terminal nobody sees."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.diagnostics.log_folder_action import open_log_folder

log = logging.getLogger(__name__)


def unexpected_error_dialog(error: BaseException, log_path: Path) -> QMessageBox:
    """A window-modal dialog over the active window, opened without blocking."""
    box = QMessageBox(QApplication.activeWindow())
    box.setObjectName("unexpectedErrorDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Bookshelf Events: unexpected error")
    box.setText(f"Something went wrong: {type(error).__name__}: {error}")
    box.setInformativeText(
        f"This is a bug. Its details were written to the log file:\n{log_path}\n\n"
        "What the database accepted is saved. If the window behaves oddly, close it and "
        "open it again.")
    box.setDetailedText("".join(traceback.format_exception(error)))
    folder = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
    folder.clicked.connect(lambda: open_log_folder(log_path))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box


class ExceptionDialogHook(QObject):
    """sys.excepthook (where PySide6 sends a slot's exception) and threading.excepthook
    while installed; the dialog shown last is `dialog`."""

    def __init__(self, app: QApplication, log_path: Path) -> None:
        super().__init__(app)
        self.log_path = log_path
        self.dialog: QMessageBox | None = None
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self.on_exception
        threading.excepthook = self.on_thread_exception

    def on_exception(self, kind: type[BaseException], error: BaseException,
                     trace: TracebackType | None) -> None:
        log.error("unexpected error on the GUI thread", exc_info=(kind, error, trace))
        self._previous(kind, error, trace)  # the terminal's traceback too, for developers
        if not isinstance(error, Exception):
            return  # KeyboardInterrupt, SystemExit: not bugs to report
        # One at a time: an error raised at every repaint would otherwise stack dialogs.
        if self.dialog is None or not self.dialog.isVisible():
            self.dialog = unexpected_error_dialog(error, self.log_path)

    def on_thread_exception(self, arguments: threading.ExceptHookArgs) -> None:
        # Logged only: a dialog belongs to the GUI thread, and the engine's threads report
        # their own failures to the window.
        log.error("unexpected error on thread %s",
                  arguments.thread.name if arguments.thread else "?",
                  exc_info=arguments.exc_value)
        self._previous_thread(arguments)

    def uninstall(self) -> None:
        """Give the hooks back to what was there before."""
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread


def install_exception_dialog(app: QApplication, log_path: Path) -> ExceptionDialogHook:
    """From now on a bug on the GUI thread shows a dialog naming `log_path`."""
    return ExceptionDialogHook(app, log_path)
