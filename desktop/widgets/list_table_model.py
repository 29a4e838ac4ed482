"""A read-only table model over a Python list: the counts, headers and guards of every table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ListTableModel(QAbstractTableModel):
    """One row per item of a plain list, one column per entry of `HEADERS`.

    A subclass names its columns in `HEADERS`, the roles it answers in `ROLES`, and says
    what a cell holds in `cell(item, column, role)`; `data` calls it only for an existing
    row and one of those roles. Rows change through `_append_rows`, `_prepend_rows`,
    `_remove_first_rows` and `_reset_rows`, which send the signals views and proxies rely on.
    """

    HEADERS: ClassVar[tuple[str, ...]] = ()
    # Views ask for a dozen roles per cell on every paint: the others are answered first.
    ROLES: ClassVar[frozenset[int]] = frozenset({Qt.ItemDataRole.DisplayRole})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def cell(self, item: Any, column: int, role: int) -> Any:
        """What the cell of `item` (a row's list entry) in `column` holds for `role`."""
        raise NotImplementedError

    # -- changing rows ---------------------------------------------------------------------

    def _append_rows(self, items: Sequence[Any]) -> None:
        if not items:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
        self._rows.extend(items)
        self.endInsertRows()

    def _prepend_rows(self, items: Sequence[Any]) -> None:
        if not items:
            return
        self.beginInsertRows(QModelIndex(), 0, len(items) - 1)
        self._rows[:0] = items
        self.endInsertRows()

    def _remove_first_rows(self, count: int) -> None:
        count = min(count, len(self._rows))
        if count <= 0:
            return
        self.beginRemoveRows(QModelIndex(), 0, count - 1)
        del self._rows[:count]
        self.endRemoveRows()

    def _reset_rows(self, items: list[Any]) -> None:
        self.beginResetModel()
        self._rows = items
        self.endResetModel()

    # -- Qt ----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self.ROLES or not index.isValid() \
                or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)
