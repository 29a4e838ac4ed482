"""A read-only table model over a Python list: the counts, headers and guards of every table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from desktop.widgets.columns_model import AnyIndex, ColumnsModel

RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ListTableModel(ColumnsModel):
    """One row per item of a plain list, one column per entry of `HEADERS`.

    A subclass names its columns in `HEADERS`, the roles it answers in `ROLES`, and says
    what a cell holds in `cell(item, column, role)`; `data` calls it only for an existing
    row and one of those roles (ColumnsModel). Rows change through `_append_rows`, `_prepend_rows`,
    `_remove_first_rows` and `_reset_rows`, which send the signals views and proxies rely on.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def item(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

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

