"""A tree view whose linked values are followed by a click or by Enter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from desktop.event_details.model import LINK_ROLE, VALUE_COLUMN
from domain.readside import Link

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class LinkTreeView(QTreeView):
    """Follows a link as a browser does: a click on the linked value, or Enter on its row
    (either cell: the keyboard moves by rows). The cursor points over a link.

    Signals:
        linkActivated(object, str): a Link and the value it was followed from.
    """

    linkActivated = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setMouseTracking(True)  # for the pointing cursor over links
        # Not `clicked`/`activated`: a double click would follow a link twice, and some
        # styles activate on a single click.
        self.setExpandsOnDoubleClick(True)

    def link_at(self, index: QModelIndex) -> tuple[Link, str] | None:
        """The link of a row, and its value, if the row has one."""
        link = index.data(LINK_ROLE) if index.isValid() else None
        if not link:
            return None
        return Link(link), str(index.siblingAtColumn(VALUE_COLUMN).data())

    def follow(self, index: QModelIndex) -> bool:
        found = self.link_at(index)
        if found is not None:
            self.linkActivated.emit(*found)
        return found is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS and self.follow(self.currentIndex()):
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        super().mouseReleaseEvent(event)
        # On the value itself, as a link in text: a click on the field's name selects.
        if event.button() == Qt.MouseButton.LeftButton and index.column() == VALUE_COLUMN:
            self.follow(index)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        over_link = index.column() == VALUE_COLUMN and self.link_at(index) is not None
        if over_link:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()
        super().mouseMoveEvent(event)
