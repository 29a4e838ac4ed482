"""A trace as a Qt tree model: a thin adapter over domain.readside.trace's nodes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from desktop.widgets.roles import KEY_ROLE
from desktop.widgets.time_display import time_display
from domain.readside import short_stream, short_type
from domain.readside.trace import COMMAND, Trace, TraceNode, delay_text

HEADERS = ("Type", "Aggregate", "Time", "Delay")
# An event's position, for selecting it in the log (None on a command's row).
POSITION_ROLE = Qt.ItemDataRole.UserRole + 10
# The message's aggregate's stream, for its Show history (None when it has none).
STREAM_ROLE = Qt.ItemDataRole.UserRole + 11
# What the message is: COMMAND or EVENT (domain.readside.trace).
KIND_ROLE = Qt.ItemDataRole.UserRole + 12
REFUSED_COLOR = QColor("#c62828")


class TraceModel(QStandardItemModel):
    """The nodes of a Trace, each under its cause. A command's type is bold, an event's
    plain; a refused command's is red, marked "refused", with its messages as tooltip.
    Each row keeps the message's id (KEY_ROLE) and kind (KIND_ROLE), an event's position
    (POSITION_ROLE) and its aggregate's stream (STREAM_ROLE)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(list(HEADERS))

    def show(self, trace: Trace | None) -> None:
        """Replace the tree by `trace`'s (empty when None)."""
        self.removeRows(0, self.rowCount())
        if trace is None:
            return
        for root in trace.roots:
            self._add(self.invisibleRootItem(), root)

    def _add(self, parent: QStandardItem, node: TraceNode) -> None:
        command = node.kind == COMMAND
        name = short_type(node.type) + (" (refused)" if node.refused else "")
        cells = [QStandardItem(text) for text in (
            name, short_stream(node.stream) if node.stream else "",
            time_display().text(node.timestamp.isoformat(), millis=True),
            delay_text(node.delay))]
        tip = f"{node.kind} {node.type}\nid {node.id}" + (
            f"\n{node.outcome}" if node.outcome else "") + "".join(
            f"\n{message}" for message in node.messages)
        for cell in cells:
            cell.setEditable(False)
            cell.setData(node.id, KEY_ROLE)
            cell.setData(node.position, POSITION_ROLE)
            cell.setData(node.stream, STREAM_ROLE)
            cell.setData(node.kind, KIND_ROLE)
            cell.setToolTip(tip)
            if node.refused:
                cell.setForeground(QBrush(REFUSED_COLOR))
        font = QFont()
        font.setBold(command)
        cells[0].setFont(font)
        cells[3].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        parent.appendRow(cells)
        for child in node.children:
            self._add(cells[0], child)
