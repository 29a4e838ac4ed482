"""The workbench: which database window is open, and opening, creating, copying and exporting
files; connecting to a server."""

from __future__ import annotations

import logging
import shutil
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from desktop.export.event_export import EventExport
from desktop.files.connect_dialog import ConnectDialog
from desktop.files.copy_job import CopyJob
from desktop.files.file_menu import FileMenu
from desktop.files.open_failure import OpenChoice, OpenFailureDialog
from desktop.files.recent import RecentDatabases
from desktop.files.server_fields import ServerFields
from desktop.main_window import MainWindow, location_name
from desktop.start_page.window import StartWindow
from domain.cli.settings import default_database_path
from domain.core import ConfigurationError, StorageError
from domain.core.storage.credentials import PasswordRequired, kept_apart
from domain.core.storage.location import server_address

log = logging.getLogger(__name__)

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample.db"
DATABASE_FILTER = "Bookshelf databases (*.db *.sqlite *.sqlite3);;All files (*)"
EXPORT_FILTERS = {"JSON Lines (*.jsonl)": ".jsonl", "CSV (*.csv)": ".csv"}


class WindowFactory(Protocol):
    def __call__(self, path: str | Path, *, read_only: bool) -> MainWindow: ...


class FileChooser:
    """Asks the person for a file name with Qt's file dialogs (tests answer for them)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def existing(self, parent: QWidget | None, title: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(self.folder), DATABASE_FILTER)
        return path or None

    def new(self, parent: QWidget | None, title: str, suggested: str) -> str | None:
        # The workbench itself says what happens to an existing file (it is never replaced
        # by New, only by Save a copy, which asks).
        options = QFileDialog.Option.DontConfirmOverwrite if title.startswith("New") \
            else QFileDialog.Option(0)
        path, _ = QFileDialog.getSaveFileName(parent, title, str(self.folder / suggested),
                                              DATABASE_FILTER, options=options)
        return path or None

    def export(self, parent: QWidget | None, title: str, suggested: str) -> str | None:
        """A file to export to: its suffix (.jsonl or .csv, added from the chosen type
        when none is typed) names the format."""
        path, chosen = QFileDialog.getSaveFileName(
            parent, title, str(self.folder / suggested), ";;".join(EXPORT_FILTERS))
        if path and not Path(path).suffix:
            path += EXPORT_FILTERS.get(chosen, ".jsonl")
        return path or None


class Workbench(QObject):
    """Owns the one window on screen: a database's MainWindow or the start window.

    Opening a database builds its window first; only when that worked does it take the
    place (and the size) of the window before, which then closes its database. A failure
    leaves what was open as it was, and its dialog offers another file, a retry for a lock,
    and quitting (or cancelling, when a database stays open).
    """

    def __init__(self, open_window: WindowFactory, chooser: FileChooser | None = None,
                 recent: RecentDatabases | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.open_window = open_window
        self.recent = recent or RecentDatabases()
        self.chooser = chooser or FileChooser(default_database_path().parent)
        self.window: QMainWindow | None = None
        self.dialog: QMessageBox | None = None
        self.connect_dialog: ConnectDialog | None = None
        self.copy_job: CopyJob | None = None
        self.copy_progress: QProgressDialog | None = None
        self.export: EventExport | None = None

    # -- what is on screen -------------------------------------------------------------------

    @property
    def main_window(self) -> MainWindow | None:
        return self.window if isinstance(self.window, MainWindow) else None

    def start(self, database: str | Path | None = None, read_only: bool = False) -> None:
        """Open `database` (a file or a server's address), else the one opened last (when
        it is still there), else show the start window."""
        if database is None:
            last = self.recent.last()
            if last is not None:
                database, read_only = last.path, last.read_only
        if database is None:
            self.show_start()
        else:
            self.open(database, read_only)

    def show_start(self) -> None:
        start = StartWindow(self.recent)
        self._listen(start.file_menu)
        self._replace_with(start)

    def open(self, path: str | Path, read_only: bool = False) -> bool:
        """Open the database at `path` (a file, or a server's address) in a new window that
        takes the current one's place; False (and the failure dialog) when it cannot be
        opened. A server that asks for a password the Connect dialog asks for it."""
        if server_address(str(path)) is not None:
            path = kept_apart(str(path))  # a password in it goes to memory, nowhere else
        if self.main_window is not None:
            self.main_window.remember()  # the new window starts with this one's settings
        try:
            window = self.open_window(path, read_only=read_only)
        except PasswordRequired as refusal:
            log.info("%s asks for a password", path)
            if self.window is None:
                self.show_start()  # behind the dialog: cancelled, a window stays
            self.ask_connect(ServerFields.of(str(path)), str(refusal), read_only)
            return False
        except (StorageError, ConfigurationError) as error:
            # ConfigurationError: a server's address without psycopg installed, say.
            log.warning("cannot open %s: %s", path, error)
            self._open_failed(path, read_only, error)
            return False
        self.adopt(window)
        return True

    def adopt(self, window: MainWindow) -> None:
        """Show `window`, opened on its database, in the current window's place."""
        self.recent.add(window.reader.location, read_only=window.read_only)
        self._listen(window.file_menu)
        window.scratchRequested.connect(self.simulate_in_scratch)
        # A read-only window that read the file alone: a writer came, open it again to see.
        window.reopenRequested.connect(
            lambda: self.open(window.reader.location, read_only=True))
        self._replace_with(window)

    def _replace_with(self, window: QMainWindow) -> None:
        old, self.window = self.window, window
        if isinstance(old, MainWindow) and isinstance(window, MainWindow):
            window.restoreGeometry(old.saveGeometry())  # the same place, another database
        window.show()
        if old is not None:
            old.close()  # a MainWindow stops its engine and closes its database

    def _listen(self, menu: FileMenu) -> None:
        menu.newRequested.connect(self.new_database)
        menu.openRequested.connect(self.ask_open)
        menu.connectRequested.connect(self.ask_connect)
        menu.recentRequested.connect(self.open_recent)
        menu.sampleRequested.connect(self.open_sample)
        menu.saveCopyRequested.connect(self.save_copy)
        menu.exportRequested.connect(self.export_events)
        menu.quitRequested.connect(self.quit)

    # -- the File menu's requests ------------------------------------------------------------

    @Slot()
    def new_database(self) -> None:
        path = self.chooser.new(self._parent(), "New database", "bookshelf.db")
        if path is None:
            return
        path = _with_suffix(path)
        if Path(path).exists():
            # New never replaces a file: it may be a database with everything in it.
            self.dialog = QMessageBox(QMessageBox.Icon.Information, "New database",
                                      f"{path} already exists. Open it instead?",
                                      QMessageBox.StandardButton.Open
                                      | QMessageBox.StandardButton.Cancel, self._parent())
            self.dialog.setObjectName("newExistsDialog")
            self.dialog.accepted.connect(lambda: self.open(path))
            self.dialog.open()
            return
        self.open(path)

    @Slot(bool)
    def ask_open(self, read_only: bool) -> None:
        title = "Open read-only" if read_only else "Open database"
        path = self.chooser.existing(self._parent(), title)
        if path is not None:
            self.open(path, read_only)

    @Slot()
    def ask_connect(self, fields: ServerFields | None = None,
                    password_reason: str | None = None, read_only: bool = False) -> None:
        """File > Connect to server…: the dialog, filled with `fields` (else the server of
        the window, else the newest server in Recent); a window on the server once it let
        us in."""
        if fields is None:
            servers = [each.path for each in self.recent.entries() if each.on_server]
            shown = self.main_window.reader.location if self.main_window else ""
            known = shown if server_address(shown) else next(iter(servers), "")
            fields = ServerFields.of(known) if known else ServerFields()
        if self.connect_dialog is not None:
            self.connect_dialog.close()
        self.connect_dialog = ConnectDialog(self._parent(), fields, password_reason)
        self.connect_dialog.connected.connect(
            lambda address: self.open(address, read_only=read_only))
        self.connect_dialog.open()

    @Slot(str)
    def open_recent(self, path: str) -> None:
        entry = next((each for each in self.recent.entries() if each.path == path), None)
        if server_address(path) is not None:
            self.open(path, read_only=entry is not None and entry.read_only)
            return
        if Path(path).is_file():
            self.open(path, read_only=entry is not None and entry.read_only)
            return
        self.dialog = QMessageBox(
            QMessageBox.Icon.Warning, "Recent database missing",
            f"{path} is not there any more (moved, renamed or deleted).\n\n"
            "Remove it from the recent databases?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self._parent())
        self.dialog.setObjectName("recentMissingDialog")
        self.dialog.accepted.connect(lambda: self._forget(path))
        self.dialog.open()

    def _forget(self, path: str) -> None:
        self.recent.remove(path)
        if isinstance(self.window, StartWindow):
            self.window.fill_recent()

    @Slot()
    def open_sample(self) -> None:
        """Open a fresh copy of the sample store (the one in resources/ stays as shipped)."""
        folder = default_database_path().parent / "samples"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        target = _unused(folder / f"sample-{stamp}.db")
        try:
            shutil.copyfile(SAMPLE, target)
        except OSError as error:
            self._open_failed(target, False, StorageError(
                f"the sample could not be copied to {target}: {error.strerror or error}"))
            return
        self.open(target)

    @Slot()
    def save_copy(self) -> None:
        window = self.main_window
        # A server's store is no file to copy (the File menu says so, disabled).
        if window is None or self.copy_job is not None or window.on_server:
            return
        suggested = f"{Path(window.reader.location).stem}-copy.db"
        chosen = self.chooser.new(window, "Save a copy", suggested)
        if chosen is None:
            return
        target = Path(_with_suffix(chosen))
        self.copy_progress = QProgressDialog("Saving a copy…", "", 0, 0, window)
        self.copy_progress.setObjectName("saveCopyProgress")
        self.copy_progress.setCancelButton(None)  # one step of SQLite: nothing to stop
        self.copy_progress.setMinimumDuration(300)
        self.copy_job = CopyJob(window.bookshelf.save_copy, target, self)
        self.copy_job.copied.connect(self._copied)
        self.copy_job.failed.connect(self._copy_failed)
        window.closing.connect(self.copy_job.wait)
        self.copy_job.start()

    @Slot(str, int)
    def _copied(self, target: str, size: int) -> None:
        self._copy_ended()
        if self.main_window is not None:
            self.main_window.statusBar().showMessage(
                f"Saved a copy to {target} ({size / 1_000_000:.1f} MB)", 10_000)

    @Slot(str, object)
    def _copy_failed(self, target: str, error: BaseException) -> None:
        self._copy_ended()
        self.dialog = QMessageBox(QMessageBox.Icon.Critical, "Save a copy",
                                  f"The copy could not be saved to {target}.\n\n{error}\n\n"
                                  "No file was written there; the database is unchanged.",
                                  QMessageBox.StandardButton.Close, self._parent())
        self.dialog.setObjectName("saveCopyFailedDialog")
        self.dialog.open()

    def _copy_ended(self) -> None:
        if self.copy_progress is not None:
            self.copy_progress.reset()
            self.copy_progress.deleteLater()
        if self.copy_job is not None:
            self.copy_job.deleteLater()  # its thread has ended: it said so
        self.copy_job = self.copy_progress = None

    @Slot()
    def export_events(self) -> None:
        """Export the events, all or what the event log's filters show (EventExport)."""
        window = self.main_window
        # One export at a time per window (one of a window since closed ended with it).
        if window is None or (self.export is not None and self.export.window is window):
            return
        suggested = f"{location_name(window.reader.location)}-events.jsonl"
        chosen = self.chooser.export(window, "Export events", suggested)
        if chosen is None:
            return
        self.export = EventExport(window, window.reader.location, window.reader.create_nothing,
                                  Path(chosen), window.event_log_model.selection,
                                  window.reader.resolve_event)
        self.export.said.connect(lambda text: window.statusBar().showMessage(text, 10_000))
        self.export.ended.connect(self._export_ended)
        window.closing.connect(self.export.wait)
        self.export.start()

    def _export_ended(self) -> None:
        self.export = None

    @Slot(str)
    def simulate_in_scratch(self, path: str) -> None:
        """Switch to the new scratch database at `path` and start the simulation there, with
        the settings it was started with. One that could not be opened is not kept."""
        if not self.open(path):
            scratch = Path(path)
            if scratch.is_file() and scratch.stat().st_size == 0:
                scratch.unlink()
            return
        window = self.main_window
        if window is not None:
            window.simulation_panel.start()

    @Slot()
    def quit(self) -> None:
        if self.window is not None:
            self.window.close()
        QApplication.quit()

    def shutdown(self) -> None:
        """At the application's end: the open database's window closes it."""
        if isinstance(self.window, MainWindow):
            self.window.shutdown()

    # -- failures ----------------------------------------------------------------------------

    def _open_failed(self, path: str | Path, read_only: bool,
                     error: StorageError | ConfigurationError) -> None:
        if self.window is None:
            self.show_start()  # behind the dialog: the program never runs without a window
        self.dialog = OpenFailureDialog(self._parent(), path, error,
                                        keeps_window=self.window is not None)
        dialog = self.dialog
        dialog.finished.connect(lambda _result: self._after_failure(dialog, path, read_only))
        dialog.open()

    def _after_failure(self, dialog: OpenFailureDialog, path: str | Path,
                       read_only: bool) -> None:
        choice = dialog.choice()
        if choice is OpenChoice.RETRY:
            self.open(path, read_only)
        elif choice is OpenChoice.OPEN_ANOTHER and server_address(str(path)) is not None:
            self.ask_connect(ServerFields.of(str(path)), read_only=read_only)  # to correct
        elif choice is OpenChoice.OPEN_ANOTHER:
            self.ask_open(read_only)
        elif choice is OpenChoice.QUIT:
            self.quit()

    def _parent(self) -> QWidget | None:
        return self.window


def _with_suffix(path: str) -> str:
    """A name typed without a suffix gets .db (the file dialogs' filter shows .db files)."""
    return path if Path(path).suffix else f"{path}.db"


def _unused(path: Path) -> Path:
    number = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
