"""The light and dark palettes set when the user picks one (System leaves the platform's)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
# Greys like the Fusion style's own dark palette; white text on the highlight stays 5:1.
DARK_COLORS = {
    Role.Window: "#2f2f2f", Role.WindowText: "#e8e8e8", Role.Base: "#1f1f1f",
    Role.AlternateBase: "#292929", Role.ToolTipBase: "#3a3a3a", Role.ToolTipText: "#e8e8e8",
    Role.PlaceholderText: "#9a9a9a", Role.Text: "#e8e8e8", Role.Button: "#3a3a3a",
    Role.ButtonText: "#e8e8e8", Role.BrightText: "#ff6b6b", Role.Light: "#4a4a4a",
    Role.Midlight: "#404040", Role.Mid: "#2a2a2a", Role.Dark: "#1a1a1a",
    Role.Shadow: "#101010", Role.Highlight: "#2a6bbf", Role.HighlightedText: "#ffffff",
    Role.Link: "#8ab4f8", Role.LinkVisited: "#c58af9", Role.Accent: "#2a6bbf",
}
DARK_DISABLED = {
    Role.WindowText: "#7a7a7a", Role.Text: "#7a7a7a", Role.ButtonText: "#7a7a7a",
    Role.Highlight: "#4a4a4a", Role.HighlightedText: "#bdbdbd", Role.Base: "#262626",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in DARK_COLORS.items():
        palette.setColor(role, QColor(color))
    for role, color in DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


def light_palette(app: QApplication) -> QPalette:
    """The style's own light colors (Fusion's on Linux), whatever the system's scheme is."""
    return app.style().standardPalette()
