"""The window by keyboard: unique mnemonics, Tab out of tables, shortcuts and their list."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableView, QTableWidget

from desktop.widgets.shortcuts_dialog import shortcut_rows
from tests.desktop.helpers import add_book, find, pick_book, place_order, type_into

MNEMONIC = re.compile(r"&([^&])")


def mnemonics(window) -> list[str]:
    """The Alt+letter of every button, buddy label and menu title of the window."""
    texts = [button.text() for button in window.findChildren(QAbstractButton)
             if button.isVisibleTo(window)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy()]
    texts += [action.text() for action in window.menuBar().actions()]
    texts.append("Res&ume")  # the pause button's other text
    return [match.lower() for text in texts for match in MNEMONIC.findall(text)]


def test_every_mnemonic_of_the_window_is_unique(window):
    letters = mnemonics(window)
    assert len(letters) >= 20  # every form field, button and menu has one
    assert len(letters) == len(set(letters)) + 1  # Pause and Resume share theirs


def test_tab_leaves_a_table_that_has_rows(qtbot, window):
    add_book(qtbot, window, "Dune")
    table = find(window, "catalogTable", QTableView)
    window.activateWindow()
    table.setFocus()
    table.selectRow(0)
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table


def press(qtbot, window, keys: str) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keySequence(window, QKeySequence(keys))


def test_shortcuts_move_to_the_filters_and_the_forms(qtbot, window):
    for keys, name in (("Ctrl+F", "eventLogTextFilter"), ("Ctrl+Shift+F", "catalogFilter"),
                       ("Ctrl+B", "bookTitle"), ("Ctrl+Shift+O", "orderCustomer")):
        press(qtbot, window, keys)
        assert QApplication.focusWidget() is find(window, name), keys
        # In sight: its dock brought in front of the dock tabbed over it.
        assert not find(window, name).visibleRegion().isEmpty(), keys


def test_shortcuts_confirm_and_ship_the_selected_order(qtbot, window):
    add_book(qtbot, window, "Dune")
    place_order(qtbot, window, "Ann")
    window.orders_panel.select_order(window.orders_model.order(0)["order_id"])
    press(qtbot, window, "Ctrl+Shift+C")
    qtbot.waitUntil(lambda: window.orders_model.order(0)["status"] == "CONFIRMED")
    press(qtbot, window, "Ctrl+Shift+H")
    qtbot.waitUntil(lambda: window.orders_model.order(0)["status"] == "SHIPPED")


def test_a_shortcut_follows_the_newest_event(qtbot, window):
    window.event_log_panel.follow_button.setChecked(False)
    press(qtbot, window, "Ctrl+Shift+L")
    assert window.event_log_panel.follow_button.isChecked()


def test_help_lists_every_shortcut_of_the_window(qtbot, window):
    window.show_shortcuts()
    dialog = window.shortcuts_dialog
    table = dialog.findChild(QTableWidget, "keyboardShortcutsTable")
    listed = {table.item(row, 1).text() for row in range(table.rowCount())}
    assert listed == {what for _keys, what in shortcut_rows(window.shortcut_actions)}
    assert {"Search the event log", "Confirm the selected order", "Ship the selected order",
            "Place the order", "Follow the newest event", "Quit", "Keyboard shortcuts"} <= listed
    dialog.close()


def test_a_shortcut_places_the_order_in_the_form(qtbot, window):
    add_book(qtbot, window, "Dune")
    pick_book(qtbot, window, "")
    find(window, "orderAddLine").click()
    type_into(qtbot, window, "orderCustomer", "Ann")
    press(qtbot, window, "Ctrl+Shift+P")
    qtbot.waitUntil(lambda: window.orders_model.rowCount() == 1)

