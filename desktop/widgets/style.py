"""The application's style sheet: message colors and a little spacing."""

STYLE_SHEET = """
QLabel[role="fieldMessage"] { color: #b00020; font-size: 11px; }
QLabel#catalogMessage[kind="error"], QLabel#ordersMessage[kind="error"],
QLabel#simulationMessage[kind="error"] {
    color: #b00020; background: #fdecea; border: 1px solid #f5c2c0; border-radius: 3px;
    padding: 4px;
}
QLabel#catalogMessage[kind="info"], QLabel#ordersMessage[kind="info"],
QLabel#simulationMessage[kind="info"] { color: #1b6b32; }
QLabel#simulationState { font-weight: bold; }
QLabel#simulationState[state="running"] { color: #1b6b32; }
QLabel#simulationState[state="paused"] { color: #8a5a00; }
QGroupBox { font-weight: bold; }
/* Where the keyboard is, at a glance: a frame in the highlight color. */
QLineEdit:focus, QPlainTextEdit:focus, QTableView:focus, QComboBox:focus,
QSpinBox:focus, QDoubleSpinBox:focus, QDateTimeEdit:focus {
    border: 2px solid palette(highlight); border-radius: 2px;
}
QPushButton:focus { border: 2px solid palette(highlight); border-radius: 3px; padding: 3px 8px; }
QGroupBox QLabel, QGroupBox QTableView, QGroupBox QLineEdit { font-weight: normal; }
"""
