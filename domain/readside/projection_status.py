"""Each projection's state as a person asks it: up to date, behind by N, or stopped at an event."""

from __future__ import annotations

from collections.abc import Collection

import attrs

from domain.core.storage.reading import Reader


@attrs.frozen
class ProjectionStatus:
    """Where a projection's written position stands against the newest event."""

    name: str
    position: int
    head: int
    stopped_at: int | None  # the event it failed on and waits at, if it does

    @property
    def behind(self) -> int:
        return max(0, self.head - self.position)

    @property
    def text(self) -> str:
        """"up to date", "behind by 1,234" or "stopped at event 1,235"."""
        if self.stopped_at is not None:
            return f"stopped at event {self.stopped_at:,}"
        return "up to date" if self.behind == 0 else f"behind by {self.behind:,}"


def projection_statuses(reader: Reader, names: Collection[str]) -> list[ProjectionStatus]:
    """The status of each projection named, by name; three small queries."""
    head = reader.last_position()
    positions = reader.positions()
    stops = {str(row["subscriber"]): int(str(row["position"])) for row in reader.stops(names)}
    return [ProjectionStatus(name, positions.get(name, 0), head, stops.get(name))
            for name in sorted(names)]
