"""`python -m desktop.look.render_icons`: the icon's PNGs rendered again from its SVG."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from desktop.look.icon_files import PNG_SIZES, png_path, svg_path


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(["render_icons"])
    renderer = QSvgRenderer(str(svg_path()))
    if not renderer.isValid():
        print(f"cannot read {svg_path()}", file=sys.stderr)
        return 1
    for size in PNG_SIZES:
        if not render(size, renderer).save(str(png_path(size))):
            print(f"cannot write {png_path(size)}", file=sys.stderr)
            return 1
        print(f"wrote {png_path(size)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
