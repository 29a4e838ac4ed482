"""The window icon: a bookshelf with an event spark, at every size it ships in."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from desktop.look.icon_files import PNG_SIZES, png_path, svg_path


def window_icon() -> QIcon:
    """The PNGs for the sizes they were rendered at, the SVG for any other (2x, 3x...)."""
    icon = QIcon(str(svg_path()))
    for size in PNG_SIZES:
        icon.addFile(str(png_path(size)), QSize(size, size))
    return icon
