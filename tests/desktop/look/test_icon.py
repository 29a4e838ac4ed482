"""The window icon: the rendered PNGs at their sizes, the SVG at any other, both up to date."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from desktop.look.icon import window_icon
from desktop.look.icon_files import PNG_SIZES, png_path, svg_path
from desktop.look.render_icons import render


def argb(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_ARGB32)


@pytest.mark.parametrize("size", PNG_SIZES)
def test_the_icon_draws_the_rendered_png_at_each_size_it_ships(qapp, size):
    drawn = window_icon().pixmap(QSize(size, size)).toImage()

    assert argb(drawn) == argb(QImage(str(png_path(size))))


def test_at_twice_the_largest_png_the_icon_is_drawn_from_the_svg(qapp):
    drawn = window_icon().pixmap(QSize(512, 512)).toImage()

    assert drawn.size() == QSize(512, 512)
    assert argb(drawn) == argb(render(512, QSvgRenderer(str(svg_path()))))


@pytest.mark.parametrize("size", PNG_SIZES)
def test_the_pngs_are_rendered_from_the_svg_as_it_is_now(qapp, size):
    # If this fails after the SVG changed: `make icons`.
    assert argb(render(size, QSvgRenderer(str(svg_path())))) == argb(
        QImage(str(png_path(size))))
