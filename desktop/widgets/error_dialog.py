"""Environmental errors (a bad, locked or full database) shown in a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import ENVIRONMENTAL

DAMAGED = " is damaged "  # what the storage adapter says of a file it met damage in


def error_dialog(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """A window-modal dialog, opened without blocking (tests and the engine keep running)."""
    environmental = isinstance(error, ENVIRONMENTAL)
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    if environmental and DAMAGED in str(error):
        # The cannot-open dialog of desktop.app.main: nothing more is written to this file.
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Bookshelf Events: cannot use the database")
        box.setText(f"The database cannot be used:\n\n{error}")
        box.setInformativeText("Nothing more is written to it while this window is open. "
                               "Close the window and run `bookshelf check`.")
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.open()
        return box
    box.setIcon(QMessageBox.Icon.Critical if environmental else QMessageBox.Icon.Warning)
    box.setWindowTitle("Bookshelf Events: storage problem" if environmental
                       else "Bookshelf Events: unexpected error")
    box.setText(str(error) or type(error).__name__)
    if environmental:
        box.setInformativeText("The change was not saved. Check the disk and the database "
                               "file, then try again.")
    else:
        box.setInformativeText(f"This is a bug ({type(error).__name__}); the change was "
                               "not saved.")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box
