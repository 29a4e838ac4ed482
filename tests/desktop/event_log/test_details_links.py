"""The log's details and its context menu lead on: a stream filters the log, ids ask for
their trace, a stream for its history."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication

from tests.desktop.event_details.conftest import index_at
from tests.desktop.helpers import add_book


def two_books_selecting_the_first(qtbot, window):
    for title in ("Dune", "Emma"):
        add_book(qtbot, window, title)
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 2)
    panel = window.event_log_panel
    panel.table.selectRow(0)
    return panel, window.event_log_model.row_at(0)


def shown_streams(window) -> set[str]:
    model = window.event_log_model
    return {model.row_at(row).stream for row in range(model.rowCount())}


def test_a_click_on_the_stream_in_the_details_filters_the_log_to_it(qtbot, window):
    panel, event = two_books_selecting_the_first(qtbot, window)
    tree = panel.details.tree
    value = index_at(panel.details, "metadata", "stream", column=1)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualRect(value).center())
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 1)
    assert shown_streams(window) == {event.stream}
    assert panel.text_filter.text() == event.stream
    # The event it was followed from is still the one shown.
    assert panel.table.currentIndex().row() == 0
    assert json.loads(panel.details.json_text()) == event.stored_document


def test_enter_on_the_stream_in_the_details_filters_the_log_to_it(qtbot, window):
    panel, event = two_books_selecting_the_first(qtbot, window)
    tree = panel.details.tree
    tree.setFocus()
    tree.setCurrentIndex(index_at(panel.details, "metadata", "stream"))
    qtbot.keyClick(tree, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 1)
    assert shown_streams(window) == {event.stream}


def test_the_details_correlation_id_asks_the_window_for_its_trace(qtbot, window):
    panel, event = two_books_selecting_the_first(qtbot, window)
    tree = panel.details.tree
    tree.setFocus()
    tree.setCurrentIndex(index_at(panel.details, "metadata", "correlation_id"))
    with qtbot.waitSignal(window.traceRequested) as asked:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert asked.args == [event.metadata["correlation_id"]]


def menu_action(panel, row: int, name: str) -> QAction:
    menu = panel.table.menu_for(row)
    action = menu.findChild(QAction, name)
    assert action is not None and action.isEnabled()
    return action


def test_the_tables_menu_asks_for_the_events_trace_and_its_streams_history(qtbot, window):
    panel, event = two_books_selecting_the_first(qtbot, window)
    with qtbot.waitSignal(window.traceRequested) as trace:
        menu_action(panel, 0, "eventLogTableShowTrace").trigger()
    with qtbot.waitSignal(window.historyRequested) as history:
        menu_action(panel, 0, "eventLogTableShowHistory").trigger()
    assert (trace.args, history.args) == ([event.event_id], [event.event_id])


def test_the_tables_menu_copies_the_events_id_and_filters_to_its_stream(qtbot, window):
    panel, event = two_books_selecting_the_first(qtbot, window)
    menu_action(panel, 0, "eventLogTableCopyId").trigger()
    assert QGuiApplication.clipboard().text() == event.event_id
    menu_action(panel, 0, "eventLogTableShowStream").trigger()
    qtbot.waitUntil(lambda: window.event_log_model.rowCount() == 1)
    assert shown_streams(window) == {event.stream}


def test_ctrl_c_copies_the_selected_events_as_the_table_shows_them(qtbot, window):
    panel, _event = two_books_selecting_the_first(qtbot, window)
    panel.table.selectAll()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    model = window.event_log_model
    assert lines[0].split("\t") == [str(model.headerData(column, Qt.Orientation.Horizontal))
                                    for column in range(model.columnCount())]
    assert [line.split("\t")[1] for line in lines[1:]] == [
        model.index(row, 1).data() for row in range(2)]  # the times as shown
