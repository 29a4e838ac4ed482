"""The status bar's warning of a handler that has been running too long."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel, QWidget

from domain.readside import SlowDelivery

REFRESH_MS = 1_000


class SlowDeliveryLabel(QLabel):
    """Names the deliveries still running past the slow-handler threshold; hidden while
    there are none. It reads the store's record once a second (one small query), so it
    also shows what another program's handlers are stuck on."""

    def __init__(self, read: Callable[[], list[dict[str, Any]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusSlowDelivery")
        self._read = read
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def read_with(self, read: Callable[[], list[dict[str, Any]]]) -> None:
        """Read the deliveries with `read` from now on."""
        self._read = read

    @Slot()
    def refresh(self) -> None:
        try:
            rows = self._read()
        except Exception:  # a read that fails now is tried again in a second
            return
        running = [each for each in map(SlowDelivery.from_row, rows)
                   if each.state() == "running"]  # not one whose program stopped reporting
        if not running:
            self.hide()
            return
        first = running[0]
        more = f" (+{len(running) - 1} more)" if len(running) > 1 else ""
        self.setText(f"⚠ {short(first.subscriber)} is slow: running since "
                     f"{first.started_clock} on event #{first.position}{more}")
        self.setToolTip("\n".join(
            f"{each.subscriber}: event #{each.position} ({each.event_type}), "
            f"started {each.started_at[:19].replace('T', ' ')} UTC, "
            f"{each.seconds:.0f} s ago or more" for each in running)
            + "\n`bookshelf failures` lists every slow delivery.")
        self.show()

    def stop(self) -> None:
        self._timer.stop()


def short(name: str) -> str:
    """A subscriber's name without its module path: "app.handlers.Mailer" is "Mailer"."""
    return name.rsplit(".", 1)[-1]
