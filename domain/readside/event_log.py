"""The event log in pages before or after a position, and in bounded scans, under a filter."""

from __future__ import annotations

from typing import NamedTuple

from domain.core.storage.reading import NO_FILTER, EventFilter, EventRecord, Reader
from domain.readside.event_row import EventRow

# Positions a filtered scan examines at most: a range of the primary key, so its cost is
# bounded however rare the matches (no index serves the text or the type).
SCAN_WINDOW = 20_000


class Scan(NamedTuple):
    """What one bounded scan of the log found, and how far it went.

    `reached` is the cursor to continue from: for a scan towards older events the lowest
    position examined (the next `before`), towards newer ones the highest (the next
    `after`). `done` says the scan reached that end of the log.
    """

    rows: list[EventRow]
    reached: int
    done: bool


class EventLog:
    """The events of a reader as rows, oldest first in every answer."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def last_position(self) -> int:
        return self.reader.last_position()

    def event_types(self) -> list[str]:
        return self.reader.event_types()

    def page_after(self, after: int, limit: int | None,
                   selection: EventFilter = NO_FILTER) -> list[EventRow]:
        """Up to `limit` (all when None) events past `after` that pass `selection`."""
        return self._rows(self.reader.events(selection, after=after, limit=limit))

    def page_before(self, before: int | None, limit: int,
                    selection: EventFilter = NO_FILTER) -> list[EventRow]:
        """The `limit` newest events before `before` (of the whole log when None) that pass
        `selection`."""
        records = self.reader.events(selection, before=before, newest_first=True, limit=limit)
        return self._rows(records[::-1])

    def scan_older(self, before: int, limit: int, selection: EventFilter = NO_FILTER,
                   window: int = SCAN_WINDOW) -> Scan:
        """Up to `limit` events that pass `selection` among the `window` positions before
        `before`, the newest of them if more do."""
        high, low = before - 1, max(1, before - window)
        if high < low:
            return Scan([], before, True)
        rows = self._rows(self.reader.events(selection, after=low - 1, before=high + 1,
                                             newest_first=True, limit=limit)[::-1])
        reached = rows[0].position if len(rows) >= limit else low
        return Scan(rows, reached, reached <= 1)

    def scan_newer(self, after: int, limit: int, selection: EventFilter = NO_FILTER,
                   window: int = SCAN_WINDOW) -> Scan:
        """Up to `limit` events that pass `selection` among the `window` positions after
        `after`, the oldest of them if more do."""
        # Not past the last event committed: a position scanned must never be written later.
        last = self.last_position()
        low, high = after + 1, min(after + window, last)
        if high < low:
            return Scan([], after, True)
        rows = self._rows(self.reader.events(selection, after=low - 1, before=high + 1,
                                             limit=limit))
        reached = rows[-1].position if len(rows) >= limit else high
        return Scan(rows, reached, reached >= last)

    @staticmethod
    def _rows(records: list[EventRecord]) -> list[EventRow]:
        return [EventRow.from_record(record) for record in records]
