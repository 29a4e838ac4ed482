"""Where a projection stopped, and why, as the window and the command line say it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from domain.readside.short_names import short_type


@attrs.frozen
class ProjectionStop:
    """A projection waits at the event it failed on: a retry that succeeds, or a person
    who skips the event (`bookshelf failures --skip`), lets it go on."""

    subscriber: str
    position: int
    event_type: str
    error: str
    attempts: int
    parked: bool

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ProjectionStop:
        """From a failed delivery as the reader gives it (column: value)."""
        return cls(subscriber=str(row["subscriber"]), position=int(row["position"]),
                   event_type=str(row["event_type"] or ""), error=str(row["error"] or ""),
                   attempts=int(row["attempts"] or 0), parked=bool(row["parked"]))

    @property
    def reason(self) -> str:
        return reason_of(self.error)

    @property
    def headline(self) -> str:
        """`projection.orders stopped at event 1,234 (OrderPlaced)`: short enough for a
        status bar, where the reason goes to the tooltip."""
        return (f"{self.subscriber} stopped at event {self.position:,} "
                f"({short_type(self.event_type)})")

    @property
    def sentence(self) -> str:
        """`projection.orders stopped at event 1,234 (OrderPlaced): RuntimeError: boom`."""
        return f"{self.headline}: {self.reason}"

    @property
    def remedy(self) -> str:
        """What lets it go on, as commands to type."""
        state = "parked: " if self.parked else "retrying; "
        return (f"{state}it goes on when `bookshelf failures --retry` delivers the event, or "
                f"after `bookshelf failures --skip {self.subscriber} {self.position}`")


def reason_of(error: str) -> str:
    """An error's last line: the exception and its message, without a traceback."""
    lines = error.strip().splitlines()
    return lines[-1] if lines else "no error recorded"
