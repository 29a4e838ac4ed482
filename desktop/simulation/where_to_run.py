"""Asks where a simulation runs: in the open database, or in a new scratch one."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

HERE, SCRATCH = "here", "scratch"


class RememberedPlace:
    """The answer given with "Don't ask again", kept until the program ends.

    One object for the whole session (`SESSION`), so a simulation panel made again for
    another database still knows it.
    """

    def __init__(self) -> None:
        self.answer: str | None = None


SESSION = RememberedPlace()


class WhereToRunDialog(QDialog):
    """Run in this database, or in a new scratch one; opened without blocking (`open`).

    Signals:
        chosen(str): HERE or SCRATCH; not emitted when the dialog is cancelled.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("simulationWhereDialog")
        self.setWindowTitle("Where should the simulation run?")
        text = QLabel(
            "The simulated customers and staff add books and place, confirm and ship "
            "orders, thousands a minute. Run them in the open database, beside its own "
            "books and orders, or in a new scratch database of their own (kept in the "
            "user cache folder)?")
        text.setWordWrap(True)
        self.remember = QCheckBox("&Don't ask again until the program is closed")
        self.remember.setObjectName("simulationWhereRemember")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.here_button = self._answer(buttons, "Run in &this database", "simulationRunHere",
                                        HERE)
        self.scratch_button = self._answer(buttons, "Run in a new &scratch database",
                                           "simulationRunScratch", SCRATCH)
        # The safe choice is the default: Enter never mixes simulated orders with real ones.
        # (An auto-default button takes Enter while it has the focus: only this one may.)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(button is self.scratch_button)
        self.scratch_button.setDefault(True)
        self.scratch_button.setFocus()
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)

    def _answer(self, buttons: QDialogButtonBox, text: str, name: str,
                answer: str) -> QPushButton:
        button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setObjectName(name)
        button.clicked.connect(lambda: self._choose(answer))
        return button

    @Slot()
    def _choose(self, answer: str) -> None:
        self.accept()
        self.chosen.emit(answer)
