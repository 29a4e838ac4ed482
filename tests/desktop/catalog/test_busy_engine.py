"""A full mailbox refuses a command at once: the panel says the engine is busy."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.desktop.helpers import HOLD_S, click, find, hold_worker, type_into


def test_adding_a_book_while_the_mailbox_is_full_says_busy_without_waiting(
        qtbot, open_window, database_path):
    # A submit allowed to wait would outlast the hold.
    window = open_window(database_path, mailbox_size=1, submit_timeout=3 * HOLD_S)
    gate = hold_worker(window.engine)
    queued = window.engine.query(lambda _store: None)  # the mailbox's only place, taken
    type_into(qtbot, window, "bookTitle", "Dune")
    type_into(qtbot, window, "bookAuthor", "Frank Herbert")
    type_into(qtbot, window, "bookPrice", "9.99")

    click(qtbot, window, "bookAdd")

    message = find(window, "catalogMessage")
    qtbot.waitUntil(lambda: "busy" in message.text())
    assert not gate.is_set()  # answered while the worker was still held
    assert message.text() == "“Dune” was not added: the engine is busy, try again."
    assert window.findChild(QMessageBox, "errorDialog") is None
    assert find(window, "bookTitle").text() == "Dune"  # kept for the next try
    gate.set()
    queued.result(HOLD_S)  # taken from the mailbox: there is room again
    click(qtbot, window, "bookAdd")
    qtbot.waitUntil(lambda: window.catalog_model.rowCount() == 1)
