"""The selected event's metadata and payload as a collapsible JSON tree, copied as JSON."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QMenu, QPushButton, QVBoxLayout, QWidget

from desktop.event_details.model import JsonTreeModel
from desktop.event_details.tree_view import LinkTreeView
from desktop.widgets.details_pane import DetailsPane
from domain.readside import EventRow, Link, json_text
from domain.readside.json_tree import value_at

EMPTY = "Select an event to see its metadata and payload."
# The event's sections and their fields open, a list's items too; deeper stays closed.
EXPAND_DEPTH = 1
FOLLOW_TEXTS = {Link.TRACE: "Show &trace", Link.STREAM: "Show this stream's &events"}


class EventDetailsPane(DetailsPane):
    """One event as a tree of its position, metadata and payload; its ids are links.

    Copy as JSON (the button) copies the whole event; the tree's context menu and Ctrl+C
    copy the selected field, object or list. Copied as JSON, the event is as stored (its
    timestamps ISO 8601, in UTC), whatever zone the tree shows its times in: JSON is
    copied to be read by programs. Copy value copies a field's text as shown.

    Signals:
        traceRequested(str): the trace of this message id (an event's, a correlation or
            causation id) was asked for.
        streamRequested(str): the events of this stream were asked for.
    """

    traceRequested = Signal(str)
    streamRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        content = QWidget()
        super().__init__("eventLogDetails", content, parent)
        self.model = JsonTreeModel(self)
        self._stored: dict[str, Any] | None = None  # the event shown, as stored
        self.tree = LinkTreeView()
        self.tree.setObjectName("eventLogDetailsTree")
        self.tree.setAccessibleName("Event details")
        self.tree.setModel(self.model)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.linkActivated.connect(self._follow)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._popup)
        self.copy_action = QAction("Copy as JSON", self.tree)
        self.copy_action.setObjectName("eventLogDetailsCopySelected")
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self._copy_current)
        self.tree.addAction(self.copy_action)
        self.copy_button = QPushButton("Copy as &JSON")
        self.copy_button.setObjectName("eventLogDetailsCopy")
        self.copy_button.setToolTip("Copy the whole event as JSON")
        self.copy_button.clicked.connect(self.copy_event)

        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, stretch=1)
        layout.addLayout(bar)
        self.clear()

    def show_event(self, row: EventRow, utc: bool) -> None:
        """Show `row`, its times in UTC or in the local zone."""
        self._stored = row.stored_document
        self.model.show(row.details_tree(utc))
        self.tree.expandToDepth(EXPAND_DEPTH)
        # The names in full, as long as the values keep half the room: they are the point.
        self.tree.resizeColumnToContents(0)
        half = self.tree.viewport().width() // 2
        if half > 0 and self.tree.columnWidth(0) > half:
            self.tree.setColumnWidth(0, half)
        self.show_content()

    def sizeHint(self) -> QSize:
        """Room for a field's name and an id beside it, where the splitter shares space."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.fontMetrics().horizontalAdvance("x" * 56)),
                     hint.height())

    def clear(self) -> None:
        self._stored = None
        self.model.clear()
        self.show_empty(EMPTY)

    def json_text(self, index: QModelIndex | None = None) -> str:
        """The value of a row as stored, as indented JSON; the whole event for none (or an
        invalid index)."""
        node = self.model.node(index if index is not None else QModelIndex())
        if node is None or self._stored is None:
            return ""
        # The shown tree's place in the stored event: the two differ in their times only.
        return json_text(value_at(self._stored, node.path))

    def copy_json(self, index: QModelIndex) -> None:
        if self.model.root is not None:
            QGuiApplication.clipboard().setText(self.json_text(index))

    @Slot()
    def copy_event(self) -> None:
        self.copy_json(QModelIndex())

    @Slot()
    def _copy_current(self) -> None:
        self.copy_json(self.tree.currentIndex())

    def menu_for(self, index: QModelIndex) -> QMenu:
        """The tree's context menu for a row (none: the whole event)."""
        menu = QMenu(self)
        found = self.tree.link_at(index)
        if found is not None:
            link, target = found
            follow = menu.addAction(FOLLOW_TEXTS[link])
            follow.setObjectName(f"eventLogDetailsFollow{link.title()}")
            follow.triggered.connect(lambda: self._follow(link, target))
            menu.addSeparator()
        node = self.model.node(index) if index.isValid() else None
        if node is not None:
            copy = menu.addAction(f"&Copy {node.key_text} as JSON")
            copy.setObjectName("eventLogDetailsCopyField")
            copy.triggered.connect(lambda: self.copy_json(index))
            if not node.children:
                text = str(node.value) if isinstance(node.value, str) else node.value_text
                plain = menu.addAction("Copy &value")
                plain.setObjectName("eventLogDetailsCopyValue")
                plain.triggered.connect(lambda: QGuiApplication.clipboard().setText(text))
        whole = menu.addAction("Copy the whole event as &JSON")
        whole.setObjectName("eventLogDetailsCopyEvent")
        whole.triggered.connect(lambda: self.copy_json(QModelIndex()))
        menu.addSeparator()
        menu.addAction("E&xpand all", self.tree.expandAll)
        menu.addAction("C&ollapse all", self.tree.collapseAll)
        for action in menu.actions():
            action.setEnabled(self.model.root is not None)
        return menu

    @Slot(QPoint)
    def _popup(self, where: QPoint) -> None:
        index = self.tree.indexAt(where)
        if not index.isValid():  # by the keyboard's menu key: the current row
            index = self.tree.currentIndex()
        menu = self.menu_for(index)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(where))

    @Slot(object, str)
    def _follow(self, link: Link, value: str) -> None:
        (self.traceRequested if link is Link.TRACE else self.streamRequested).emit(value)
