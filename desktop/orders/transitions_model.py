"""The status history of one order: each transition with its time and event id."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.widgets.list_table_model import ListTableModel
from desktop.widgets.time_display import time_display
from domain.readside import ProjectionQueries


class TransitionsModel(ListTableModel):
    """The status changes the orders projection holds for the order set with `show_order`."""

    HEADERS = ("Status", "At", "Event", "Position")
    TIME_COLUMNS = (1,)
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, projections: ProjectionQueries, parent: Any = None) -> None:
        super().__init__(parent)
        self._read = projections
        self._order_id: str | None = None

    @property
    def order_id(self) -> str | None:
        return self._order_id

    def show_order(self, order_id: str | None) -> None:
        self._order_id = order_id
        self._reset_rows(self._read.transitions(order_id) if order_id else [])

    def reload(self) -> None:
        """Read the selected order's transitions again (a rebuild was swapped in)."""
        self.show_order(self._order_id)

    def refresh(self) -> None:
        """Append the transitions the selected order gained (they are only ever added)."""
        if self._order_id is not None:
            self._append_rows(self._read.transitions(self._order_id)[len(self._rows):])

    def statuses(self) -> list[str]:
        return [row["status"] for row in self._rows]

    def cell(self, row: dict[str, Any], column: int, role: int) -> Any:
        return (row["status"].title(), time_display().text(row["at"], millis=True), row["event_id"],
                str(row["position"]))[column]
