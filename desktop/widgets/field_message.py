"""A small label under a form field that shows the field's validation messages."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class FieldMessage(QLabel):
    """Shows `ValidationError.messages[field]`, or nothing when the field is fine."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("role", "fieldMessage")  # styled red by the style sheet
        self.setWordWrap(True)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("; ".join(messages))
        self.setVisible(bool(messages))


def with_message(field: QWidget, message: FieldMessage) -> QVBoxLayout:
    """`field` with its message right under it, as one cell of a form."""
    column = QVBoxLayout()
    column.setSpacing(1)
    column.addWidget(field)
    column.addWidget(message)
    return column
