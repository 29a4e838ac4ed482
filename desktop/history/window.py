"""The History window: an aggregate's versions on the left, the chosen one beside the last."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.history.comparison_model import ComparisonModel
from desktop.history.versions_model import VersionsModel
from desktop.widgets.menu_items import copy_text, menu_item
from desktop.widgets.table_view import make_table, select_row, size_columns
from domain.core.errors import BookshelfError
from domain.readside import EventRow, Reader, short_stream, stream_id
from domain.readside.history import (
    NOT_RECORDED,
    History,
    Replay,
    Version,
    find_stream,
    read_history,
)

DEFAULT_SIZE = QSize(1180, 560)
VERSIONS_WIDTH = 480  # the list's share of DEFAULT_SIZE; the states take the rest


class HistoryWindow(QWidget):
    """A window of its own beside the main one, not a dock: the states side by side want
    more width than the docked layout has to spare (at 1024×700 every dock is full), and
    it can sit on a second screen while the main window goes on. One window, reused: the
    next "Show history" replaces what it shows.

    Signals:
        shown(str): a stream's history is shown (its full name).
        refused(str): what was asked names no aggregate; why, to show where it was asked.
        traceRequested(str): the trace of an event was asked for (its id): one of the
            list's, or the chosen version's first, from the states' menu.
    """

    shown = Signal(str)
    refused = Signal(str)
    traceRequested = Signal(str)

    def __init__(self, reader: Reader, replay: Replay | None = None,
                 parent: QWidget | None = None) -> None:
        """`replay`: how an event-sourced aggregate's states not recorded are replayed."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        self.setWindowTitle("History")
        # A tool window closes as a dialog does: Escape, or the platform's Close (Ctrl+W).
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)):
            QShortcut(keys, self, self.close, context=Qt.ShortcutContext.WindowShortcut)
        self.reader = reader
        self.replay = replay
        self.history: History | None = None
        self.stream_label = QLabel()
        self.stream_label.setObjectName("historyStream")
        self.stream_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.versions = VersionsModel(self)
        self.versions_table = make_table("historyVersions")
        self.versions_table.setModel(self.versions)
        size_columns(self.versions_table, {0: "Version", 1: "2026-12-31 00:00:00.000 +00:00",
                                            2: "Seq"})
        self.versions_table.horizontalHeader().setStretchLastSection(True)
        self.comparison = ComparisonModel(self)
        self.comparison_table = make_table("historyComparison")
        self.comparison_table.setModel(self.comparison)
        self.comparison_table.setAlternatingRowColors(False)  # the marks are the colors
        self.comparison_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.note = QLabel()
        self.note.setObjectName("historyNote")
        self.note.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.comparison_table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("historySplitter")
        splitter.addWidget(self.versions_table)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([VERSIONS_WIDTH, DEFAULT_SIZE.width() - VERSIONS_WIDTH])
        layout = QVBoxLayout(self)
        layout.addWidget(self.stream_label)
        layout.addWidget(splitter, 1)  # the tables take the height, not the stream's name
        self.versions_table.selectionModel().currentRowChanged.connect(self._version_chosen)
        self.versions_table.menuOpening.connect(self._menu_items)
        self.comparison_table.menuOpening.connect(self._comparison_menu_items)
        self.resize(DEFAULT_SIZE)

    def show_history(self, name: str) -> bool:
        """Show the history `name` names (a stream, its short form, an aggregate's or an
        event's id), the version that raised the event chosen, else the newest; False,
        and `refused`, when it names none."""
        try:
            stream = find_stream(self.reader, name)
            self.history = read_history(self.reader, stream, self.replay)
        except BookshelfError as error:
            self.refused.emit(str(error))
            return False
        self.setWindowTitle(f"History — {short_stream(stream)}")
        self.stream_label.setText(stream)
        self.versions.show(self.history)
        row = self.versions.row_of_event(name.strip())
        if row is None:
            self.choose(self.history.versions[-1].number)
        else:
            select_row(self.versions_table, self.versions.index(row, 0))
        self.shown.emit(stream)
        return True

    @Slot()
    def refresh(self) -> None:
        """Read the shown stream again (another write may have made a version), keeping
        the chosen version."""
        if self.history is None or not self.isVisible():
            return
        chosen = self.chosen_version()
        self.history = read_history(self.reader, self.history.stream, self.replay)
        self.versions.show(self.history)
        self.choose(chosen)

    def on_events(self, rows: list[EventRow]) -> None:
        """Events delivered: read again if one is of the stream shown."""
        if self.history is not None and any(row.stream == self.history.stream for row in rows):
            self.refresh()

    def choose(self, number: int | None) -> None:
        """Choose version `number` in the list (the newest when it has none such)."""
        row = None if number is None else self.versions.row_of(number)
        if row is None:
            row = self.versions.rowCount() - 1
        if row >= 0:
            select_row(self.versions_table, self.versions.index(row, 0))

    def chosen_version(self) -> int | None:
        chosen = self._chosen()
        return None if chosen is None else chosen.number

    def _chosen(self) -> Version | None:
        item = self.versions.item(self.versions_table.currentIndex().row())
        return None if item is None else item.version

    @Slot()
    def _version_chosen(self) -> None:
        number = self.chosen_version()
        if self.history is None or number is None:
            self.comparison.show(None)
            self.note.setText("This write's number and state were not recorded "
                              "(written before states were kept).")
            return
        comparison = self.history.comparison(number)
        self.comparison.show(comparison)
        before = comparison.before_missing or f"version {number - 1}"
        after = comparison.after_missing or f"version {number}"
        if comparison.after_missing or comparison.before_missing == NOT_RECORDED:
            # Nothing to compare: a count of 0 would say the write changed nothing.
            self.note.setText(f"Before: {before}. After: {after}.")
            return
        changed = len(self.comparison.changed_fields())
        self.note.setText(f"Before: {before}. After: {after}. "
                          f"{changed} changed field{'s' if changed != 1 else ''}, marked.")

    def _menu_items(self, menu: QMenu, row: int) -> None:
        """The list's context menu: a row is an event (none for a write that raised none)."""
        item = self.versions.item(row)
        event_id = item.event.event_id if item is not None and item.event else ""
        menu_item(menu, "Show &trace", "historyVersionsShowTrace",
                  lambda: self.traceRequested.emit(event_id), enabled=bool(event_id))
        menu_item(menu, "Copy &id", "historyVersionsCopyId", lambda: copy_text(event_id),
                  enabled=bool(event_id))

    def _comparison_menu_items(self, menu: QMenu, _row: int) -> None:
        """The states' context menu: a row is a field of the chosen version, so its items
        are the version's (the trace of the write's first event) and the aggregate's id."""
        chosen = self._chosen()
        event_id = chosen.events[0].event_id if chosen is not None and chosen.events else ""
        aggregate_id = stream_id(self.history.stream) if self.history is not None else ""
        menu_item(menu, "Show &trace of this version", "historyComparisonShowTrace",
                  lambda: self.traceRequested.emit(event_id), enabled=bool(event_id))
        menu_item(menu, "Copy the aggregate's &id", "historyComparisonCopyId",
                  lambda: copy_text(aggregate_id), enabled=bool(aggregate_id))
