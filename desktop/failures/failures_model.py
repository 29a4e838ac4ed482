"""The failed deliveries as the Failures dialog's table shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.widgets.list_table_model import RIGHT_ALIGNED, ListTableModel
from desktop.widgets.roles import RECORD_ROLE
from desktop.widgets.time_display import time_display
from domain.readside import FailedDelivery, short_type

ATTEMPTS_COLUMN = 4


class FailuresModel(ListTableModel):
    """One row per failed delivery, oldest event first; RECORD_ROLE gives its
    FailedDelivery. Set again with `show`, it keeps its rows when nothing changed (so a
    selection made in the table stays)."""

    HEADERS = ("Subscriber", "Event", "Type", "Error", "Attempts", "State", "Last failed")
    TIME_COLUMNS = (6,)
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                       Qt.ItemDataRole.TextAlignmentRole, RECORD_ROLE})

    def show(self, failures: list[FailedDelivery]) -> None:
        if failures != self._rows:
            self._reset_rows(list(failures))

    def failures(self) -> list[FailedDelivery]:
        return list(self._rows)

    def row_of(self, key: tuple[str, int]) -> int | None:
        return next((row for row, each in enumerate(self._rows) if each.key == key), None)

    def cell(self, failure: FailedDelivery, column: int, role: int) -> Any:
        if role == RECORD_ROLE:
            return failure
        if role == Qt.ItemDataRole.ToolTipRole:
            return failure.error  # the whole message, where the column shows its last line
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGNED if column in (1, ATTEMPTS_COLUMN) else None
        when = time_display().text(failure.last_failed_at) if failure.last_failed_at else ""
        return (failure.subscriber, f"#{failure.position:,}", short_type(failure.event_type),
                failure.reason, str(failure.attempts), failure.state, when)[column]
