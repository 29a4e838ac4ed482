"""A table view whose rows are copied with Ctrl+C and have a context menu."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView


def rows_text(header: QHeaderView, rows: Iterable[QModelIndex]) -> str:
    """Rows of a table or a tree (each named by an index of its row) as tab-separated
    text, as spreadsheets paste it: a line of the column headers, then a line per row,
    each cell as the view shows it (times in the zone shown), in the columns' order on
    screen, hidden ones left out. A cell with a tab, a newline or a quote is quoted (csv's
    excel-tab)."""
    model = header.model()
    columns = [header.logicalIndex(place) for place in range(header.count())]
    columns = [column for column in columns if not header.isSectionHidden(column)]
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerow([model.headerData(column, Qt.Orientation.Horizontal) or ""
                     for column in columns])
    for row in rows:
        writer.writerow([_text(row.siblingAtColumn(column).data()) for column in columns])
    return out.getvalue()


def copied_rows(event: QKeyEvent, copy_rows: Callable[[], object]) -> bool:
    """Whether `event` was the platform's Copy (Ctrl+C), and the rows were copied: a view
    asks before its own Copy, which copies the current cell only."""
    if not event.matches(QKeySequence.StandardKey.Copy):
        return False
    copy_rows()
    event.accept()
    return True


def copy_rows_item(menu: QMenu, view_name: str, count: int, copy: Callable[[], object]
                   ) -> QAction:
    """The menu's last item, after the panel's: Copy the `count` selected rows (Ctrl+C)."""
    if menu.actions():
        menu.addSeparator()
    action = menu.addAction("&Copy row" if count == 1 else f"&Copy {count} rows")
    action.setObjectName(f"{view_name}CopyRows")
    action.setShortcut(QKeySequence.StandardKey.Copy)  # shown, and working in the menu
    action.setEnabled(count > 0)
    action.triggered.connect(copy)
    return action


def _text(value: object) -> str:
    return "" if value is None else str(value)


class RowsTable(QTableView):
    """Ctrl+C (the platform's Copy) copies the selected rows (rows_text); the context menu
    holds the items panels add for the row it was opened on, then Copy. A right click on a
    row outside the selection selects that row first, as file managers do.

    Signals:
        menuOpening(QMenu, int): the menu for this row is being made: add items to it (a
            signal, not a list of callbacks, so that the table holds no reference to its
            panel: a cycle through Qt wrappers left for the garbage collector to break
            deletes widgets at a random moment).
    """

    menuOpening = Signal(QMenu, int)

    def selected_rows(self) -> list[int]:
        """The selected rows, top to bottom."""
        selection = self.selectionModel()
        return sorted(index.row() for index in selection.selectedRows()) if selection else []

    def copy_rows(self) -> None:
        rows = self.selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(rows_text(
                self.horizontalHeader(), (self.model().index(row, 0) for row in rows)))

    def menu_for(self, row: int) -> QMenu:
        """The context menu for `row` (the panels' items, then Copy)."""
        menu = QMenu(self)
        self.menuOpening.emit(menu, row)
        copy_rows_item(menu, self.objectName(), len(self.selected_rows()), self.copy_rows)
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not copied_rows(event, self.copy_rows):
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            where = event.pos()
            index = self.indexAt(where)
        else:  # the menu key: for the current row, at it
            index = self.currentIndex()
            where = self.visualRect(index).center() if index.isValid() else QPoint(0, 0)
        if not index.isValid():
            return
        if not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        menu = self.menu_for(index.row())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.viewport().mapToGlobal(where))
        event.accept()
