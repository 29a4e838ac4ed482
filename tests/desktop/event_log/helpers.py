"""What the event log model holds, in short."""

from __future__ import annotations

from desktop.event_log.model import EventLogModel


def positions(model: EventLogModel) -> list[int]:
    return [model.row_at(row).position for row in range(model.rowCount())]
