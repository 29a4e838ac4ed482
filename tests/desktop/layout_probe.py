"""`python -m tests.desktop.layout_probe`: the window laid out on the offscreen screen Qt was
given, measured as JSON (test_layout.py runs it once per screen size)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from desktop.app import create_main_window
from desktop.screenshot import populate, settle
from desktop.widgets.style import STYLE_SHEET

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit)


def rows_shown(table: QTableView) -> int:
    """Whole rows the table's viewport has room for."""
    return table.viewport().height() // table.verticalHeader().defaultSectionSize()


def cut_off(widget: QWidget) -> bool:
    """Whether part of `widget` is out of sight (clipped by a scroll area or the window)."""
    return widget.visibleRegion().boundingRect() != widget.rect()


def main() -> int:
    app = QApplication(["layout-probe"])
    app.setStyleSheet(STYLE_SHEET)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bookshelf.db"
        populate(database)
        window = create_main_window(database)
        window.show()
        settle(0.5)
        opened = {"log_rows": rows_shown(window.event_log_panel.table),
                  "orders_rows": rows_shown(window.orders_panel.table)}
        hidden_controls: list[str] = []
        for dock in window.docks:  # each tab in turn: its controls without scrolling
            dock.raise_()
            settle(0.05)
            hidden_controls += [
                f"{dock.objectName()}/{control.objectName() or type(control).__name__}"
                for control in dock.findChildren(QWidget)
                if isinstance(control, CONTROLS) and control.isVisible()
                and control.parent() is not None and cut_off(control)]
        window.reset_layout()
        settle(0.3)
        shipped = next(window.orders_model.order(row) for row in
                       range(window.orders_model.rowCount())
                       if window.orders_model.order(row)["status"] == "SHIPPED")
        window.orders_panel.select_order(shipped["order_id"])
        settle(0.3)
        history = window.orders_panel.history
        cut_cells = [index.data() for row in range(history.model().rowCount())
                     for index in [history.model().index(row, 0)]
                     if history.fontMetrics().horizontalAdvance(str(index.data())) + 8
                     > history.columnWidth(0)]
        labels = [*window.statusBar().findChildren(QLabel),
                  *window.statusBar().findChildren(QAbstractButton),  # the health figures
                  window.orders_panel.selected_label]
        cut_labels = [label.objectName() or label.text() for label in labels
                      if label.isVisible() and label.text()
                      and label.fontMetrics().horizontalAdvance(label.text())
                      > label.contentsRect().width()]
        report = {
            "screen": list(app.primaryScreen().availableSize().toTuple()),
            "window": list(window.size().toTuple()),
            "opened": opened,
            "reset": {"log_rows": rows_shown(window.event_log_panel.table),
                      "orders_rows": rows_shown(window.orders_panel.table)},
            "hidden_controls": hidden_controls,
            "cut_labels": cut_labels,
            "cut_history_statuses": cut_cells,
        }
        window.close()
    json.dump(report, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
