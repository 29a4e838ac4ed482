"""Table views with the look every table of the window shares."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def make_table(object_name: str, parent: QWidget | None = None) -> QTableView:
    """A read-only table of whole-row selection and compact, single-line rows."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    vertical = table.verticalHeader()
    vertical.hide()
    # Rows of one line: the tables are scanned, not read, and uniform rows scroll fast.
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table
