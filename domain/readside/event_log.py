"""The event log in pages before or after a position, under a filter answered by the index."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import attrs

from domain.core.storage.reading import NO_FILTER, EventFilter, EventRecord, Reader
from domain.core.storage.search_text import SHORTEST_INDEXED
from domain.readside.event_row import EventRow

# Events a filter examines one by one at most: those the search index cannot answer (a
# text shorter than it indexes) or does not hold yet (it is catching up, or stopped).
# About 50 ms on the window's thread (bench/eventlog.py, filter_short_text).
SCAN_LIMIT = 5_000


class Positions(NamedTuple):
    """The positions after `after` and before `before` (no end when None)."""

    after: int
    before: int | None

    def clip_before(self, before: int | None) -> Positions | None:
        end = before if self.before is None else (
            self.before if before is None else min(before, self.before))
        return None if end is not None and end <= self.after + 1 else Positions(self.after, end)

    def clip_after(self, after: int) -> Positions | None:
        start = max(after, self.after)
        empty = self.before is not None and self.before <= start + 1
        return None if empty else Positions(start, self.before)


@attrs.frozen
class SearchScope:
    """Where a filter looks: the whole log, or only part of it, and why.

    `ranges` are oldest first; events committed after it was made are always looked at.
    """

    ranges: tuple[Positions, ...] = (Positions(0, None),)
    note: str | None = None  # says what was not looked at; None when nothing was left out

    @property
    def whole(self) -> bool:
        return self.note is None


WHOLE_LOG = SearchScope()


class EventLog:
    """The events of a reader as rows, oldest first in every answer."""

    def __init__(self, reader: Reader, scan_limit: int | None = None) -> None:
        self.reader = reader
        self.scan_limit = SCAN_LIMIT if scan_limit is None else scan_limit

    def last_position(self) -> int:
        return self.reader.last_position()

    def event_types(self) -> list[str]:
        return self.reader.event_types()

    def scope(self, selection: EventFilter) -> SearchScope:
        """Where `selection` is looked for now: everywhere, unless that would mean
        examining more than `scan_limit` events one by one."""
        if selection.empty:
            return WHOLE_LOG
        last = self.reader.last_position()
        newest = Positions(max(0, last - self.scan_limit), None)
        if selection.needs_scan:
            if newest.after == 0:
                return WHOLE_LOG
            return SearchScope((newest,), (
                f"Searched the newest {self.scan_limit:,} events only: a text shorter than "
                f"{SHORTEST_INDEXED} characters (or with characters of Unicode's private use "
                f"planes, which the index keeps for itself) is not in the search index."))
        indexed = self.reader.search_position()
        if last - indexed <= self.scan_limit:
            return WHOLE_LOG
        return SearchScope((Positions(0, indexed + 1), newest), (
            f"The search index has read {indexed:,} of {last:,} events: searched those and "
            f"the newest {self.scan_limit:,}, not the {newest.after - indexed:,} between."))

    def count(self, selection: EventFilter, after: int, before: int | None) -> int:
        """How many events past `after` and before `before` pass `selection` (its cost
        grows with the span: see EventCount)."""
        return self.reader.count_events(selection, after=after, before=before)

    def page_after(self, after: int, limit: int | None, selection: EventFilter = NO_FILTER,
                   scope: SearchScope = WHOLE_LOG) -> list[EventRow]:
        """Up to `limit` (all when None) events past `after` that pass `selection`, within
        `scope`."""
        rows: list[EventRow] = []
        for span in self._spans(scope, newest_first=False):
            clipped = span.clip_after(after)
            if clipped is None or (limit is not None and len(rows) >= limit):
                continue
            rows += self._rows(self.reader.events(
                selection, after=clipped.after, before=clipped.before,
                limit=None if limit is None else limit - len(rows)))
        return rows

    def page_before(self, before: int | None, limit: int, selection: EventFilter = NO_FILTER,
                    scope: SearchScope = WHOLE_LOG) -> list[EventRow]:
        """The `limit` newest events before `before` (of the whole log when None) that pass
        `selection`, within `scope`."""
        records: list[EventRecord] = []
        for span in self._spans(scope, newest_first=True):
            clipped = span.clip_before(before)
            if clipped is None or len(records) >= limit:
                continue
            records += self.reader.events(selection, after=clipped.after,
                                          before=clipped.before, newest_first=True,
                                          limit=limit - len(records))
        return self._rows(records[::-1])

    @staticmethod
    def _spans(scope: SearchScope, newest_first: bool) -> Iterator[Positions]:
        yield from reversed(scope.ranges) if newest_first else scope.ranges

    @staticmethod
    def _rows(records: list[EventRecord]) -> list[EventRow]:
        return [EventRow.from_record(record) for record in records]
