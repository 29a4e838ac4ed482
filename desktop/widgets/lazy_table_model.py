"""A projection table as a lazy Qt table model: a thin adapter over a ProjectionWindow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt, Slot

from desktop.widgets.columns_model import AnyIndex, ColumnsModel
from desktop.widgets.paced_call import PacedCall
from domain.readside import EventRow, ProjectionWindow

# A refresh counts the rows and finds the selection again on the GUI thread: a few ms on a
# small table, 10-30 on 166,000 orders. Under a flood of events, the next one waits this
# many times as long as the last one took: refreshing keeps at most about a fifth of the
# GUI thread, and a small table still shows each new row at once.
REFRESH_PAUSE_FACTOR = 4


class LazyTableModel(ColumnsModel):
    """The rows of a ProjectionWindow: counted and sorted by SQL, read a page at a time.

    A subclass names its columns in `HEADERS`, the window's sort behind each (`SORTS`, None
    where a column does not sort), the roles it answers (`ROLES`), the event types that
    change its rows (`EVENTS`), and what a cell holds in `cell(row, column, role)`.

    `sort` (a header click), `set_text` (a filter) and `refresh` (events delivered) change
    which row stands where: each is one layout change, during which every persistent index
    (the selection, the current row) follows its row's key to where it stands now, or
    becomes invalid when its row is filtered out. The window keeps the pages of those rows
    (`pinned`), so their keys are the ones that were shown.
    """

    SORTS: ClassVar[tuple[str | None, ...]] = ()
    EVENTS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, window: ProjectionWindow, parent: Any = None) -> None:
        super().__init__(parent)
        self.window = window
        window.pinned = self._pinned_rows
        self._stopped = False
        self._refreshes = PacedCall(lambda: self._change(self.window.reload),
                                    REFRESH_PAUSE_FACTOR, self)

    # -- what the panel asks ---------------------------------------------------------------

    def item(self, row: int) -> dict[str, Any] | None:
        """The projection row shown at `row` (None past the end)."""
        return self.window.row(row)


    def row_of(self, key: str) -> int | None:
        """Where the row of `key` is shown (one query); None when it is filtered out, or
        not shown yet: committed after the last refresh, whose layout change comes later."""
        row = self.window.index_of(key)
        if row is None or row >= self.rowCount():
            return None
        # The rows held may be older than the query: trust the row only if it shows `key`.
        record = self.window.row(row)
        return row if record is not None and record[self.window.table.key] == key else None

    @property
    def sort_column(self) -> int:
        return self.SORTS.index(self.window.sort)

    @property
    def sort_order(self) -> Qt.SortOrder:
        return (Qt.SortOrder.DescendingOrder if self.window.descending
                else Qt.SortOrder.AscendingOrder)

    def set_text(self, text: str) -> None:
        """Show only the rows holding `text` (see the window's `set_text`)."""
        if text != self.window.text:
            self._change(lambda: self.window.set_text(text))

    @Slot(list)
    def on_events(self, rows: list[EventRow]) -> None:
        """Connected to Bridge.eventsDelivered by the panel that shows this model."""
        if any(row.type in self.EVENTS for row in rows):
            self.refresh_soon()

    def refresh_soon(self) -> None:
        """Refresh now, or after a pause as long as REFRESH_PAUSE_FACTOR refreshes."""
        self._refreshes.request()

    @Slot()
    def refresh(self) -> None:
        """Count the rows again and drop the pages held: rows were added or changed."""
        self._refreshes.run()

    def stop_refreshing(self) -> None:
        """No read from now on, for a refresh, a filter or a sort: the reader is about to be
        closed (a filter typed just before the window closed still applies after it)."""
        self._stopped = True
        self._refreshes.stop()

    @Slot()
    def reload(self) -> None:
        """A rebuild was swapped in: any row may differ."""
        self.refresh()

    # -- layout changes ----------------------------------------------------------------------

    def _pinned_rows(self) -> list[int]:
        return [index.row() for index in self.persistentIndexList()]

    def _change(self, change: Callable[[], None]) -> None:
        if self._stopped:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        rows = self.window.follow([index.row() for index in before], change)
        after = [self._at(rows[index.row()], index.column()) for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _at(self, row: int | None, column: int) -> QModelIndex:
        return QModelIndex() if row is None else self.index(row, column)

    # -- Qt ----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.window.count

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Read the rows in the order of `column`'s sort, by SQL over its index."""
        if not 0 <= column < len(self.SORTS) or self.SORTS[column] is None:
            return
        sort, descending = self.SORTS[column], order == Qt.SortOrder.DescendingOrder
        if (sort, descending) != (self.window.sort, self.window.descending):
            self._change(lambda: self.window.set_order(str(sort), descending))
