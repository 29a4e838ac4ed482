"""What the details panes share: one thing in full or a sentence why none, under a table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget


def value_label(object_name: str) -> QLabel:
    """A value people may select and copy (an ISBN, say), wrapped when long."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a title is text, never markup
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


class DetailsPane(QWidget):
    """Shows its content (`show_content`), or instead a sentence in its place (`show_empty`):
    nothing selected, or the selected thing not found."""

    def __init__(self, object_name: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.empty = QLabel()
        self.empty.setObjectName(f"{object_name}Empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.content = content
        self.pages = QStackedLayout(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(content)

    def show_empty(self, sentence: str) -> None:
        self.empty.setText(sentence)
        self.pages.setCurrentWidget(self.empty)

    def show_content(self) -> None:
        self.pages.setCurrentWidget(self.content)
