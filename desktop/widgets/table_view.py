"""Table views with the look every table of the window shares."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.widgets.rows_table import RowsTable


def make_table(object_name: str, parent: QWidget | None = None, *,
               several: bool = False) -> RowsTable:
    """A read-only table of whole-row selection and compact, single-line rows, copied
    with Ctrl+C (RowsTable); `several`: Shift and Ctrl select more than one row."""
    table = RowsTable(parent)
    table.setObjectName(object_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if several
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    # Tab moves on to the next control, as everywhere else; the arrows move in the table.
    table.setTabKeyNavigation(False)
    vertical = table.verticalHeader()
    vertical.hide()
    # Rows of one line: the tables are scanned, not read, and uniform rows scroll fast.
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def size_columns(table: QTableView, samples: dict[int, str]) -> None:
    """Give each column the width of its sample text in the table's font, resizable.

    Not ResizeToContents: that measures every row on each insert and change, which a
    simulation's flood of rows turns into a frozen window.
    """
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for column, sample in samples.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)


def select_row(table: QTableView, index: QModelIndex) -> None:
    """Make the row of `index` (an index of the table's own model) current and visible."""
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    table.scrollTo(index)
