"""The live event log: filters, a lazily loaded table that follows the newest, and details."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, QModelIndex, Qt, QTimer, QTimeZone, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.bridge import Bridge
from desktop.event_details.pane import EventDetailsPane
from desktop.event_log.count_label import EventCountLabel
from desktop.event_log.model import EventLogModel
from desktop.widgets.menu_items import copy_text, menu_item
from desktop.widgets.table_view import make_table, select_row
from domain.readside import EventFilter, EventRow, short_type

TEXT_FILTER_DELAY_MS = 250
# The time filter's choices: how far back from now, or None for any time; "Between…"
# shows two fields for a range of one's own.
RECENT = {"Any time": None, "Last 15 minutes": timedelta(minutes=15),
          "Last hour": timedelta(hours=1), "Last 24 hours": timedelta(days=1),
          "Last 7 days": timedelta(days=7)}
BETWEEN = "Between…"
DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm"
SAMPLE_TIME = "2026-12-02 09:14:03.512 +01:00"
# Within this many pixels of the end counts as "at the bottom".
BOTTOM_SLACK = 4


class EventLogPanel(QWidget):
    """Shows every event as it is delivered.

    The log opens at its newest page, following: the newest row stays in view as events
    arrive. Selecting an event pauses it, and so does scrolling up: events delivered
    meanwhile are only counted (the `+`); scrolling back to the bottom reads them from
    the store a page at a time, and follows again once none is left (pressing Follow
    jumps there). Scrolling to the top reads the page before it in, without moving the
    rows in view.

    The filters (type, text or id or stream, time) are answered by the search index a page
    at a time, like the whole log. When the index cannot answer all of it (a text shorter
    than three characters, or an index still catching up), a note under the filters says
    what was searched.

    The details' stream link filters the log to that stream; the table's context menu
    does too, and asks for a row's trace or its stream's history.

    Signals:
        traceRequested(str): the trace of this message id (an event's, a correlation or
            causation id) was asked for.
        historyRequested(str): the history of this event's aggregate was asked for (the
            event's id: the history chooses the version that raised it).
    """

    traceRequested = Signal(str)
    historyRequested = Signal(str)

    def __init__(self, model: EventLogModel, bridge: Bridge | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventLogPanel")
        self.model = model
        if bridge is not None:  # without one, a log of what is stored (its tests use that)
            bridge.eventsDelivered.connect(self.on_events)

        self.type_filter = QComboBox()
        self.type_filter.setObjectName("eventLogTypeFilter")
        self.type_filter.addItem("All event types", None)
        self._add_types(model.types)
        self.type_filter.currentIndexChanged.connect(self._apply_filters)
        self.text_filter = QLineEdit()
        self.text_filter.setObjectName("eventLogTextFilter")
        self.text_filter.setPlaceholderText(
            "Search payloads and types, or an id, or a stream (order-1a2b3c4d)…")
        self.text_filter.setToolTip(
            "Text of 3 characters or more is found anywhere in the log, whatever its case "
            "and accents.\nAn id (event, correlation, causation, aggregate) or a stream "
            "shows the events it names.")
        self.text_filter.setClearButtonEnabled(True)
        # Each change re-queries the store: wait until the user pauses typing.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_FILTER_DELAY_MS)
        self._text_timer.timeout.connect(self._apply_filters)
        self.text_filter.textChanged.connect(self._text_timer.start)
        self.time_filter = QComboBox()
        self.time_filter.setObjectName("eventLogTimeFilter")
        self.time_filter.addItems([*RECENT, BETWEEN])
        self.time_filter.setToolTip("Only events stamped in this time")
        self.time_filter.currentIndexChanged.connect(self._time_choice_changed)
        now = QDateTime.currentDateTime()
        self.since_edit = self._date_time_edit("eventLogSince", now.addSecs(-3600), "From")
        self.until_edit = self._date_time_edit("eventLogUntil", now.addSecs(3600), "Until")
        self.scope_label = QLabel()
        self.scope_label.setObjectName("eventLogScope")
        self.scope_label.setWordWrap(True)
        self.scope_label.hide()
        self.follow_button = QPushButton("Follo&w")
        self.follow_button.setObjectName("eventLogFollow")
        self.follow_button.setCheckable(True)
        self.follow_button.setToolTip("Keep the newest event in view")
        self.follow_button.toggled.connect(self._follow_toggled)
        # No mnemonic: every letter of "UTC" serves another control already.
        self.utc_toggle = QCheckBox("UTC")
        self.utc_toggle.setObjectName("eventLogUtc")
        self.utc_toggle.setToolTip("Show times in UTC rather than in the local zone (the "
                                   "log, its details and Between… fields, and every other "
                                   "table of the window)")
        self.utc_toggle.toggled.connect(self._show_utc)
        self.count_label = EventCountLabel(model.log)
        model.readingStopped.connect(self.count_label.stop)

        self.table = make_table("eventLogTable", several=True)
        self.table.menuOpening.connect(self._menu_items)
        self.table.setModel(model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The time in full, its offset too, with the cell's margins.
        time_width = self.table.fontMetrics().horizontalAdvance(SAMPLE_TIME) + 16
        for column, width in enumerate((64, time_width, 120, 250)):
            header.resizeSection(column, width)
        self.details = EventDetailsPane()
        self.details.streamRequested.connect(self.show_stream)
        self.details.traceRequested.connect(self.traceRequested)

        bar = self.table.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.sliderReleased.connect(self._slider_released)
        bar.rangeChanged.connect(self._range_changed)
        self.model.rowsRemoved.connect(self._rows_removed)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        model.typesSeen.connect(self._add_types)
        model.modelReset.connect(self.details.clear)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_count)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Type:"))
        filters.addWidget(self.type_filter)
        filters.addWidget(self.text_filter, stretch=1)
        filters.addWidget(self.time_filter)
        filters.addWidget(self.since_edit)
        filters.addWidget(self.until_edit)
        filters.addWidget(self.count_label)
        filters.addWidget(self.utc_toggle)
        filters.addWidget(self.follow_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("eventLogSplitter")
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.scope_label)
        layout.addWidget(split, stretch=1)

        self._following = True
        self._start_reading()

    def _date_time_edit(self, name: str, when: QDateTime, label: str) -> QDateTimeEdit:
        edit = QDateTimeEdit(when)
        edit.setObjectName(name)
        edit.setDisplayFormat(DATE_TIME_FORMAT)
        edit.setCalendarPopup(True)
        edit.setToolTip(f"{label} this time, for Between…")
        edit.setAccessibleName(f"{label} time")
        edit.hide()
        edit.editingFinished.connect(self._apply_filters)
        return edit

    def _start_reading(self) -> None:
        # The model's first fetch reads the newest page only: that is where a log is watched.
        self.model.fetchMore(QModelIndex())
        self._set_following(True)
        self.table.scrollToBottom()
        self.count_label.count(self.model.selection, self.model.scope, self.model.rowCount())
        self._update_count()

    @property
    def following(self) -> bool:
        return self._following

    def on_events(self, rows: list[EventRow]) -> None:
        self.model.append_live(rows)
        if rows:
            self.count_label.extend(max(row.position for row in rows))
        self._update_count()

    @Slot(int)
    def on_committed(self, last: int) -> None:
        """Another connection committed (StoreWatch): read what this one was not fed."""
        self.model.read_committed()
        self.count_label.extend(last)
        self._update_count()

    # -- follow mode ---------------------------------------------------------------------

    def _set_following(self, following: bool) -> None:
        self._following = following
        self.model.set_following(following)
        if self.follow_button.isChecked() != following:
            self.follow_button.blockSignals(True)
            self.follow_button.setChecked(following)
            self.follow_button.blockSignals(False)

    @Slot(int)
    def _scrolled(self, value: int) -> None:
        bar = self.table.verticalScrollBar()
        # Not while the thumb is held: the next mouse move would drag it back to the top.
        if value == bar.minimum() < bar.maximum() and not bar.isSliderDown() \
                and self.model.can_fetch_older():
            self._read_older()
        # Any move, by the user or by us, decides: at the bottom follows, above pauses. The
        # view reads newer rows at the bottom first (fetchMore); following waits for the last.
        self._set_following(bar.value() >= bar.maximum() - BOTTOM_SLACK
                            and not self.model.canFetchMore())

    @Slot()
    def _slider_released(self) -> None:
        self._scrolled(self.table.verticalScrollBar().value())

    def _read_older(self, pause: bool = True) -> None:
        """Prepend the previous page, keeping the rows in view where they were."""
        bar = self.table.verticalScrollBar()
        if pause:  # the user scrolled to the top
            self._set_following(False)
        before = bar.value()
        brought = self.model.fetch_older()
        if brought:
            self.table.doItemsLayout()  # now, not later: the range must count the new rows
            # Move down by the height of the rows that came above. (The newest rows may
            # have gone below, far out of view: they change the range, not what is seen.)
            bar.setValue(before + brought * self._row_step())
        else:
            self._update_count()

    def _row_step(self) -> int:
        """How far the scroll bar moves for one row."""
        per_item = self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
        return 1 if per_item else self.table.verticalHeader().defaultSectionSize()

    @Slot(QModelIndex, int, int)
    def _rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        """Rows dropped above the view (reading newer pages holds at most its cap): move up
        by as much, so the rows in view stay where they were and the bottom can be reached
        again, to read the next page."""
        if first == 0 and not self._following:
            bar = self.table.verticalScrollBar()
            value = bar.value()
            self.table.doItemsLayout()  # the range must count the rows that went
            bar.setValue(max(bar.minimum(), value - (last - first + 1) * self._row_step()))

    @Slot(int, int)
    def _range_changed(self, _minimum: int, maximum: int) -> None:
        if self._following:
            self.table.verticalScrollBar().setValue(maximum)

    @Slot(bool)
    def _follow_toggled(self, checked: bool) -> None:
        if checked and self.model.canFetchMore():
            self.model.fetchMore(QModelIndex())
            if self.model.canFetchMore():
                self.model.read_newest()  # more than a page behind: jump, as opening does
            self._update_count()
        self._set_following(checked)
        if checked:
            self.table.scrollToBottom()

    # -- filters and details -------------------------------------------------------------

    @Slot(list)
    def _add_types(self, types: list[str]) -> None:
        known = {self.type_filter.itemData(i) for i in range(self.type_filter.count())}
        for event_type in types:
            if event_type not in known:
                self.type_filter.addItem(short_type(event_type), event_type)

    @Slot()
    def _time_choice_changed(self) -> None:
        between = self.time_filter.currentText() == BETWEEN
        self.since_edit.setVisible(between)
        self.until_edit.setVisible(between)
        self._apply_filters()

    def time_range(self) -> tuple[str | None, str | None]:
        """The time filter as EventFilter's `since` and `until` (UTC), from now."""
        choice = self.time_filter.currentText()
        if choice == BETWEEN:
            since, until = (EventFilter.moment(datetime.fromtimestamp(
                edit.dateTime().toSecsSinceEpoch(), UTC))
                for edit in (self.since_edit, self.until_edit))
            return since, until
        back = RECENT.get(choice)
        return (EventFilter.moment(datetime.now(UTC) - back), None) if back else (None, None)

    @Slot()
    def _apply_filters(self) -> None:
        self._text_timer.stop()
        since, until = self.time_range()
        self.model.set_filters(self.type_filter.currentData(), self.text_filter.text(),
                               since, until)
        note = self.model.scope_note
        self.scope_label.setText(note or "")
        self.scope_label.setVisible(note is not None)
        self._start_reading()

    def apply_filters_now(self) -> None:
        """Apply the text filter without waiting for the typing pause."""
        self._apply_filters()

    def select_event(self, position: int) -> bool:
        """Select the event at `position` and bring it into view, reading the page around
        it when it is not held (paused: following would scroll it away). An event the
        filters keep out clears them: it was asked for by name, as a search result's
        "reveal" does. Returns whether the log holds such an event."""
        row = self.model.row_of(position)
        if row is None:
            self._set_following(False)
            if not self.model.read_around(position) and self.model.filtered:
                self._clear_filters()
                self.model.read_around(position)
            self._update_count()
            row = self.model.row_of(position)
            if row is None:
                return False
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self._set_following(False)
        return True

    def _clear_filters(self) -> None:
        """Every filter back to all events, without reading the newest page."""
        for widget in (self.type_filter, self.text_filter, self.time_filter):
            widget.blockSignals(True)
        self.type_filter.setCurrentIndex(0)
        self.text_filter.clear()
        self.time_filter.setCurrentIndex(0)
        for widget in (self.type_filter, self.text_filter, self.time_filter):
            widget.blockSignals(False)
        self.since_edit.hide()
        self.until_edit.hide()
        self._text_timer.stop()
        self.model.set_filters(None, "")
        self.scope_label.hide()
        self.count_label.count(self.model.selection, self.model.scope, self.model.rowCount())

    @Slot()
    def _show_details(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            if self._following and self.table.hasFocus():
                # The user picked an event: it stays where it is while others arrive
                # (following would scroll it away, and drop it after 10,000 more).
                self._set_following(False)
            self.details.show_event(self.model.row_at(index.row()), self.model.utc)
        else:
            self.details.clear()

    @Slot(str)
    def show_stream(self, stream: str) -> None:
        """Filter the log to the events of `stream` (any type, any time), at once; the
        event shown in the details stays selected when it is one of them."""
        current = self.table.currentIndex()
        shown = self.model.row_at(current.row()).position if current.isValid() else None
        # One query, not one per filter changed.
        for choice in (self.type_filter, self.time_filter):
            choice.blockSignals(True)
            choice.setCurrentIndex(0)
            choice.blockSignals(False)
        self.text_filter.setText(stream)
        self._time_choice_changed()  # hides Between…'s fields, and applies the filters
        row = next((row for row in range(self.model.rowCount())
                    if self.model.row_at(row).position == shown), None)
        if row is not None:
            select_row(self.table, self.model.index(row, 0))

    def _menu_items(self, menu: QMenu, row: int) -> None:
        """The table's context menu for the event of `row`."""
        event = self.model.row_at(row)
        menu_item(menu, "Show &trace", "eventLogTableShowTrace",
                  lambda: self.traceRequested.emit(event.event_id))
        menu_item(menu, "Show &history", "eventLogTableShowHistory",
                  lambda: self.historyRequested.emit(event.event_id))
        menu_item(menu, "Show this stream's &events", "eventLogTableShowStream",
                  lambda: self.show_stream(event.stream))
        menu_item(menu, "Copy &id", "eventLogTableCopyId", lambda: copy_text(event.event_id))

    @Slot(bool)
    def _show_utc(self, utc: bool) -> None:
        """Times in UTC or in the local zone: the table's, the details', and the range's
        fields, which keep the moments they name."""
        self.model.set_utc(utc)
        zone = QTimeZone.utc() if utc else QTimeZone.systemTimeZone()
        for edit in (self.since_edit, self.until_edit):
            moment = edit.dateTime()
            edit.setTimeZone(zone)
            edit.setDateTime(moment.toTimeZone(zone))
        if self.table.currentIndex().isValid():
            self._show_details()

    @Slot()
    def _update_count(self) -> None:
        """The count's tooltip says where rows not shown yet are read."""
        older, newer = self.model.can_fetch_older(), self.model.canFetchMore()
        hints = (["Older events are read as you scroll to the top."] if older else []) \
            + (["Newer events are read as you scroll to the bottom."] if newer else [])
        self.count_label.set_hints(" ".join(hints))
