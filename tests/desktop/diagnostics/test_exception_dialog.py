"""A bug in a slot shows a dialog naming the log file, and its traceback is in that file."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton

from desktop.diagnostics.exception_dialog import install_exception_dialog

# pytest-qt would take the exception for itself and fail the test.
pytestmark = pytest.mark.qt_no_exception_capture


class UrlCatcher(QObject):
    """Stands in for the desktop's file manager: the URLs it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def hook(qapp, log_path):
    installed = install_exception_dialog(qapp, log_path)
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


def failing_button(qtbot, message: str = "boom") -> QPushButton:
    def fail() -> None:
        raise RuntimeError(message)

    button = QPushButton("Fail")
    qtbot.addWidget(button)
    button.clicked.connect(fail)
    return button


def test_an_exception_in_a_slot_shows_a_dialog_naming_the_log_file(qtbot, hook, log_path):
    qtbot.mouseClick(failing_button(qtbot), Qt.MouseButton.LeftButton)

    assert hook.dialog is not None and hook.dialog.isVisible()
    assert hook.dialog.objectName() == "unexpectedErrorDialog"
    assert "RuntimeError: boom" in hook.dialog.text()
    assert str(log_path) in hook.dialog.informativeText()
    assert "raise RuntimeError(message)" in hook.dialog.detailedText()


def test_the_exception_is_logged_with_its_traceback(qtbot, hook, log_path):
    qtbot.mouseClick(failing_button(qtbot), Qt.MouseButton.LeftButton)

    text = log_path.read_text(encoding="utf-8")
    assert "ERROR desktop.diagnostics.exception_dialog" in text
    assert "unexpected error on the GUI thread" in text
    assert "Traceback (most recent call last)" in text
    assert 'raise RuntimeError(message)' in text and "RuntimeError: boom" in text


def test_a_second_error_while_the_dialog_is_open_is_logged_without_a_second_dialog(
        qtbot, hook, log_path):
    qtbot.mouseClick(failing_button(qtbot, "first"), Qt.MouseButton.LeftButton)
    first = hook.dialog

    qtbot.mouseClick(failing_button(qtbot, "second"), Qt.MouseButton.LeftButton)

    assert hook.dialog is first and "first" in first.text()
    assert "RuntimeError: second" in log_path.read_text()


def test_the_dialogs_button_opens_the_log_folder(qtbot, hook, log_path):
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        qtbot.mouseClick(failing_button(qtbot), Qt.MouseButton.LeftButton)
        assert hook.dialog is not None
        button = next(button for button in hook.dialog.buttons()
                      if button.text() == "Open log folder")
        button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")

    assert catcher.urls == [QUrl.fromLocalFile(str(log_path.parent))]


# The hook hands the exception on to pytest's own, which warns of it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_exception_on_another_thread_is_logged_without_a_dialog(hook, log_path):
    def fail() -> None:
        raise ValueError("on a worker")

    worker = threading.Thread(target=fail, name="a worker")
    worker.start()
    worker.join()

    text = log_path.read_text(encoding="utf-8")
    assert "unexpected error on thread a worker" in text and "ValueError: on a worker" in text
    assert hook.dialog is None


def test_uninstalling_gives_the_hooks_back(qapp, log_path):
    before = (sys.excepthook, threading.excepthook)
    hook = install_exception_dialog(qapp, log_path)
    assert sys.excepthook == hook.on_exception

    hook.uninstall()

    assert (sys.excepthook, threading.excepthook) == before
