"""Where the icon's files are: one SVG and the PNGs rendered from it (no Qt here)."""

from __future__ import annotations

from pathlib import Path

ICON_NAME = "bookshelf-events"
ICON_FOLDER = Path(__file__).with_name("icons")
# The sizes desktops ask icon themes for; the small ones are rendered, not scaled on the fly.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def svg_path() -> Path:
    return ICON_FOLDER / f"{ICON_NAME}.svg"


def png_path(size: int) -> Path:
    return ICON_FOLDER / f"{ICON_NAME}-{size}.png"
