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
QGroupBox QLabel, QGroupBox QTableView, QGroupBox QLineEdit { font-weight: normal; }
"""
