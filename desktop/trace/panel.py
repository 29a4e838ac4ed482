"""The Trace panel: what it traces, the tree, and a word when there is nothing to show."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from desktop.trace.model import KIND_ROLE, POSITION_ROLE, STREAM_ROLE, TraceModel
from desktop.widgets.menu_items import copy_text, menu_item
from desktop.widgets.roles import KEY_ROLE
from desktop.widgets.rows_table import copy_rows_item
from desktop.widgets.rows_tree import RowsTree
from desktop.widgets.time_display import time_display
from domain.core.errors import StorageError
from domain.readside import Reader, short_id
from domain.readside.trace import COMMAND, Trace, TraceNotFound, trace

EMPTY = "Select an event in the log and press Ctrl+T (Show trace) to see its chain."


class TracePanel(QWidget):
    """The correlation chain of one message, read on the window's thread through the
    search index (a few ms on a million events: bench/eventlog.py, trace).

    Signals:
        eventChosen(int): an event's node was selected: its position, for the log.
        commandChosen(str): a command's node was selected: its id, for the Commands view.
        historyRequested(str): the history of a node's aggregate (its stream) was asked
            for, from the tree's context menu.
    """

    eventChosen = Signal(int)
    commandChosen = Signal(str)
    historyRequested = Signal(str)

    def __init__(self, reader: Reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tracePanel")
        self.reader = reader
        self.trace: Trace | None = None
        self.label = QLabel(EMPTY)
        self.label.setObjectName("traceLabel")
        self.label.setWordWrap(True)
        self.model = TraceModel(self)
        self.tree = RowsTree()  # Ctrl+C copies the selected nodes' rows, as the tables do
        self.tree.setObjectName("traceTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.selectionModel().currentRowChanged.connect(self._chosen)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._open_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.tree, stretch=1)
        # Times are written as the window writes them: local or UTC.
        time_display().changed.connect(self._show_again)

    def show_trace(self, message_id: str) -> bool:
        """Show the chain of an event, command or correlation id; say so when the store
        holds no such id (or cannot be read). Returns whether there is a chain to show."""
        try:
            found: Trace | None = trace(self.reader, message_id)
        except TraceNotFound:
            found, text = None, f"{message_id}: not found."
        except StorageError as error:
            found, text = None, f"The trace of {message_id} could not be read: {error}"
        self.trace = found
        self.model.show(found)
        if found is not None:
            text = self._describe(found)
            self.tree.expandAll()
            for column in range(self.model.columnCount()):
                self.tree.resizeColumnToContents(column)
        self.label.setText(text)
        return found is not None

    @staticmethod
    def _describe(found: Trace) -> str:
        size = sum(1 for _ in found.walk())
        if found.correlation_id is None:
            return (f"{short_id(found.asked)} has no correlation id (stored before ids were "
                    "recorded): it is shown alone.")
        return (f"Correlation {short_id(found.correlation_id)}: {size} message"
                f"{'' if size == 1 else 's'}, each under its cause.")

    @Slot()
    def _show_again(self) -> None:
        if self.trace is not None:
            self.model.show(self.trace)
            self.tree.expandAll()

    @Slot(QModelIndex)
    def _chosen(self, current: QModelIndex) -> None:
        if not current.isValid():
            return
        position = current.data(POSITION_ROLE)
        if current.data(KIND_ROLE) == COMMAND:
            self.commandChosen.emit(str(current.data(KEY_ROLE)))
        elif isinstance(position, int):
            self.eventChosen.emit(position)

    def menu_for(self, index: QModelIndex) -> QMenu:
        """The context menu of a node: Show history of its aggregate (disabled for a
        command that has none), Copy id; then Copy the selected rows."""
        menu = QMenu(self.tree)
        message_id, stream = index.data(KEY_ROLE), index.data(STREAM_ROLE)
        menu_item(menu, "Show &history", "traceTreeShowHistory",
                  lambda: self.historyRequested.emit(stream), enabled=bool(stream))
        menu_item(menu, "Copy &id", "traceTreeCopyId", lambda: copy_text(message_id))
        copy_rows_item(menu, "traceTree", len(self.tree.selected_rows()), self.tree.copy_rows)
        return menu

    @Slot(QPoint)
    def _open_menu(self, where: QPoint) -> None:
        index = self.tree.indexAt(where)
        if not index.isValid():
            return
        if not self.tree.selectionModel().isSelected(index):
            # The node the menu is about, alone, as the tables do; one of several
            # selected keeps them, for Copy.
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        menu = self.menu_for(index)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(where))
