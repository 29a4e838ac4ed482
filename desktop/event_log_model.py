"""The event log as a lazy table model: pages from the store, live rows from the bridge."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from desktop.event_rows import EventRow
from desktop.list_table_model import RIGHT_ALIGNED, AnyIndex, ListTableModel
from desktop.read_store import SCAN_WINDOW, ReadStore, Scan
from desktop.roles import KEY_ROLE

PAGE_SIZE = 500
# While following, at most this many pages are held: a simulation at full speed delivers
# rows without end, and the older ones are still in the store for `fetch_older`.
FOLLOW_PAGES = 20
# A filtered read scans the log window after window (see ReadStore.scan_older) until it has
# a page, reaches the end, or has spent this long on the GUI thread: rare matches in a long
# log must not freeze the window. What is left is scanned on the next read.
TIME_BUDGET_S = 0.030


class EventLogModel(ListTableModel):
    """Events oldest first, opened at the newest page and read PAGE_SIZE at a time.

    The first `fetchMore` (and every filter change) reads the newest page only, so a log
    of any length opens at once, where a live log is watched. Older pages are prepended on
    request (`fetch_older`, when the view reaches the top). While the view follows, live
    rows are appended and the oldest ones dropped past `max_rows` (FOLLOW_PAGES pages):
    `fetch_older` reads them back. While it does not (`set_following`), they are only noted:
    `canFetchMore` turns true and `fetchMore` reads them from the store, a page at a time,
    when the view reaches the bottom. The filters (an event type, a free text) are applied
    by the store's queries, a bounded window of positions at a time: a filtered read stops
    at a page, the end of the log or its time budget, and keeps cursors of how far it has
    scanned each way, so `can_fetch_older`/`canFetchMore` stay true while history in that
    direction is unscanned. A row at or below the last position scanned is a redelivery
    and is skipped.

    Signals:
        typesSeen(list): event types met for the first time, for the type filter.
    """

    typesSeen = Signal(list)
    HEADERS = ("Position", "Time", "Type", "Stream", "Payload")
    ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, KEY_ROLE,
                       Qt.ItemDataRole.TextAlignmentRole})

    def __init__(self, read_store: ReadStore, page_size: int = PAGE_SIZE,
                 known_types: tuple[str, ...] = (), max_rows: int | None = None,
                 scan_window: int = SCAN_WINDOW, time_budget: float = TIME_BUDGET_S,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._read = read_store
        self._page_size = page_size
        self._max_rows = max_rows if max_rows is not None else FOLLOW_PAGES * page_size
        self.scan_window = scan_window
        self.time_budget = time_budget
        self._last_position = 0  # scanned up to: newer events are read after it
        self._first_position = 0  # filtered, scanned down to: older events are before it
        self._opened = False
        self._older = False  # older events may match that are not read (or not scanned)
        self._newer = True  # ... or after the last one (until opened: all of them)
        self._following = True
        self._changing = False
        self._event_type: str | None = None
        self._text = ""
        # Not read from the store up front: without an index on type that is a full scan.
        # Types of other programs' events join when their rows are read or delivered.
        self._types: set[str] = set(known_types)

    @property
    def types(self) -> list[str]:
        return sorted(self._types)

    @property
    def last_position(self) -> int:
        return self._last_position

    @property
    def filtered(self) -> bool:
        return bool(self._event_type or self._text)

    def set_filters(self, event_type: str | None, text: str) -> None:
        """Start over with new filters, at the newest page of the events they keep."""
        self._event_type, self._text = event_type or None, text.strip()
        self.read_newest()

    def read_newest(self) -> None:
        """Start over at the newest page, dropping the rows held (a jump to the end)."""
        page = self._newest_page()
        self._note_types(page)
        with self._changing_rows():
            self._reset_rows(page)

    def set_following(self, following: bool) -> None:
        """Whether live rows are appended (the view shows the newest) or only noted."""
        self._following = following

    def row_at(self, row: int) -> EventRow:
        return self._rows[row]

    # -- lazy loading: newer rows at the bottom, older ones at the top ---------------------

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._newer

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._changing:
            return
        if not self._opened:
            self._append(self._newest_page())
            return
        if self.filtered:
            self._append(self._scan(newer=True))
            return
        # One row more than a page tells whether another page follows.
        page = self._read.events_page(self._last_position, self._page_size + 1,
                                      self._event_type, self._text)
        self._newer = len(page) > self._page_size
        self._append(page[:self._page_size])

    def can_fetch_older(self) -> bool:
        return self._older

    def fetch_older(self) -> int:
        """Prepend the page before the first row; returns how many rows it brought."""
        if not self._older or self._changing:
            return 0
        if self.filtered:
            page = self._scan(newer=False)
        else:
            page = self._read.events_before(self._rows[0].position, self._page_size + 1)
            self._older = len(page) > self._page_size
            page = page[-self._page_size:]
        self._note_types(page)
        with self._changing_rows():
            self._prepend_rows(page)
        return len(page)

    def _newest_page(self) -> list[EventRow]:
        self._opened, self._newer = True, False
        if self.filtered:
            # Everything up to the last event committed now counts as scanned towards newer
            # ones: later events are delivered live, or read by fetchMore.
            self._last_position = self._read.last_position()
            self._first_position = self._last_position + 1
            return self._scan(newer=False)
        page = self._read.events_before(None, self._page_size + 1)
        self._older = len(page) > self._page_size
        page = page[-self._page_size:]
        self._last_position = page[-1].position if page else 0
        return page

    def _scan(self, newer: bool) -> list[EventRow]:
        """Matching events past a cursor, window after window, until a page, the end of the
        log or the time budget; moves the cursor and notes whether history remains."""
        rows: list[EventRow] = []
        deadline = time.perf_counter() + self.time_budget
        while True:
            started = time.perf_counter()
            wanted = self._page_size - len(rows)
            if newer:
                scan = self._read.scan_newer(self._last_position, wanted, self._event_type,
                                             self._text, self.scan_window)
                rows += scan.rows
                self._last_position, self._newer = scan.reached, not scan.done
            else:
                scan = self._read.scan_older(self._first_position, wanted, self._event_type,
                                             self._text, self.scan_window)
                rows[:0] = scan.rows
                self._first_position, self._older = scan.reached, not scan.done
            if self._scan_ends(scan, len(rows), started, deadline):
                return rows

    def _scan_ends(self, scan: Scan, found: int, started: float, deadline: float) -> bool:
        # The next window would cost about what this one did: start it only if that fits.
        now = time.perf_counter()
        return scan.done or found >= self._page_size or 2 * now - started >= deadline

    def append_live(self, rows: list[EventRow]) -> None:
        """Rows delivered by the bridge, oldest first."""
        self._note_types(rows)
        if self._newer:
            return  # fetchMore will read them from the store, in order
        fresh = [row for row in rows if row.position > self._last_position
                 and row.matches(self._event_type, self._text)]
        if self._following:
            self._append(fresh)
            self._drop_oldest()
        else:
            self._newer = bool(fresh)

    def _note_types(self, rows: list[EventRow]) -> None:
        fresh_types = sorted({row.type for row in rows} - self._types)
        if fresh_types:
            self._types.update(fresh_types)
            self.typesSeen.emit(fresh_types)

    def _append(self, rows: list[EventRow]) -> None:
        self._note_types(rows)
        if rows:
            # A filtered scan may have reached past the last row it found.
            self._last_position = max(self._last_position, rows[-1].position)
            with self._changing_rows():
                self._append_rows(rows)

    def _drop_oldest(self) -> None:
        """Hold at most `max_rows`: the view is at the bottom, the rows dropped far above."""
        excess = len(self._rows) - self._max_rows
        if excess > 0:
            self._older = True
            with self._changing_rows():
                self._remove_first_rows(excess)
            self._first_position = self._rows[0].position

    @contextmanager
    def _changing_rows(self) -> Iterator[None]:
        # Slots of the row signals may ask for more (the model tester does): fetches wait
        # until the change is done.
        self._changing = True
        try:
            yield
        finally:
            self._changing = False

    def cell(self, row: EventRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            # Column by column: time_text, type_name and summary are computed when asked.
            if column == 0:
                return str(row.position)
            if column == 1:
                return row.time_text
            if column == 2:
                return row.type_name
            if column == 3:
                return row.stream
            return row.summary
        if role == Qt.ItemDataRole.ToolTipRole:
            return (str(row.position), row.timestamp, row.type, row.stream,
                    row.summary)[column]
        if role == KEY_ROLE:
            return row.position
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return RIGHT_ALIGNED
        return None
