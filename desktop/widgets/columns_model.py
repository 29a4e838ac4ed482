"""What every read-only table model of the window shares: named columns, answered roles, cells."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.widgets.time_display import time_display

AnyIndex = QModelIndex | QPersistentModelIndex


class ColumnsModel(QAbstractTableModel):
    """One column per entry of `HEADERS`; `data` answers the roles of `ROLES` only.

    A subclass says how many rows it has (`rowCount`), which item a row shows (`item`,
    None when it has none) and what a cell of that item holds (`cell`).
    """

    HEADERS: ClassVar[tuple[str, ...]] = ()
    # The columns that show a time: written again when the window switches to or from UTC.
    TIME_COLUMNS: ClassVar[tuple[int, ...]] = ()
    # Views ask for a dozen roles per cell on every paint: the others are answered first.
    ROLES: ClassVar[frozenset[int]] = frozenset({Qt.ItemDataRole.DisplayRole})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if self.TIME_COLUMNS:
            time_display().changed.connect(self._times_changed)

    def _times_changed(self) -> None:
        rows = self.rowCount()
        if rows:
            for column in self.TIME_COLUMNS:
                self.dataChanged.emit(self.index(0, column), self.index(rows - 1, column),
                                      [Qt.ItemDataRole.DisplayRole])

    def item(self, row: int) -> Any | None:
        """What row `row` shows; None past the end."""
        raise NotImplementedError

    def cell(self, item: Any, column: int, role: int) -> Any:
        """What the cell of `item` in `column` holds for `role`."""
        raise NotImplementedError

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self.ROLES or not index.isValid():
            return None
        item = self.item(index.row())
        return None if item is None else self.cell(item, index.column(), role)
