"""Dock widgets: each panel of the window in a dock that can be moved, tabbed and closed."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QScrollArea, QWidget


def make_dock(name: str, title: str, widget: QWidget, scrolls: bool = False) -> QDockWidget:
    """A dock named `name` (saveState finds it by that name) showing `widget`.

    `scrolls`: a form that may be docked smaller than it is tall scrolls rather than being
    cut (the tables shrink on their own).
    """
    dock = QDockWidget(title)
    dock.setObjectName(name)
    if scrolls:
        area = QScrollArea()
        area.setObjectName(f"{name}Scroll")
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(widget)
        widget = area
    dock.setWidget(widget)
    return dock
