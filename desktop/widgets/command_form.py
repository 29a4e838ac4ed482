"""The base of the forms that build one command, validated by constructing it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QWidget

from domain.core import ValidationError


class CommandForm(QWidget):
    """A form whose command validates itself: building it is the check, at every keystroke.

    Subclasses build the command in `command()` and show the problems in `validate()`.

    Signals:
        submitted(object): the valid command, when the form is submitted.
    """

    submitted = Signal(object)

    def command(self) -> Any:
        """The command the form describes; raises ValidationError while it is invalid."""
        raise NotImplementedError

    def validate(self, show_all: bool = False) -> dict[str, list[str]]:
        """Show what is wrong (every field's problems with `show_all`) and return it."""
        raise NotImplementedError

    def problems(self) -> dict[str, list[str]]:
        """The command's validation messages by field; empty when the form is valid."""
        try:
            self.command()
        except ValidationError as error:
            return error.messages
        return {}

    @Slot()
    def submit(self) -> None:
        try:
            command = self.command()
        except ValidationError:
            self.validate(show_all=True)  # submitted while invalid: say what is missing
            return
        self.submitted.emit(command)
