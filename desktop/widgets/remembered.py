"""What a window remembers of its widgets between runs: values, filters, column widths."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDateTime, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QWidget,
)


def save_widgets(settings: QSettings, widgets: list[QWidget]) -> None:
    """Keep each widget's value under its objectName (a combo box keeps its text: the
    choices may change between versions, and an index would then point elsewhere)."""
    for widget in widgets:
        key = f"widgets/{widget.objectName()}"
        if isinstance(widget, QLineEdit):
            settings.setValue(key, widget.text())
        elif isinstance(widget, QComboBox):
            settings.setValue(key, widget.currentText())
        elif isinstance(widget, QDateTimeEdit):
            settings.setValue(key, widget.dateTime().toString("yyyy-MM-ddTHH:mm:ss"))
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            settings.setValue(key, widget.value())
        elif isinstance(widget, QAbstractButton):
            settings.setValue(key, widget.isChecked())
        elif isinstance(widget, QHeaderView | QSplitter):
            settings.setValue(key, widget.saveState())
        else:
            raise TypeError(f"cannot remember a {type(widget).__name__}")


def restore_widgets(settings: QSettings, widgets: list[QWidget]) -> None:
    """Give each widget the value kept for it, if any; a value it cannot take (a choice no
    longer offered, a number out of range) leaves it as it is."""
    for widget in widgets:
        stored = settings.value(f"widgets/{widget.objectName()}")
        if stored is None:
            continue
        if isinstance(widget, QLineEdit):
            widget.setText(str(stored))
        elif isinstance(widget, QComboBox):
            index = widget.findText(str(stored))
            if index >= 0:
                widget.setCurrentIndex(index)
        elif isinstance(widget, QDateTimeEdit):
            when = QDateTime.fromString(str(stored), "yyyy-MM-ddTHH:mm:ss")
            if when.isValid():
                widget.setDateTime(when)
        elif isinstance(widget, QSpinBox):
            widget.setValue(round(_number(stored, widget.value())))
        elif isinstance(widget, QDoubleSpinBox):
            widget.setValue(_number(stored, widget.value()))
        elif isinstance(widget, QAbstractButton):
            widget.setChecked(stored in (True, "true"))
        elif isinstance(widget, QHeaderView | QSplitter) and isinstance(stored, QByteArray):
            widget.restoreState(stored)


def _number(stored: object, fallback: float) -> float:
    try:
        return float(str(stored))
    except ValueError:
        return fallback
