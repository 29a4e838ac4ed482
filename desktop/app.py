"""Starting the desktop application: the engine on its worker thread, the bridge, the window."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.bridge import Bridge
from desktop.diagnostics.exception_dialog import install_exception_dialog
from desktop.diagnostics.log_file import install_log_file
from desktop.look.appearance import apply_stored_appearance
from desktop.look.icon import window_icon
from desktop.main_window import MainWindow
from desktop.workbench import Workbench
from domain.bookshelf import Bookshelf
from domain.cli.database_argument import database_argument
from domain.core import ConfigurationError, StorageError
from domain.core.storage import is_server
from domain.core.storage.credentials import kept_apart

HEADLESS_PLATFORMS = ("offscreen", "minimal")
INTERRUPT_POLL_MS = 200


def create_main_window(database_path: str | Path, durability: str = "normal",
                       read_only: bool = False, **engine_options: Any) -> MainWindow:
    """Open `database_path` (a file, or a PostgreSQL server's address with no password in
    it: see credentials), start the engine and its bridge, and build the window.

    The event loop is not entered. Raises StorageError when the file cannot be used, and
    DatabaseLockedError within a second when another program holds its lock (a server's
    store has no file lock: PasswordRequired when it asks for a password). `durability`
    "full" syncs every commit to disk ("normal": power loss may undo the last ones).
    `read_only`: no engine, nothing written, no file created beside the database.
    `engine_options` go to the Engine (mailbox size, submit timeout...).
    """
    server = is_server(str(database_path))
    opened = Bookshelf(database_path, durability=durability)
    # Until the window owns them, a failure undoes what was opened, newest first: no
    # engine thread, subscriber or read connection outlives a window that was not built.
    with ExitStack() as undo:
        undo.callback(opened.close)
        if read_only:
            engine = None
            reader = opened.open_reader(create_nothing=True)
        else:
            # Opening needs no write: without this a locked file opens, and its first
            # command waits ten seconds before it is refused. A server locks no file.
            if not server:
                opened.refuse_locked()
            # The store is opened by the engine on its worker thread: no domain code
            # (catch-up delivery included) runs on the GUI thread.
            engine = opened.start_engine(**engine_options)
            reader = opened.open_reader()
        # The panels read what they show from here on; the feed brings what comes after.
        # What commits in between is both read and fed: each panel keeps a row once.
        shown_from = reader.last_position()
        bridge = Bridge(engine)
        bridge.attach(after=shown_from)
        undo.callback(bridge.detach)
        window = MainWindow(opened, bridge, reader, read_only=read_only)
        undo.pop_all()
    return window


def freeze_startup_objects() -> None:
    """Exempt everything built so far (Qt's modules, the window) from garbage collection.

    Python's full collections walk every tracked object; with Qt loaded that took up to
    21 ms on the GUI thread during an event flood (bench/ui.py), and 3.5 ms after this.
    The window lives as long as the process, so nothing frozen here was going to be freed.
    """
    gc.freeze()


def quit_on_interrupt(app: QApplication) -> QTimer:
    """Make SIGINT (Ctrl-C in the terminal) quit `app`, through the normal shutdown.

    The quit is queued: Qt ignores one made before its loop runs (a Ctrl-C while the window
    is being built). Python runs a signal handler between two bytecodes only, never while
    Qt's loop waits in C++: the returned timer calls into Python every INTERRUPT_POLL_MS.
    """
    signal.signal(signal.SIGINT, lambda _signum, _frame: QTimer.singleShot(0, app.quit))
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(INTERRUPT_POLL_MS)
    return timer


def location_argument(text: str) -> str | Path:
    """`--db`'s value: a SQLite file's path, or a PostgreSQL server's address, kept without
    its password (one written in it is remembered in memory: see credentials.kept_apart)."""
    return kept_apart(text) if is_server(text) else database_argument(text)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bookshelf", description="Bookshelf Events")
    parser.add_argument("--db", type=location_argument, default=None,
                        help="the SQLite database file, or a PostgreSQL server's address "
                             "postgresql://USER@HOST:PORT/DATABASE (default: the one opened "
                             "last, else the start page)")
    parser.add_argument("--read-only", action="store_true",
                        help="open the database read-only: nothing is written, no file is "
                             "created beside it")
    parser.add_argument("--durability", choices=("normal", "full"), default="normal",
                        help="normal (the default): power loss may undo the last commits; "
                             "full: every commit is synced to disk (slower)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Run the window on `--db PATH` (else the database opened last, else the start page)
    until it is closed."""
    arguments = parse_arguments(argv)
    log_path = install_log_file()  # warnings and errors, with tracebacks, in the log folder
    # instance() is typed as the QCoreApplication it could be; this program makes QApplications.
    app = cast("QApplication | None", QApplication.instance()) or QApplication(
        [sys.argv[0], *argv])
    app.setApplicationName("Bookshelf Events")
    app.setDesktopFileName("bookshelf-events")  # the installed .desktop entry's name
    app.setWindowIcon(window_icon())
    apply_stored_appearance(app)  # View > Appearance: the style sheet of the chosen scheme
    # An unexpected exception on the GUI thread is a dialog naming the log, not a vanishing.
    install_exception_dialog(app, log_path)
    quit_on_interrupt(app)

    def open_window(path: str | Path, *, read_only: bool) -> MainWindow:
        try:
            window = create_main_window(path, durability=arguments.durability,
                                        read_only=read_only)
        except (StorageError, ConfigurationError) as error:
            print(f"bookshelf: cannot open {path}: {error}", file=sys.stderr)
            raise
        return window

    workbench = Workbench(open_window, parent=app)
    if arguments.db is not None and app.platformName() in HEADLESS_PLATFORMS:
        # Nobody could answer the failure dialog there: a file that cannot be opened ends it.
        try:
            window = open_window(arguments.db, read_only=arguments.read_only)
        except (StorageError, ConfigurationError):
            return 2
        workbench.adopt(window)
    else:
        workbench.start(arguments.db, read_only=arguments.read_only)
    app.aboutToQuit.connect(workbench.shutdown)
    freeze_startup_objects()
    return app.exec()
