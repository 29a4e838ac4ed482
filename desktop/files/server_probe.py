"""Trying a server's address on a thread of its own, before a window is opened on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from domain.core import StorageError
from domain.core.storage.credentials import PasswordRequired
from domain.core.storage.server import reach


class ServerProbe(QObject):
    """Connects to `address` and lets go, off the GUI thread (a server nobody answers at
    takes seconds to give up on), with the password libpq finds or the one remembered.

    Signals:
        reached(str): the address; the server let us in.
        passwordRequired(str, str): the address, and what the server said (it wants a
            password that was not found, or refused the one given).
        failed(str, str): the address, and why it could not be reached.
    """

    reached = Signal(str)
    passwordRequired = Signal(str, str)
    failed = Signal(str, str)

    def __init__(self, address: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self._thread = threading.Thread(target=self._run, name="server-probe", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        # Emitted on this thread, received on the GUI thread: Qt queues the signals.
        try:
            reach(self.address)
        except PasswordRequired as refusal:
            self.passwordRequired.emit(self.address, str(refusal))
        except StorageError as error:
            self.failed.emit(self.address, str(error))
        except ImportError:  # psycopg, the postgres extra, is not installed
            self.failed.emit(self.address, NO_PSYCOPG)
        else:
            self.reached.emit(self.address)


NO_PSYCOPG = ("PostgreSQL needs psycopg, which is not installed: "
              "pip install 'bookshelf-events[postgres]'")
