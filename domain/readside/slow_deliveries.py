"""A slow delivery as the window and the command line say it: running, finished, or neither."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

# Values of slow_deliveries.finished (see FailureLog.record_slow and settle_slow).
RUNNING, FINISHED, INTERRUPTED = 0, 1, 2
# A running delivery's record is refreshed every few seconds (the delivery's watchdog);
# one not refreshed for this long belongs to a program that may have ended.
STALE_AFTER_S = 10.0


@attrs.frozen
class SlowDelivery:
    subscriber: str
    position: int
    event_type: str
    started_at: str  # ISO 8601, UTC
    seconds: float  # how long it had run when it was last reported
    finished: int

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SlowDelivery:
        return cls(subscriber=str(row["subscriber"]), position=int(row["position"]),
                   event_type=str(row["event_type"] or ""), started_at=str(row["started_at"]),
                   seconds=float(row["seconds"] or 0.0), finished=int(row["finished"] or 0))

    @property
    def last_seen(self) -> float:
        """When it was last reported (epoch seconds)."""
        return datetime.fromisoformat(self.started_at).timestamp() + self.seconds

    def state(self, now: float | None = None) -> str:
        """"running", "finished", "interrupted" (its run ended first: it is delivered again
        at the next start) or "unknown" (still running when its program last reported, which
        it stopped doing: that program may have ended)."""
        if self.finished == FINISHED:
            return "finished"
        if self.finished == INTERRUPTED:
            return "interrupted"
        stale = (time.time() if now is None else now) - self.last_seen > STALE_AFTER_S
        return "unknown" if stale else "running"

    @property
    def started_clock(self) -> str:
        """`10:03:04 UTC`."""
        return f"{self.started_at[11:19]} UTC"


def running_first(now: list[dict[str, Any]], recorded: list[dict[str, Any]]
                  ) -> list[dict[str, Any]]:
    """This process's slow deliveries as they run now (Delivery.slow_now), then the store's
    records of others (another program's, or finished): a projection that hangs holds the
    write lock, and its record cannot be written until it lets go."""
    seen = {(each["subscriber"], each["position"]) for each in now}
    return now + [each for each in recorded if (each["subscriber"], each["position"]) not in seen]
