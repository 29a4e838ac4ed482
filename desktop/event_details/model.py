"""A JSON tree (domain.readside.json_tree) as a two-column tree model: field and value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.event_details.colors import json_color, link_color
from desktop.widgets.columns_model import AnyIndex
from domain.readside import JsonNode, Link

# The link of a row (a Link's value: Qt hands an enum back as its text), or None: the
# same on both of its cells.
LINK_ROLE = Qt.ItemDataRole.UserRole + 10
LINK_TIPS = {Link.TRACE: "Click or press Enter to show the trace of this message",
             Link.STREAM: "Click or press Enter to show this stream's events in the log"}
VALUE_COLUMN = 1


class JsonTreeModel(QAbstractItemModel):
    """The nodes of a JSON tree below its root; `show` sets another tree, `clear` none.
    Read-only: the tree is made once per event shown."""

    HEADERS = ("Field", "Value")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root: JsonNode | None = None

    @property
    def root(self) -> JsonNode | None:
        return self._root

    def show(self, root: JsonNode | None) -> None:
        self.beginResetModel()
        self._root = root
        self.endResetModel()

    def clear(self) -> None:
        self.show(None)

    def node(self, index: AnyIndex) -> JsonNode | None:
        """The node of a row (the root for an invalid index)."""
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        return node if isinstance(node, JsonNode) else None

    # -- Qt ----------------------------------------------------------------------------------

    def index(self, row: int, column: int,
              parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        above = self.node(parent)
        if above is None or not (0 <= row < len(above.children)) \
                or not (0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, above.children[row])

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(child) if child.isValid() else None
        above = node.parent if node is not None else None
        if above is None or above.parent is None:  # a child of the root: top level
            return QModelIndex()
        return self.createIndex(above.row, 0, above)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self.node(index) if index.isValid() else None
        if node is None:
            return None
        value = index.column() == VALUE_COLUMN
        if role == Qt.ItemDataRole.DisplayRole:
            return node.value_text if value else node.key_text
        if role == LINK_ROLE:
            return node.link.value if node.link is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not value:
                return json_color("key")
            return link_color() if node.link is not None else json_color(node.kind)
        if role == Qt.ItemDataRole.FontRole and value and node.link is not None:
            font = QFont()
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and node.link is not None:
            return f"{node.value}\n{LINK_TIPS[node.link]}"
        return None
