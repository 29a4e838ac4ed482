"""View > Show trace (Ctrl+T): the chain of the event selected in a table, enabled with one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTableView


def trace_action(parent: QObject, table: QTableView, event_id: Callable[[int], str],
                 show_trace: Callable[[str], object]) -> QAction:
    """An action showing the trace of the event in `table`'s current row (`event_id(row)`
    names it); disabled while no row is current, or the table's model was reset."""
    action = QAction("Show &trace of the selected event", parent)
    action.setObjectName("actionTraceEvent")
    action.setShortcut(QKeySequence("Ctrl+T"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def selected() -> str | None:
        index = table.currentIndex()
        return event_id(index.row()) if index.isValid() else None

    def follow_selection() -> None:
        action.setEnabled(selected() is not None)

    table.selectionModel().currentRowChanged.connect(follow_selection)
    table.model().modelReset.connect(follow_selection)
    action.triggered.connect(lambda: show_trace(selected() or ""))
    follow_selection()
    return action
