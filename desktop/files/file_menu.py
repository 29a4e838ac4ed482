"""The File menu: what a person can ask about database files, said as signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar

from desktop.files.recent import RecentDatabases

SERVER_COPY_NOTE = ("Save a copy makes a copy of a database file; a store on a server is "
                    "copied with `bookshelf copy --from ADDRESS --to FILE`")


class FileMenu(QObject):
    """Builds the File menu into a menu bar and says what was chosen; acts on nothing itself.

    The window that holds it does not know how databases are opened: the workbench, which
    owns the windows, listens (data flows up by signals only).

    Signals:
        newRequested(): File > New database…
        openRequested(bool): Open database… (False) or Open read-only… (True)
        connectRequested(): Connect to server…
        recentRequested(str): an entry of Recent databases (it may be missing)
        sampleRequested(): Open sample
        saveCopyRequested(): Save a copy…
        exportRequested(): Export events…
        quitRequested(): Quit
    """

    newRequested = Signal()
    openRequested = Signal(bool)
    connectRequested = Signal()
    recentRequested = Signal(str)
    sampleRequested = Signal()
    saveCopyRequested = Signal()
    exportRequested = Signal()
    quitRequested = Signal()

    def __init__(self, menu_bar: QMenuBar, recent: RecentDatabases,
                 has_database: bool, on_server: bool = False) -> None:
        """`has_database`: the window shows one (Save a copy and Export need it);
        `on_server`: it is on a PostgreSQL server (Save a copy copies files only)."""
        super().__init__(menu_bar)
        self.recent = recent
        self.menu = menu_bar.addMenu("&File")
        self.menu.setObjectName("menuFile")
        self.actions: list[QAction] = []
        self._add("actionNewDatabase", "&New database…", "Ctrl+N", self.newRequested.emit)
        self._add("actionOpenDatabase", "&Open database…", "Ctrl+O",
                  lambda: self.openRequested.emit(False))
        self._add("actionOpenReadOnly", "Open &read-only…", "Ctrl+Shift+R",
                  lambda: self.openRequested.emit(True))
        connect = self._add("actionConnectServer", "Connect to &server…", None,
                            self.connectRequested.emit)
        connect.setStatusTip("Open a store on a PostgreSQL server (host, port, database, "
                             "user; the password only if the server asks)")
        self.recent_menu = self.menu.addMenu("R&ecent databases")
        self.recent_menu.setObjectName("menuRecent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self._add("actionOpenSample", "Open s&ample database", None, self.sampleRequested.emit)
        self.menu.addSeparator()
        save_copy = self._add("actionSaveCopy", "Sa&ve a copy…", "Ctrl+Shift+S",
                              self.saveCopyRequested.emit)
        save_copy.setEnabled(has_database and not on_server)
        if on_server:
            # SQLite's backup copies a file; a server's store is copied by the command line.
            save_copy.setStatusTip(SERVER_COPY_NOTE)
            save_copy.setToolTip(SERVER_COPY_NOTE)
        export = self._add("actionExportEvents", "E&xport events…", None,
                           self.exportRequested.emit)
        export.setEnabled(has_database)
        export.setStatusTip("Write the events, all or those the filters show, as JSON Lines "
                            "or CSV")
        self.menu.addSeparator()
        # Spelled out: the platform's standard Quit is empty on some (offscreen among them).
        self._add("actionQuit", "&Quit", "Ctrl+Q", self.quitRequested.emit)
        self.fill_recent()

    def _add(self, name: str, text: str, keys: str | None, run: object) -> QAction:
        action = QAction(text, self.menu)
        action.setObjectName(name)
        if keys:
            action.setShortcut(QKeySequence(keys))
            self.actions.append(action)
        action.triggered.connect(run)
        self.menu.addAction(action)
        return action

    @Slot()
    def fill_recent(self) -> None:
        """The recent list as it is now (another window may have added to it)."""
        self.recent_menu.clear()
        entries = self.recent.entries()
        for number, entry in enumerate(entries, start=1):
            # &1..&9 then &0: each entry has a key of its own.
            prefix = f"&{number % 10} " if number <= 10 else ""
            action = self.recent_menu.addAction(prefix + entry.label.replace("&", "&&"))
            action.setObjectName(f"actionRecent{number}")
            action.setToolTip(entry.path)
            action.triggered.connect(
                lambda _checked=False, path=entry.path: self.recentRequested.emit(path))
        if not entries:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
