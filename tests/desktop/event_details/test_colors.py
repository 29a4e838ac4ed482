"""The JSON tree's colors stay readable (4.5:1, WCAG 2) on its rows in either look."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from desktop.event_details.colors import DARK as DARK_COLORS
from desktop.event_details.colors import LIGHT as LIGHT_COLORS
from desktop.event_details.colors import json_color, link_color
from desktop.look.appearance import DARK, LIGHT, apply_appearance
from tests.desktop.look.test_contrast import MINIMUM, contrast

Role = QPalette.ColorRole


@pytest.mark.parametrize("choice", [LIGHT, DARK])
def test_keys_values_and_links_are_readable_on_rows_and_alternate_rows(app, choice):
    apply_appearance(app, choice)
    palette = app.palette()
    shown = [json_color(what) for what in (LIGHT_COLORS if choice == LIGHT else DARK_COLORS)]
    for background in (palette.color(Role.Base), palette.color(Role.AlternateBase)):
        for color in [*shown, link_color()]:
            assert contrast(color, background) >= MINIMUM, (color.name(), background.name())
