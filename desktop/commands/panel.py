"""The Commands panel: the newest commands on record, a "Just the refused" filter, Show trace
and Show history."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from desktop.commands.model import CommandsModel
from desktop.widgets.menu_items import copy_text, menu_item
from desktop.widgets.paced_call import PacedCall
from desktop.widgets.table_view import make_table, select_row, size_columns
from domain.core.errors import StorageError
from domain.readside import Reader
from domain.readside.commands import COMMANDS_SHOWN, CommandRow, command_rows, history_name

# A read takes a few ms; during a simulation commits come many times a second.
PAUSE_FACTOR = 4.0
LISTED = (f"The newest {COMMANDS_SHOWN} commands on record, newest first; refused ones in red"
          " (their messages in the tooltip).")
NO_HISTORY = "No history: this command raised no event and names no aggregate"


class CommandsPanel(QWidget):
    """The newest COMMANDS_SHOWN commands, read on the window's thread whenever `refresh`
    is asked (after each commit) while the panel is in view, and once it comes into view.

    A refused command raises no event, so the bridge never tells of it; its record is a
    commit of the engine's connection all the same, which the window's StoreWatch sees
    (`committed`): that is what refreshes the list, with no timer of its own.

    Signals:
        traceRequested(str): the trace of a command's id was asked for (menu, Enter,
            double click).
        historyRequested(str): the history of a command's aggregate was asked for (the
            first event it raised, else the aggregate's id: history_name).
    """

    traceRequested = Signal(str)
    historyRequested = Signal(str)

    def __init__(self, reader: Reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandsPanel")
        self.reader = reader
        self.model = CommandsModel(self)
        self.label = QLabel(LISTED)
        self.label.setObjectName("commandsLabel")
        self.label.setWordWrap(True)
        self.refused_only = QCheckBox("&Just the refused")  # the letters of "refused" are taken
        self.refused_only.setObjectName("commandsRefusedOnly")
        self.refused_only.setToolTip(f"Only the refused among the newest {COMMANDS_SHOWN}")
        self.refused_only.toggled.connect(self.refresh)
        self.table = make_table("commandsTable")
        self.table.setModel(self.model)
        self.table.menuOpening.connect(self._menu_items)
        # Enter, and a double click (a single one where the platform activates on one).
        self.table.activated.connect(self._activated)
        size_columns(self.table, {0: "2026-11-27 10:25:35.123 +00:00", 1: "ConfirmOrder_",
                                  2: "accepted_", 3: "order-1a2b3c4d_"})
        self._paced = PacedCall(self._read, PAUSE_FACTOR, self)
        self._stale = True
        top = QHBoxLayout()
        top.addWidget(self.label, stretch=1)
        top.addWidget(self.refused_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, stretch=1)

    @Slot()
    def refresh(self) -> None:
        """Read the commands again, now or after a pause; when out of view, once shown."""
        self._stale = True
        if self.isVisible():
            self._paced.request()

    def selected_command(self) -> str | None:
        """The id of the command in the current row, if any."""
        index = self.table.currentIndex()
        row = self.model.item(index.row()) if index.isValid() else None
        return row.id if isinstance(row, CommandRow) else None

    def select_command(self, command_id: str) -> bool:
        """Select the command `command_id` and bring its row into view, reading the list
        now when it is not in it (newer than the last read, or the panel out of view).
        "Just the refused" is unchecked when it keeps the command out: it was asked for by
        name, as the log clears its filters for an event. False when it is not among the
        newest listed."""
        row = self.model.row_of(command_id)
        if row is None:
            self._paced.run()
            row = self.model.row_of(command_id)
        if row is None and self.refused_only.isChecked():
            self.refused_only.blockSignals(True)  # one read, below, not one more
            self.refused_only.setChecked(False)
            self.refused_only.blockSignals(False)
            self._paced.run()
            row = self.model.row_of(command_id)
        if row is None:
            return False
        select_row(self.table, self.model.index(row, 0))
        return True

    def stop(self) -> None:
        """Read no more (the reader is about to close)."""
        self._paced.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._paced.request()

    def _read(self) -> None:
        self._stale = False
        try:
            rows = command_rows(self.reader, refused_only=self.refused_only.isChecked())
        except StorageError as error:  # busy or vanished: the next commit reads again
            self.label.setText(f"The commands could not be read: {error}")
            return
        self.label.setText(LISTED)  # after a read that failed, what is listed again
        kept = self.selected_command()
        if self.model.show_rows(rows) and kept is not None:
            row = self.model.row_of(kept)
            if row is not None:  # the same command stays selected as newer ones come in
                self.table.setCurrentIndex(self.model.index(row, 0))

    def _menu_items(self, menu: QMenu, row: int) -> None:
        command = self.model.item(row)
        if not isinstance(command, CommandRow):
            return
        command_id = command.id
        menu_item(menu, "Show &trace", "commandsTableShowTrace",
                  lambda: self.traceRequested.emit(command_id))
        try:  # one lookup of its events through the search index, as the menu opens
            name, why_not = history_name(self.reader, command), NO_HISTORY
        except StorageError as error:
            name, why_not = None, f"No history: the command's events could not be read: {error}"
        history = menu_item(menu, "Show &history", "commandsTableShowHistory",
                            lambda: self.historyRequested.emit(name or ""),
                            enabled=name is not None)
        if name is None:  # said rather than an item that does nothing
            history.setToolTip(why_not)
            history.setStatusTip(why_not)
            menu.setToolTipsVisible(True)
        menu_item(menu, "Copy &id", "commandsTableCopyId", lambda: copy_text(command_id))

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        command = self.model.item(index.row())
        if isinstance(command, CommandRow):
            self.traceRequested.emit(command.id)
