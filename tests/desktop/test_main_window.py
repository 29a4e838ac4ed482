"""The window's own parts: the error dialog for what no panel explains, the last position."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtWidgets import QLabel, QMessageBox

from tests.desktop.helpers import add_book, click, find, type_into


def test_a_stopped_engine_is_said_in_the_panel_and_explained_in_the_dialog(qtbot, window):
    window.engine.stop()
    type_into(qtbot, window, "bookTitle", "Dune")
    type_into(qtbot, window, "bookAuthor", "Frank Herbert")
    type_into(qtbot, window, "bookPrice", "9.99")

    click(qtbot, window, "bookAdd")

    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None)
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Bookshelf Events: storage problem"
    assert dialog.text() == "the engine is not running"
    message = find(window, "catalogMessage")
    assert message.text() == "“Dune” was not added (see the error dialog)."
    assert message.property("kind") == "error"


def test_a_command_nobody_can_handle_is_reported_as_a_bug(qtbot, window):
    window.bridge.submit(object())  # fire-and-forget: the dialog still hears of it

    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None)
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog.windowTitle() == "Bookshelf Events: unexpected error"


def test_the_status_bar_shows_the_last_event_position(qtbot, open_window, database_path):
    first = open_window(database_path)
    position = find(first, "statusPosition", QLabel)
    assert position.text() == "Last event: #0"

    add_book(qtbot, first, "Dune")
    qtbot.waitUntil(lambda: position.text() == "Last event: #1")
    first.close()

    second = open_window(database_path)  # read from the store at start
    assert find(second, "statusPosition", QLabel).text() == "Last event: #1"


def test_a_damaged_database_gets_the_cannot_use_dialog_and_is_not_written(
        qtbot, window, database_path):
    from domain.core.storage.sqlite.errors import mark_damaged

    # As when a read met SQLITE_CORRUPT in this process (see test_damaged_files).
    mark_damaged(str(database_path), "database disk image is malformed")
    type_into(qtbot, window, "bookTitle", "Dune")
    type_into(qtbot, window, "bookAuthor", "Frank Herbert")
    type_into(qtbot, window, "bookPrice", "9.99")
    click(qtbot, window, "bookAdd")

    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None)
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog.windowTitle() == "Bookshelf Events: cannot use the database"
    assert dialog.text().startswith("The database cannot be used:")
    assert f"bookshelf check --db {database_path}" in dialog.text()
    with closing(sqlite3.connect(database_path)) as connection:  # nothing was written
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (0,)
