"""A version's state beside the one before it: one row a field, the changed ones marked."""

from __future__ import annotations

import json
from typing import Any

import attrs
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication

from desktop.look.marks import changed_background
from desktop.widgets.list_table_model import ListTableModel
from domain.readside.history import Comparison
from domain.readside.state_changes import Path, leaves, path_text, value_at, within

MISSING = "—"  # a field one side has not (added or removed, or no state at all)


@attrs.frozen
class FieldRow:
    path: Path
    before: str
    after: str
    changed: bool


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
        before, after = comparison.before or {}, comparison.after or {}
        paths = list(dict.fromkeys(path for state in (before, after)
                                   for path, _ in leaves(state) if path))
        self._reset_rows([FieldRow(path, _text(before, path), _text(after, path),
                                   within(path, comparison.changed)) for path in paths])

    def changed_fields(self) -> list[str]:
        """The changed fields' paths as text (items[0].quantity), in order."""
        return [path_text(row.path) for row in self._rows if row.changed]

    def cell(self, item: FieldRow, column: int, role: int) -> Any:
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
        return (path_text(item.path), item.before, item.after)[column]


def _text(state: object, path: Path) -> str:
    found, value = value_at(state, path)
    if not found:
        return MISSING
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
