"""The status bar's label of the last event position."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget

from domain.readside import EventRow


class PositionLabel(QLabel):
    """"Last event: #N", N the position of the newest event delivered (or read at start)."""

    def __init__(self, position: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusPosition")
        self.show_position(position)

    def show_position(self, position: int) -> None:
        self.position = position
        self.setText(f"Last event: #{position}")

    @Slot(int)
    def show_newest(self, position: int) -> None:
        """Another connection committed up to `position` (never moves it back)."""
        if position > self.position:
            self.show_position(position)

    @Slot(list)
    def on_events(self, rows: list[EventRow]) -> None:
        """Connected to Bridge.eventsDelivered: rows are oldest first, never empty."""
        self.show_newest(rows[-1].position)
