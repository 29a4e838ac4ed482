"""The commands on record as a Qt table: a thin adapter over domain.readside.commands's rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.widgets.list_table_model import ListTableModel
from desktop.widgets.roles import KEY_ROLE
from desktop.widgets.time_display import time_display
from domain.readside.commands import CommandRow

REFUSED_COLOR = QColor("#c62828")  # as the Trace marks a refusal


class CommandsModel(ListTableModel):
    """One row per CommandRow: a refused one in red, its messages as every cell's tooltip;
    each row's command id under KEY_ROLE."""

    HEADERS = ("Time", "Command", "Outcome", "Aggregate")
    TIME_COLUMNS = (0,)
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                       Qt.ItemDataRole.ForegroundRole, KEY_ROLE})

    def show_rows(self, rows: list[CommandRow]) -> bool:
        """Show `rows`; False (and nothing redrawn) when they are the rows shown already."""
        if rows == self._rows:
            return False
        self._reset_rows(rows)
        return True

    def row_of(self, command_id: str) -> int | None:
        return next((row for row, each in enumerate(self._rows) if each.id == command_id), None)

    def cell(self, item: CommandRow, column: int, role: int) -> Any:
        if role == KEY_ROLE:
            return item.id
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(REFUSED_COLOR) if item.refused else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([f"{item.type}\nid {item.id}\n{item.outcome}", *item.messages])
        return (time_display().text(item.timestamp, millis=True), item.short_type,
                item.outcome, item.aggregate or "")[column]
