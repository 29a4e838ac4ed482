"""A failed delivery as the Failures dialog lists it: who, which event, why, and what now."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from domain.readside.stops import reason_of


@attrs.frozen
class FailedDelivery:
    """The event at `position` could not be delivered to `subscriber`: it is retried with
    backoff, then parked for a person, who may retry it or skip it."""

    subscriber: str
    position: int
    event_type: str
    error: str
    attempts: int
    last_failed_at: str  # ISO 8601, UTC
    parked: bool
    skipped_at: str | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> FailedDelivery:
        """From a failure as the reader gives it (column: value); a file of an older
        schema has no column skipped_at (nothing was skipped)."""
        return cls(subscriber=str(row["subscriber"]), position=int(row["position"]),
                   event_type=str(row["event_type"] or ""), error=str(row["error"] or ""),
                   attempts=int(row["attempts"] or 0),
                   last_failed_at=str(row["last_failed_at"] or ""),
                   parked=bool(row["parked"]), skipped_at=row.get("skipped_at"))

    @property
    def key(self) -> tuple[str, int]:
        return self.subscriber, self.position

    @property
    def reason(self) -> str:
        return reason_of(self.error)

    @property
    def waiting(self) -> bool:
        """Not skipped: it is retried (or parked) until it is delivered."""
        return self.skipped_at is None

    @property
    def state(self) -> str:
        """"skipped", "parked" (tried as often as allowed: waits for a person) or
        "retrying" (its next attempt comes by itself)."""
        if not self.waiting:
            return "skipped"
        return "parked" if self.parked else "retrying"
