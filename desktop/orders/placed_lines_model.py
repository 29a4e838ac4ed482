"""The lines of a placed order: book, quantity, unit price and line total."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.widgets.list_table_model import RIGHT_ALIGNED, ListTableModel
from desktop.widgets.price_text import price_text
from domain.readside import PlacedLine


class PlacedLinesModel(ListTableModel):
    """The lines of the order shown in the details pane, as `show_lines` sets them."""

    HEADERS = ("Book", "Quantity", "Unit price", "Line total")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole})

    def show_lines(self, lines: list[PlacedLine]) -> None:
        self._reset_rows(lines)

    def cell(self, line: PlacedLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGNED if column > 0 else None
        return (line.book_title, str(line.quantity), price_text(line.unit_price, line.currency),
                price_text(line.line_total, line.currency))[column]
