"""Table views with the look every table of the window shares."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.widgets.roles import SORT_ROLE


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


def sort_proxy(model: QAbstractItemModel, object_name: str,
               parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy over `model` that sorts by its SORT_ROLE values (numbers, ISO times)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setObjectName(object_name)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


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
