"""How the window writes times: local with the offset, or UTC; one choice for every table."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from domain.readside import zoned_time


class TimeDisplay(QObject):
    """The window's choice between local time and UTC (the event log's UTC toggle sets it).

    Signals:
        changed(): the choice changed; every time shown is to be written again.
    """

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.utc = False

    def set_utc(self, utc: bool) -> None:
        if utc != self.utc:
            self.utc = utc
            self.changed.emit()

    def text(self, iso: str, millis: bool = False) -> str:
        """`2026-12-02 09:14:03 +01:00` (with `.512` when `millis`), or the same in UTC."""
        return zoned_time(iso, self.utc, 3 if millis else 0)


_shown: TimeDisplay | None = None


def time_display() -> TimeDisplay:
    """The process's one choice (made when first asked: a QObject wants Qt loaded)."""
    global _shown
    if _shown is None:
        _shown = TimeDisplay()
    return _shown
