"""The start window: what a person can do before any database is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.diagnostics.log_file import current_log_file
from desktop.diagnostics.log_folder_action import open_log_folder_action
from desktop.files.file_menu import FileMenu
from desktop.files.recent import RecentDatabases
from desktop.look.appearance import appearance_menu

PATH_ROLE = Qt.ItemDataRole.UserRole


class StartWindow(QMainWindow):
    """New, Open, Open read-only, Connect to server, Open sample and the recent databases,
    as buttons and a list; the same requests as its File menu, which the workbench
    answers."""

    def __init__(self, recent: RecentDatabases, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startWindow")
        self.setWindowTitle("Bookshelf Events")
        self.file_menu = FileMenu(self.menuBar(), recent, has_database=False)
        self.recent = recent
        # The window-wide choices that need no database are here before one is open.
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addMenu(appearance_menu(self))
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(open_log_folder_action(self, current_log_file()))

        heading = QLabel("<h2>Bookshelf Events</h2>"
                         "<p>Run the bookshelf domain and watch its events happen.<br>"
                         "Open a database to start, or try the sample.</p>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        buttons = QHBoxLayout()
        first: QPushButton | None = None
        menu = self.file_menu
        for name, text, run in (
                ("startNew", "&New database…", menu.newRequested.emit),
                ("startOpen", "&Open database…", lambda: menu.openRequested.emit(False)),
                ("startOpenReadOnly", "Open &read-only…", lambda: menu.openRequested.emit(True)),
                ("startConnect", "Connect to &server…", menu.connectRequested.emit),
                ("startSample", "Open s&ample", menu.sampleRequested.emit)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(run)
            buttons.addWidget(button)
            first = first or button
        buttons.addStretch(1)

        self.recent_list = QListWidget()
        self.recent_list.setObjectName("startRecent")
        self.recent_list.itemActivated.connect(self._open_item)
        recent_label = QLabel("Re&cent databases (Enter opens)")
        recent_label.setBuddy(self.recent_list)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent_list, stretch=1)
        self.setCentralWidget(page)
        self.resize(760, 480)
        self.fill_recent()
        if first is not None:
            first.setFocus()

    @Slot()
    def fill_recent(self) -> None:
        """The recent databases as the settings hold them now; a missing one says so."""
        self.recent_list.clear()
        for entry in self.recent.entries():
            item = QListWidgetItem(entry.label)
            item.setData(PATH_ROLE, entry.path)
            item.setToolTip(entry.path)
            if not entry.exists:
                item.setForeground(self.palette().placeholderText())
            self.recent_list.addItem(item)
        if self.recent_list.count():
            self.recent_list.setCurrentRow(0)
        else:
            empty = QListWidgetItem("No database opened yet: New, Open or the sample above.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(empty)

    @Slot(QListWidgetItem)
    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.file_menu.recentRequested.emit(path)
