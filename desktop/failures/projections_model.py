"""The projections and their status as the Failures dialog's lower table shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.widgets.list_table_model import ListTableModel
from desktop.widgets.roles import RECORD_ROLE
from domain.readside import ProjectionStatus


class ProjectionsModel(ListTableModel):
    """One row per projection: its name, its status and its position; RECORD_ROLE gives
    its ProjectionStatus."""

    HEADERS = ("Projection", "Status", "Position")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, RECORD_ROLE})

    def show(self, statuses: list[ProjectionStatus]) -> None:
        if statuses == self._rows:
            return
        if [each.name for each in statuses] == [each.name for each in self._rows]:
            # The same projections: changed in place, so the selection stays.
            self._rows = list(statuses)
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.HEADERS) - 1))
            return
        self._reset_rows(list(statuses))

    def cell(self, status: ProjectionStatus, column: int, role: int) -> Any:
        if role == RECORD_ROLE:
            return status
        return (status.name, status.text, f"#{status.position:,}")[column]
