"""A panel's message area: what just happened, or why the domain refused it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop.errors import USER_FACING
from domain.core import MailboxFullError


class MessageBar(QLabel):
    """One line of text, styled by its `kind` property: "info" or "error"."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.clear_message()

    def info(self, text: str) -> None:
        self._show(text, "info")

    def error(self, text: str) -> None:
        self._show(text, "error")

    def failure(self, what: str, error: BaseException) -> None:
        """Say that `what` ("X was not added") happened, and why, or where the why is."""
        if isinstance(error, MailboxFullError):
            self.error(f"{what}: the engine is busy, try again.")
        elif isinstance(error, USER_FACING):
            self.error(f"{what}: {error}")
        else:
            self.error(f"{what} (see the error dialog).")

    def clear_message(self) -> None:
        self._show("", "info")

    def _show(self, text: str, kind: str) -> None:
        self.setProperty("kind", kind)
        self.setText(text)
        # A dynamic property changed: make the style sheet look at it again.
        self.style().unpolish(self)
        self.style().polish(self)
