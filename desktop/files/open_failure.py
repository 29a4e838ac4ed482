"""The dialog of a database that could not be opened: open another, retry a lock, or quit."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from domain.core import DatabaseLockedError
from domain.core.storage.location import server_address


class OpenChoice(Enum):
    """What the person chose in the dialog."""

    OPEN_ANOTHER = "open another"
    RETRY = "retry"
    QUIT = "quit"
    CANCEL = "cancel"  # keep the database already open


class OpenFailureDialog(QMessageBox):
    """Window-modal, shown with open() (nothing blocks); `choice()` after `finished`.

    Retry is offered for a lock (the other program may let go), Quit always, and Cancel
    when a database stays open behind it (`keeps_window`).
    """

    def __init__(self, parent: QWidget | None, path: str | Path, error: BaseException,
                 keeps_window: bool) -> None:
        super().__init__(parent)
        self.setObjectName("openFailureDialog")
        self.path = str(path)
        locked = isinstance(error, DatabaseLockedError)
        server = server_address(self.path)  # named without its password
        self.setIcon(QMessageBox.Icon.Warning if locked else QMessageBox.Icon.Critical)
        self.setWindowTitle("Bookshelf Events: cannot open the database")
        self.setText(f"{server or Path(path).name} could not be opened.\n\n{error}")
        if server is not None:
            informative = "Nothing was changed on the server. Connect to another?"
        elif locked:
            informative = ("Another program is writing to it. Retry when it has finished, or "
                           "open another database.")
        else:
            informative = "The file was left unchanged. Open another database?"
        self.setInformativeText(informative)
        self._choices: dict[QPushButton, OpenChoice] = {}
        self._add("openAnother", "&Connect to another…" if server else "&Open another…",
                  QMessageBox.ButtonRole.AcceptRole, OpenChoice.OPEN_ANOTHER)
        if locked:
            retry = self._add("openRetry", "&Retry", QMessageBox.ButtonRole.ActionRole,
                              OpenChoice.RETRY)
            self.setDefaultButton(retry)
        self._add("openQuit", "&Quit", QMessageBox.ButtonRole.DestructiveRole, OpenChoice.QUIT)
        if keeps_window:
            self._add("openCancel", "&Cancel", QMessageBox.ButtonRole.RejectRole,
                      OpenChoice.CANCEL)

    def _add(self, name: str, text: str, role: QMessageBox.ButtonRole,
             choice: OpenChoice) -> QPushButton:
        button = self.addButton(text, role)
        button.setObjectName(name)
        self._choices[button] = choice
        return button

    def choice(self) -> OpenChoice:
        """What the person chose; Escape or closing the dialog is Cancel (or Quit)."""
        clicked = self.clickedButton()
        if clicked in self._choices:
            return self._choices[clicked]
        return OpenChoice.CANCEL if OpenChoice.CANCEL in self._choices.values() \
            else OpenChoice.QUIT
