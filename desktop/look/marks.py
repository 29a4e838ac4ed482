"""Colors that mark a changed value, readable on the light and the dark palette alike."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# An amber wash: dark text on the light one, light text on the dark one, both above 7:1.
CHANGED_LIGHT = QColor("#fff0b3")
CHANGED_DARK = QColor("#5c4a0e")


def is_dark(palette: QPalette) -> bool:
    """Whether the palette's text is lighter than its background."""
    return (palette.color(QPalette.ColorRole.Text).lightness()
            > palette.color(QPalette.ColorRole.Base).lightness())


def changed_background(palette: QPalette) -> QColor:
    """The background of a changed value under `palette`."""
    return CHANGED_DARK if is_dark(palette) else CHANGED_LIGHT
