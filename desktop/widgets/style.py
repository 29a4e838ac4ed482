"""The application's style sheet and status colors, one set for light palettes, one for dark."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette


@dataclass(frozen=True)
class Colors:
    """Text colors that keep 4.5:1 contrast (WCAG) with the window and base colors of the
    palettes they are for, and each order status as (background, text)."""

    error: str
    error_background: str
    error_border: str
    success: str
    warning: str
    statuses: dict[str, tuple[QColor, QColor]]


def _statuses(pending: tuple[str, str], confirmed: tuple[str, str],
              shipped: tuple[str, str]) -> dict[str, tuple[QColor, QColor]]:
    return {status: (QColor(background), QColor(text)) for status, (background, text)
            in (("PENDING", pending), ("CONFIRMED", confirmed), ("SHIPPED", shipped))}


# Waiting (amber), on its way (blue), done (green); problems in red.
LIGHT = Colors(error="#b00020", error_background="#fdecea", error_border="#f5c2c0",
               success="#1b6b32", warning="#7a5200",
               statuses=_statuses(("#fff3cd", "#7a5200"), ("#d6e9ff", "#0b4a8b"),
                                  ("#d4f4dd", "#1b6b32")))
DARK = Colors(error="#ff9e96", error_background="#4a1f1f", error_border="#7a3030",
              success="#7ed99a", warning="#f5c04a",
              statuses=_statuses(("#4a3a06", "#ffe08a"), ("#123a63", "#cfe4ff"),
                                 ("#164a2a", "#bff0cc")))


def is_dark(palette: QPalette) -> bool:
    """Light text on a darker window: whatever chose it (the system, the user, a theme)."""
    return (palette.color(QPalette.ColorRole.Window).lightness()
            < palette.color(QPalette.ColorRole.WindowText).lightness())


def colors_for(palette: QPalette) -> Colors:
    return DARK if is_dark(palette) else LIGHT


def status_colors(status: str) -> tuple[QColor, QColor] | None:
    """(background, text) for an order status in the application's palette now."""
    return colors_for(QGuiApplication.palette()).statuses.get(status)


def style_sheet(colors: Colors) -> str:
    return f"""
/* In points, as the other text: it grows with the font DPI setting, not only with scaling. */
QLabel[role="fieldMessage"] {{ color: {colors.error}; font-size: 8pt; }}
QLabel#catalogMessage[kind="error"], QLabel#ordersMessage[kind="error"],
QLabel#simulationMessage[kind="error"] {{
    color: {colors.error}; background: {colors.error_background};
    border: 1px solid {colors.error_border}; border-radius: 3px; padding: 4px;
}}
QLabel#catalogMessage[kind="info"], QLabel#ordersMessage[kind="info"],
QLabel#simulationMessage[kind="info"] {{ color: {colors.success}; }}
QLabel#statusStops, QPushButton#statusHealthButton[alert="true"] {{ color: {colors.error}; }}
QLabel#simulationState {{ font-weight: bold; }}
QLabel#simulationState[state="running"] {{ color: {colors.success}; }}
QLabel#simulationState[state="paused"] {{ color: {colors.warning}; }}
QGroupBox {{ font-weight: bold; }}
/* Where the keyboard is, at a glance: a frame in the highlight color. */
QLineEdit:focus, QPlainTextEdit:focus, QTableView:focus, QTreeView:focus, QComboBox:focus,
QSpinBox:focus, QDoubleSpinBox:focus, QDateTimeEdit:focus {{
    border: 2px solid palette(highlight); border-radius: 2px;
}}
QPushButton:focus {{ border: 2px solid palette(highlight); border-radius: 3px; padding: 3px 8px; }}
QGroupBox QLabel, QGroupBox QTableView, QGroupBox QLineEdit {{ font-weight: normal; }}
"""


# The light palette's sheet; desktop.look.appearance sets the one for the palette in effect.
STYLE_SHEET = style_sheet(LIGHT)
