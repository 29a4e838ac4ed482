"""Every status and message color keeps 4.5:1 contrast (WCAG 2) with what it is drawn on, in
the light and the dark appearance."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from desktop.look.appearance import DARK, LIGHT, apply_appearance
from desktop.widgets.style import colors_for

MINIMUM = 4.5
Role = QPalette.ColorRole


def relative_luminance(color: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF())
            + 0.0722 * linear(color.blueF()))


def contrast(first: QColor | str, second: QColor | str) -> float:
    lighter, darker = sorted((relative_luminance(QColor(first)),
                              relative_luminance(QColor(second))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_is_computed_as_wcag_defines_it():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("choice", [LIGHT, DARK])
def test_message_colors_are_readable_on_the_window_and_on_fields(app, choice):
    apply_appearance(app, choice)
    palette = app.palette()
    colors = colors_for(palette)

    for name in ("error", "success", "warning"):
        for role in (Role.Window, Role.Base):
            ratio = contrast(getattr(colors, name), palette.color(role))
            assert ratio >= MINIMUM, f"{choice}: {name} on {role.name} is {ratio:.2f}:1"
    assert contrast(colors.error, colors.error_background) >= MINIMUM


@pytest.mark.parametrize("choice", [LIGHT, DARK])
def test_each_order_status_is_readable_on_its_own_background(app, choice):
    apply_appearance(app, choice)
    colors = colors_for(app.palette())

    assert set(colors.statuses) == {"PENDING", "CONFIRMED", "SHIPPED"}
    for status, (background, text) in colors.statuses.items():
        ratio = contrast(text, background)
        assert ratio >= MINIMUM, f"{choice}: {status} is {ratio:.2f}:1"


def test_the_dark_palettes_own_text_is_readable(app):
    # The light one is the style's own (Fusion's: white on its highlight is 3.7:1).
    apply_appearance(app, DARK)
    palette = app.palette()

    for text, background in ((Role.WindowText, Role.Window), (Role.Text, Role.Base),
                             (Role.ButtonText, Role.Button),
                             (Role.HighlightedText, Role.Highlight)):
        ratio = contrast(palette.color(text), palette.color(background))
        assert ratio >= MINIMUM, f"{text.name} on {background.name} is {ratio:.2f}:1"


def test_the_dark_appearance_uses_the_dark_colors_and_the_light_the_light(app):
    from desktop.widgets import style

    apply_appearance(app, DARK)
    assert colors_for(app.palette()) is style.DARK
    apply_appearance(app, LIGHT)
    assert colors_for(app.palette()) is style.LIGHT
