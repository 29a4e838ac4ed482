"""The JSON tree's colors by kind, one set for light palettes, one for dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication

from desktop.widgets.style import is_dark
from domain.readside import Kind

# Each keeps 4.5:1 contrast (WCAG) with its palette's base color (white, #1f1f1f). Blue is
# left to the links (the palette's link color), which only texts can be.
LIGHT = {"key": "#00607a", Kind.STRING: "#1b6b32", Kind.NUMBER: "#8a4b00",
         Kind.BOOLEAN: "#8a2a6b", Kind.NULL: "#666666", Kind.OBJECT: "#666666",
         Kind.ARRAY: "#666666"}
DARK = {"key": "#7fd4e6", Kind.STRING: "#7ed99a", Kind.NUMBER: "#f5c04a",
        Kind.BOOLEAN: "#f0a6d8", Kind.NULL: "#a0a0a0", Kind.OBJECT: "#a0a0a0",
        Kind.ARRAY: "#a0a0a0"}


def json_color(what: str) -> QColor:
    """The color of a key (`"key"`) or of a value of a Kind, in the palette in effect now
    (asked at each paint: a switch of look shows at the next repaint)."""
    colors = DARK if is_dark(QGuiApplication.palette()) else LIGHT
    return QColor(colors[what])


def link_color() -> QColor:
    return QGuiApplication.palette().link().color()
