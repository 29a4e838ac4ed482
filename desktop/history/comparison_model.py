"""A version's state beside the one before it: one row a field, the changed ones marked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication

from desktop.look.marks import changed_background
from desktop.widgets.list_table_model import ListTableModel
from domain.readside.history import Comparison
from domain.readside.state_changes import ComparedField, path_text

MISSING = "—"  # a field one side has not (added or removed, or no state at all)


class ComparisonModel(ListTableModel):
    """Field, before, after; a changed field is bold on the palette's changed background,
    so it shows in the light and the dark look alike (and without color)."""

    HEADERS = ("Field", "Before", "After")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole,
                       Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole})

    def show(self, comparison: Comparison | None) -> None:
        if comparison is None:
            self._reset_rows([])
            return
        self._reset_rows(comparison.rows())

    def changed_fields(self) -> list[str]:
        """The changed fields' paths as text (items[0].quantity), in order."""
        return [path_text(row.path) for row in self._rows if row.changed]

    def cell(self, item: ComparedField, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return changed_background(QGuiApplication.palette()) if item.changed else None
        if role == Qt.ItemDataRole.FontRole:
            if not item.changed:
                return None
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Changed by this write" if item.changed else None
        if column == 0:
            return path_text(item.path)
        side = item.before if column == 1 else item.after
        return side.text(MISSING, quote_strings=False)
