"""The event log as a window shows it: rows held, read a page at a time each way, followed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from domain.core.storage.reading import NO_FILTER, EventFilter
from domain.readside.event_log import WHOLE_LOG, EventLog, SearchScope
from domain.readside.event_row import EventRow
from domain.readside.row_changes import (
    Inserted,
    NoListener,
    Removed,
    Reset,
    RowChange,
    RowListener,
)

PAGE_SIZE = 500
# While following, at most this many pages are held: a simulation at full speed delivers
# rows without end, and the older ones are still in the store for `fetch_older`.
FOLLOW_PAGES = 20


class EventLogPager:
    """Events oldest first, opened at the newest page and read `page_size` at a time.

    The first `fetch_newer` (and every filter change) reads the newest page only, so a log
    of any length opens at once, where a live log is watched. Older pages are prepended on
    request (`fetch_older`, when the view reaches the top). It never holds more than
    `max_rows` (FOLLOW_PAGES pages), however far one scrolls: reading older pages drops the
    newest, which `fetch_newer` reads back; reading newer ones (or following, where live
    rows are appended) drops the oldest, which `fetch_older` reads back. While not
    following (`set_following`), live rows are only noted: `can_fetch_newer` turns true
    and `fetch_newer` reads them from the log, a page at a time. A filter is answered by
    the log's search index, a page at a time like the whole log, within the scope the log
    gives it when it is set (`scope`: all of the log, or the newest events only when the
    index cannot answer it). A row at or below the last position read is a redelivery and
    is skipped.

    `rows` is one list, changed in place; `listener` is told before and after each change,
    and of event types met for the first time.
    """

    def __init__(self, log: EventLog, page_size: int = PAGE_SIZE,
                 known_types: Iterable[str] = (), max_rows: int | None = None,
                 listener: RowListener | None = None) -> None:
        self.log = log
        self.listener: RowListener = listener if listener is not None else NoListener()
        self.rows: list[EventRow] = []
        self.page_size = page_size
        self.max_rows = max_rows if max_rows is not None else FOLLOW_PAGES * page_size
        self._last_position = 0  # read up to: newer events are read after it
        self._opened = False
        self._older = False  # older events may match that are not read
        self._newer = True  # ... or after the last one (until opened: all of them)
        self._following = True
        self._changing = False
        self._selection = NO_FILTER
        self._scope = WHOLE_LOG
        # Not read from the log up front: without an index on type that is a full scan.
        # Types of other programs' events join when their rows are read or delivered.
        self._types: set[str] = set(known_types)

    # -- what it holds ---------------------------------------------------------------------

    @property
    def types(self) -> list[str]:
        return sorted(self._types)

    @property
    def last_position(self) -> int:
        """The position up to which the log was read."""
        return self._last_position

    @property
    def scope(self) -> SearchScope:
        """Where the filter looks (see EventLog.scope): its note says what it leaves out."""
        return self._scope

    @property
    def selection(self) -> EventFilter:
        return self._selection

    @property
    def filtered(self) -> bool:
        return not self._selection.empty

    @property
    def following(self) -> bool:
        return self._following

    # -- what the owner asks -------------------------------------------------------------

    def set_filter(self, selection: EventFilter) -> None:
        """Start over with a new filter, at the newest page of the events it keeps."""
        self._selection = selection
        self.read_newest()

    def read_newest(self) -> None:
        """Start over at the newest page, dropping the rows held (a jump to the end)."""
        page = self._newest_page()
        self._note_types(page)
        with self._changing_rows(Reset()):
            self.rows[:] = page

    def read_around(self, position: int) -> bool:
        """Start over at the page around `position` (half a page each side) under the
        filter, not following: a jump to an event (the Trace's). Returns whether the event
        at `position` is among the rows: False when the filter keeps it out."""
        self._opened, self._following = True, False
        self._scope = self.log.scope(self._selection)
        half = max(1, self.page_size // 2)
        last = self.log.last_position()  # before the pages: see _newest_page
        # One row more each way tells whether another page is there.
        before = self.log.page_before(position + 1, half + 1, self._selection, self._scope)
        after = self.log.page_after(position, half + 1, self._selection, self._scope)
        self._older, self._newer = len(before) > half, len(after) > half
        page = before[-half:] + after[:half]
        self._last_position = page[-1].position if self._newer else max(
            last, page[-1].position if page else 0)
        self._note_types(page)
        with self._changing_rows(Reset()):
            self.rows[:] = page
        return any(row.position == position for row in page)

    def set_following(self, following: bool) -> None:
        """Whether live rows are appended (the view shows the newest) or only noted."""
        self._following = following

    def can_fetch_newer(self) -> bool:
        return self._newer

    def fetch_newer(self) -> None:
        """Append the next page (the newest one, the first time)."""
        if not self._newer or self._changing:
            return
        if not self._opened:
            self._append(self._newest_page())
            return
        # One row more than a page tells whether another page follows.
        last = self.log.last_position()
        page = self.log.page_after(self._last_position, self.page_size + 1, self._selection,
                                   self._scope)
        self._newer = len(page) > self.page_size
        self._append(page[:self.page_size])
        if not self._newer:  # filtered, the events up to the last one may all fail it
            self._last_position = max(self._last_position, last)
        self._drop_oldest()  # browsing down from far back: the rows far above go

    def can_fetch_older(self) -> bool:
        return self._older

    def fetch_older(self) -> int:
        """Prepend the page before the first row; returns how many rows it brought."""
        if not self._older or self._changing or not self.rows:
            return 0
        page = self.log.page_before(self.rows[0].position, self.page_size + 1,
                                    self._selection, self._scope)
        self._older = len(page) > self.page_size
        page = page[-self.page_size:]
        self._note_types(page)
        if page:
            with self._changing_rows(Inserted(0, len(page))):
                self.rows[:0] = page
            self._drop_newest()
        return len(page)

    def append_live(self, rows: list[EventRow]) -> None:
        """Rows delivered as they are committed, oldest first: this process's commits.
        Another process's commits between them are read from the log first."""
        self._note_types(rows)
        if self._newer:
            return  # fetch_newer will read them from the log, in order
        if rows and rows[0].position > self._last_position + 1:
            self.read_committed(rows[0].position - 1)
            if self._newer:
                return
        fresh = [row for row in rows if row.position > self._last_position
                 and row.matches(self._selection)]
        if self._following:
            self._append(fresh)
            self._drop_oldest()
        else:
            self._newer = bool(fresh)
        if rows and not self._newer:  # those the filter refused are read all the same
            self._last_position = max(self._last_position, rows[-1].position)

    def read_committed(self, through: int | None = None) -> None:
        """Read what was committed past the last position read (by any connection: other
        processes' events are never delivered here), up to `through` when given: appended
        while following, a page at most; only noted otherwise (`can_fetch_newer`)."""
        if self._newer or self._changing or not self._opened:
            return
        # Read before the page: every event up to it is committed, so the page holds all
        # that pass the filter up to there.
        last = self.log.last_position() if through is None else through
        if last <= self._last_position:
            return
        if not self._following:
            self._newer = True
            return
        limit = self.page_size + 1
        page = [row for row in self.log.page_after(self._last_position, limit,
                                                   self._selection, self._scope)
                if row.position <= last]
        if len(page) == limit:
            self._newer = True  # more than a page behind: read as the view asks
            page = page[:self.page_size]
        self._append(page)
        if not self._newer:
            self._last_position = max(self._last_position, last)
        self._drop_oldest()

    # -- reading -------------------------------------------------------------------------

    def _newest_page(self) -> list[EventRow]:
        self._opened, self._newer = True, False
        self._scope = self.log.scope(self._selection)
        # Read before the page: every event up to it is committed, so the page holds all
        # that match; later ones are delivered live, or read by fetch_newer.
        last = self.log.last_position()
        page = self.log.page_before(None, self.page_size + 1, self._selection, self._scope)
        self._older = len(page) > self.page_size
        page = page[-self.page_size:]
        self._last_position = max(last, page[-1].position if page else 0)
        return page

    # -- changing the rows ---------------------------------------------------------------

    def _note_types(self, rows: list[EventRow]) -> None:
        fresh_types = sorted({row.type for row in rows} - self._types)
        if fresh_types:
            self._types.update(fresh_types)
            self.listener.types_seen(fresh_types)

    def _append(self, rows: list[EventRow]) -> None:
        self._note_types(rows)
        if rows:
            # A filtered scan may have reached past the last row it found.
            self._last_position = max(self._last_position, rows[-1].position)
            with self._changing_rows(Inserted(len(self.rows), len(rows))):
                self.rows.extend(rows)

    def _drop_oldest(self) -> None:
        """Hold at most `max_rows`: the view is at the bottom, the rows dropped far above."""
        excess = len(self.rows) - self.max_rows
        if excess > 0:
            self._older = True
            with self._changing_rows(Removed(0, excess)):
                del self.rows[:excess]

    def _drop_newest(self) -> None:
        """Hold at most `max_rows` while reading back in time: the newest rows, far below
        the view, are dropped, and read again (`fetch_newer`) when the view comes back."""
        excess = len(self.rows) - self.max_rows
        if excess > 0:
            with self._changing_rows(Removed(len(self.rows) - excess, excess)):
                del self.rows[-excess:]
            # Read again after the last row held; live rows wait for it.
            self._newer = True
            self._last_position = self.rows[-1].position

    @contextmanager
    def _changing_rows(self, change: RowChange) -> Iterator[None]:
        # The listener may ask for more (Qt's model tester does): fetches wait until the
        # change is done.
        self._changing = True
        try:
            self.listener.rows_changing(change)
            yield
            self.listener.rows_changed(change)
        finally:
            self._changing = False
