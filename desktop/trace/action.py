"""View > Show trace (Ctrl+T): the chain of what is selected where the user is."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence


def trace_action(parent: QObject, show_selected_trace: Callable[[], object]) -> QAction:
    """A window-wide action running `show_selected_trace`, which follows the focus (as
    Show history does): always enabled, it says so itself when nothing is selected."""
    action = QAction("Show &trace of the selected event, order, book or command", parent)
    action.setObjectName("actionTraceEvent")
    action.setToolTip("The chain of the event, order, book or command selected in the "
                      "table you are in (an order's or a book's: the chain that created it)")
    action.setShortcut(QKeySequence("Ctrl+T"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda: show_selected_trace())
    return action
