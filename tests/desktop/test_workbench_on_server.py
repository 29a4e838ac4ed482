"""A PostgreSQL server is a place a window opens like a file (issue 16, item 7): through
File > Connect to server…, Recent and --db; the password typed for it is kept in memory and
never written to the Recent list, the settings, the log or a message."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QMainWindow

from desktop.app import location_argument
from desktop.files.connect_dialog import ConnectDialog
from desktop.files.file_menu import FileMenu
from desktop.files.open_failure import OpenFailureDialog
from desktop.files.recent import RecentDatabases
from desktop.files.server_fields import ServerFields
from desktop.main_window import location_name, window_title
from desktop.settings import app_settings
from desktop.start_page.window import StartWindow
from desktop.workbench import Workbench
from domain.core import StorageError
from domain.core.storage import credentials
from domain.core.storage.credentials import PasswordRequired
from tests.desktop.helpers import click, find, type_into
from tests.postgres_roles import PASSWORD

WAIT_MS = 10_000


class ServerWindow(QMainWindow):
    """What the workbench needs of a window open on a server (the PostgreSQL store and
    reader are not here yet to build a real one)."""

    scratchRequested = Signal(str)
    reopenRequested = Signal()

    def __init__(self, address: str, read_only: bool) -> None:
        super().__init__()
        self.reader = SimpleNamespace(location=address)
        self.read_only = read_only
        self.file_menu = FileMenu(self.menuBar(), RecentDatabases(), has_database=True,
                                  on_server=True)


class Opener:
    """The workbench's window factory: records what it was asked to open; refuses with
    the errors it is given first."""

    def __init__(self, *refusals: StorageError) -> None:
        self.asked: list[str] = []
        self.refusals = list(refusals)

    def __call__(self, path: str | Path, *, read_only: bool) -> ServerWindow:
        self.asked.append(str(path))
        if self.refusals:
            raise self.refusals.pop(0)
        return ServerWindow(str(path), read_only)


@pytest.fixture
def bench(qtbot) -> Iterator[tuple[Workbench, Opener]]:
    opener = Opener()
    made = Workbench(opener)  # type: ignore[arg-type]
    yield made, opener
    if made.window is not None:
        made.window.close()


def settings_text() -> str:
    settings = app_settings()
    settings.sync()
    path = Path(settings.fileName())
    return path.read_text() if path.exists() else ""


def test_connecting_with_a_typed_password_keeps_it_out_of_recent_settings_and_the_log(
        qtbot, bench, guarded: str, caplog: pytest.LogCaptureFixture) -> None:
    workbench, opener = bench
    caplog.set_level(logging.DEBUG)
    workbench.ask_connect()
    dialog = workbench.connect_dialog
    assert isinstance(dialog, ConnectDialog)
    typed = ServerFields.of(guarded)
    for name in ("host", "port", "database", "user"):
        find(dialog, f"server{name.title()}", QLineEdit).setText(getattr(typed, name))

    click(qtbot, dialog, "serverConnect")
    qtbot.waitUntil(find(dialog, "serverPassword").isVisible, timeout=WAIT_MS)
    type_into(qtbot, dialog, "serverPassword", PASSWORD)
    click(qtbot, dialog, "serverConnect")
    qtbot.waitUntil(lambda: opener.asked == [guarded], timeout=WAIT_MS)

    assert [each.path for each in RecentDatabases().entries()] == [guarded]
    assert guarded in settings_text()
    for written in (settings_text(), caplog.text, workbench.window.windowTitle()):
        assert PASSWORD not in written and "horse" not in written
    assert credentials.password_for(guarded) == PASSWORD


def test_an_address_opened_with_a_password_in_it_is_opened_and_listed_without_it(
        bench) -> None:
    workbench, opener = bench

    workbench.open("postgresql://ann:secret@db:5432/shop")

    assert opener.asked == ["postgresql://ann@db:5432/shop"]
    assert [each.path for each in RecentDatabases().entries()] == \
        ["postgresql://ann@db:5432/shop"]
    assert "secret" not in settings_text()
    assert credentials.password_for("postgresql://ann@db:5432/shop") == "secret"
    credentials.forget("postgresql://ann@db:5432/shop")


def test_a_server_that_asks_for_a_password_on_opening_gets_the_connect_dialog_asking(
        bench) -> None:
    workbench, opener = bench
    opener.refusals.append(PasswordRequired(
        "postgresql://ann@db:5432/shop: the server asks for a password"))

    assert not workbench.open("postgresql://ann@db:5432/shop")

    dialog = workbench.connect_dialog
    assert dialog is not None and dialog.asking_password
    assert find(dialog, "serverHost", QLineEdit).text() == "db"
    assert find(dialog, "serverUser", QLineEdit).text() == "ann"
    assert workbench.dialog is None  # no failure dialog on top


def test_a_server_asking_for_a_password_at_start_leaves_the_start_page_behind_the_dialog(
        bench) -> None:
    workbench, opener = bench
    RecentDatabases().add("postgresql://ann@db:5432/shop")
    opener.refusals.append(PasswordRequired("postgresql://ann@db:5432/shop: refused"))

    workbench.start()

    assert isinstance(workbench.window, StartWindow)
    assert workbench.connect_dialog is not None and workbench.connect_dialog.asking_password


def test_a_server_that_cannot_be_reached_names_it_and_offers_to_connect_to_another(
        bench) -> None:
    workbench, opener = bench
    opener.refusals.append(StorageError(
        "postgresql://ann@db:5432/shop: could not connect (Connection refused)"))

    workbench.open("postgresql://ann:secret@db:5432/shop")

    dialog = workbench.dialog
    assert isinstance(dialog, OpenFailureDialog)
    assert dialog.text().startswith("postgresql://ann@db:5432/shop could not be opened.")
    assert "Nothing was changed on the server" in dialog.informativeText()
    assert find(dialog, "openAnother").text() == "&Connect to another…"
    assert "secret" not in dialog.text() + dialog.informativeText()
    click_another = find(dialog, "openAnother")
    click_another.click()
    assert workbench.connect_dialog is not None
    assert find(workbench.connect_dialog, "serverDatabase", QLineEdit).text() == "shop"
    credentials.forget("postgresql://ann@db:5432/shop")


def test_a_recent_server_opens_again_from_the_list_and_at_start(bench) -> None:
    workbench, opener = bench
    RecentDatabases().add("postgresql://ann@db:5432/shop", read_only=True)

    workbench.start()
    workbench.open_recent("postgresql://ann@db:5432/shop")

    assert opener.asked == ["postgresql://ann@db:5432/shop"] * 2
    assert workbench.window.read_only


def test_a_recent_server_is_listed_by_its_address_and_never_missing() -> None:
    recent = RecentDatabases()
    recent.add("postgresql://ann:secret@db:5432/shop")

    [entry] = recent.entries()

    assert entry.path == "postgresql://ann@db:5432/shop"
    assert entry.exists and entry.on_server
    assert entry.label == "postgresql://ann@db:5432/shop — server"
    assert recent.last() == entry


def test_connect_starts_from_the_newest_server_in_recent(bench) -> None:
    workbench, _opener = bench
    RecentDatabases().add("postgresql://ann@db:6543/shop")

    workbench.ask_connect()

    dialog = workbench.connect_dialog
    assert dialog is not None and not dialog.asking_password
    assert find(dialog, "serverPort", QLineEdit).text() == "6543"


def test_save_a_copy_is_disabled_on_a_server_saying_why(bench) -> None:
    workbench, _opener = bench
    workbench.open("postgresql://ann@db:5432/shop")

    save_copy = workbench.window.file_menu.menu.findChild(object, "actionSaveCopy")

    assert not save_copy.isEnabled()
    assert "bookshelf copy" in save_copy.statusTip()


def test_the_title_names_the_server_without_its_password() -> None:
    assert window_title("postgresql://ann@db:5432/shop", read_only=False) == \
        "postgresql://ann@db:5432/shop — Bookshelf Events"
    assert window_title("postgresql://ann@db:5432/shop", read_only=True) == \
        "postgresql://ann@db:5432/shop — Read-only — Bookshelf Events"
    assert location_name("postgresql://ann@db:5432/shop") == "shop"
    assert location_name("/home/ann/shop.db") == "shop"


def test_db_takes_a_server_address_keeping_its_password_in_memory_only() -> None:
    assert location_argument("postgresql://ann:secret@db:5432/shop") == \
        "postgresql://ann@db:5432/shop"
    assert credentials.password_for("postgresql://ann@db:5432/shop") == "secret"
    credentials.forget("postgresql://ann@db:5432/shop")
    assert location_argument("shop.db") == Path("shop.db")


def test_a_window_on_a_file_loads_no_postgresql_client(database_path: Path) -> None:
    program = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desktop.app import create_main_window\n"
        f"window = create_main_window({str(database_path)!r})\n"
        "window.shutdown()\n"
        "print(sorted(name for name in sys.modules if name.startswith('psycopg') or "
        "'storage.postgres' in name))\n")

    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True, env={**__import__("os").environ,
                                             "QT_QPA_PLATFORM": "offscreen"})

    assert loaded.stdout.strip() == "[]"
