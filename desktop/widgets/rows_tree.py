"""A tree view whose selected rows are copied with Ctrl+C as the tables' are."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.widgets.rows_table import copied_rows, rows_text


class RowsTree(QTreeView):
    """Whole rows selected, several with Shift and Ctrl; Ctrl+C (the platform's Copy)
    copies the selected ones in the tree's order, as RowsTable copies a table's
    (rows_text: a line of the headers, then one line a row)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def selected_rows(self) -> list[QModelIndex]:
        """The first cell of each selected row, top to bottom as the tree shows them."""
        selection = self.selectionModel()
        return sorted(selection.selectedRows(), key=_place) if selection else []

    def copy_rows(self) -> None:
        rows = self.selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(rows_text(self.header(), rows))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not copied_rows(event, self.copy_rows):
            super().keyPressEvent(event)


def _place(index: QModelIndex) -> list[int]:
    """The row numbers from the top level down to `index`: sorted, the tree's order."""
    place = []
    while index.isValid():
        place.append(index.row())
        index = index.parent()
    return place[::-1]
