"""The event log as an aligned text table, for a terminal."""

from __future__ import annotations

import json
from typing import Any

from domain.readside.event_log import EventLog
from domain.readside.event_row import EventRow
from domain.readside.short_names import SHORT_ID, is_uuid, short_id, short_stream
from domain.readside.times import utc_time

PAYLOAD_WIDTH = 72


class EventTable:
    """An aligned table whose column widths are fixed up front, so followed rows line up."""

    def __init__(self, position_width: int = 8, type_width: int = 28) -> None:
        self.position_width = max(position_width, len("position"))
        self.type_width = max(type_width, len("type"))
        self.stream_width = len("order-") + SHORT_ID + 2

    @classmethod
    def for_log(cls, log: EventLog) -> EventTable:
        """Wide enough for every position and type in `log` now."""
        return cls(position_width=len(str(log.last_position())) + 1,
                   type_width=max((len(each) for each in log.event_types()), default=0))

    def header(self) -> str:
        return self._line("position", "time", "type", "stream", "payload")

    def line(self, row: EventRow) -> str:
        return self._line(str(row.position), utc_time(row.timestamp), row.type,
                          short_stream(row.stream), payload_text(row.payload))

    def _line(self, position: str, time: str, type_: str, stream: str, payload: str) -> str:
        return (f"{position:>{self.position_width}}  {time:<19}  {type_:<{self.type_width}}  "
                f"{stream:<{self.stream_width}}  {payload}").rstrip()


def payload_text(payload: dict[str, Any]) -> str:
    """The payload as `key=value` pairs in at most PAYLOAD_WIDTH characters, ids shortened."""
    text = " ".join(f"{key}={_value_text(value)}" for key, value in payload.items())
    return text if len(text) <= PAYLOAD_WIDTH else text[:PAYLOAD_WIDTH - 1] + "…"


def _value_text(value: Any) -> str:
    if is_uuid(value):
        return short_id(value)  # the first characters tell them apart
    return repr(value) if isinstance(value, str) else json.dumps(value)
