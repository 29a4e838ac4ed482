"""The workbench: starting with or without a database, switching, New, Open, Recent, the
sample, read-only windows, Save a copy, and the dialogs of a file that cannot be opened
(issue 12, item 1)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.app import create_main_window
from desktop.files.open_failure import OpenFailureDialog
from desktop.files.recent import RecentDatabases
from desktop.main_window import MainWindow
from desktop.start_page.window import StartWindow
from desktop.workbench import FileChooser, Workbench
from domain.bookshelf import open_bookshelf
from domain.bookshelf.commands import AddBook
from tests.desktop.helpers import click, find, type_into

LOCK_HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
"""


class AnsweringChooser(FileChooser):
    """Answers the file dialogs with the paths a test gives, in order."""

    def __init__(self, *answers: Path | None) -> None:
        super().__init__(Path("."))
        self.answers = list(answers)
        self.titles: list[str] = []

    def existing(self, parent, title: str) -> str | None:
        return self._next(title)

    def new(self, parent, title: str, suggested: str) -> str | None:
        return self._next(title)

    def export(self, parent, title: str, suggested: str) -> str | None:
        return self._next(title)

    def _next(self, title: str) -> str | None:
        self.titles.append(title)
        answer = self.answers.pop(0)
        return None if answer is None else str(answer)


@pytest.fixture
def workbench(qtbot) -> Iterator[Callable[..., Workbench]]:
    made: list[Workbench] = []

    def make(*answers: Path | None) -> Workbench:
        def open_window(path, *, read_only: bool) -> MainWindow:
            window = create_main_window(path, read_only=read_only)
            qtbot.addWidget(window)
            return window

        bench = Workbench(open_window, AnsweringChooser(*answers))
        made.append(bench)
        return bench

    yield make
    for bench in made:
        if bench.window is not None:
            bench.window.close()
        bench.shutdown()


def a_database(path: Path, titles: tuple[str, ...] = ("Dune",)) -> Path:
    with open_bookshelf(path) as shop:
        for title in titles:
            shop.process(AddBook(title=title, author="Frank Herbert", price_amount=9.5))
    return path


def titles_shown(window: MainWindow) -> set[str]:
    model = window.catalog_model
    return {model.index(row, 0).data() for row in range(model.rowCount())}


def test_with_no_database_and_nothing_recent_it_shows_the_start_page(workbench) -> None:
    bench = workbench()

    bench.start()

    assert isinstance(bench.window, StartWindow)
    assert bench.window.isVisible()


def test_it_opens_the_database_opened_last_when_started_without_one(workbench, tmp_path: Path
                                                                    ) -> None:
    RecentDatabases().add(a_database(tmp_path / "last.db"))
    bench = workbench()

    bench.start()

    assert isinstance(bench.window, MainWindow)
    assert bench.window.windowTitle() == f"last.db ({tmp_path}) — Bookshelf Events"


def test_open_switches_to_another_database_in_the_same_size_and_closes_the_first(
        workbench, qtbot, tmp_path: Path) -> None:
    second = a_database(tmp_path / "second.db", ("Emma",))
    bench = workbench(second)
    bench.start(a_database(tmp_path / "first.db"))
    first = bench.main_window
    assert first is not None
    first.resize(780, 640)  # within the offscreen screen (800×800): nothing is clamped
    size = (first.width(), first.height())

    first.file_menu.openRequested.emit(False)

    switched = bench.main_window
    assert switched is not None and switched is not first
    assert titles_shown(switched) == {"Emma"}
    assert "second.db" in switched.windowTitle()
    assert (switched.width(), switched.height()) == size
    assert not first.engine.running  # the first database is closed
    assert [each.path for each in RecentDatabases().entries()] == [
        str(second), str(tmp_path / "first.db")]


def test_the_start_page_lists_the_recent_databases_and_enter_opens_one(
        workbench, qtbot, tmp_path: Path) -> None:
    RecentDatabases().add(a_database(tmp_path / "older.db"))
    RecentDatabases().add(a_database(tmp_path / "newer.db", ("Emma",)))
    bench = workbench()
    bench.show_start()
    start = bench.window
    assert isinstance(start, StartWindow)
    labels = [start.recent_list.item(row).text() for row in range(start.recent_list.count())]
    assert labels == [f"newer.db ({tmp_path})", f"older.db ({tmp_path})"]

    start.recent_list.itemActivated.emit(start.recent_list.item(1))

    assert bench.main_window is not None
    assert titles_shown(bench.main_window) == {"Dune"}


def test_a_recent_database_that_is_gone_says_so_and_can_be_removed(workbench, tmp_path: Path
                                                                   ) -> None:
    gone = a_database(tmp_path / "gone.db")
    RecentDatabases().add(gone)
    gone.unlink()
    bench = workbench()
    bench.show_start()
    assert RecentDatabases().entries()[0].label.endswith("— missing")

    bench.window.file_menu.recentRequested.emit(str(gone))

    dialog = bench.dialog
    assert dialog is not None and dialog.objectName() == "recentMissingDialog"
    assert "is not there any more" in dialog.text()
    dialog.button(QMessageBox.StandardButton.Yes).click()
    assert RecentDatabases().entries() == []
    assert isinstance(bench.window, StartWindow)


def test_open_sample_opens_a_copy_of_the_sample_store(workbench, qtbot) -> None:
    bench = workbench()
    bench.show_start()

    click(qtbot, bench.window, "startSample")

    window = bench.main_window
    assert window is not None
    assert window.reader.last_position() > 100
    assert "sample-" in window.windowTitle()
    shipped = Path(__file__).resolve().parents[2] / "resources" / "sample.db"
    assert Path(window.reader.location) != shipped


def test_new_database_creates_it_and_a_name_without_suffix_gets_db(workbench, tmp_path: Path
                                                                   ) -> None:
    bench = workbench(tmp_path / "fresh")
    bench.show_start()

    bench.window.file_menu.newRequested.emit()

    assert bench.main_window is not None
    assert Path(bench.main_window.reader.location) == tmp_path / "fresh.db"
    assert titles_shown(bench.main_window) == set()


def test_new_database_never_replaces_an_existing_file_and_offers_to_open_it(
        workbench, tmp_path: Path) -> None:
    existing = a_database(tmp_path / "kept.db")
    bench = workbench(existing)
    bench.show_start()

    bench.window.file_menu.newRequested.emit()

    dialog = bench.dialog
    assert dialog is not None and "already exists" in dialog.text()
    dialog.button(QMessageBox.StandardButton.Open).click()
    assert bench.main_window is not None
    assert titles_shown(bench.main_window) == {"Dune"}


def test_a_file_that_cannot_be_opened_leaves_the_open_window_and_offers_another(
        workbench, tmp_path: Path) -> None:
    foreign = tmp_path / "contacts.db"
    with closing(sqlite3.connect(foreign)) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    bench = workbench(foreign, tmp_path / "other.db")
    bench.start(a_database(tmp_path / "mine.db"))
    first = bench.main_window

    first.file_menu.openRequested.emit(False)

    dialog = bench.dialog
    assert isinstance(dialog, OpenFailureDialog)
    assert "another program" in dialog.text()
    names = {button.objectName() for button in dialog.findChildren(QPushButton)}
    assert names == {"openAnother", "openQuit", "openCancel"}  # no Retry: not a lock
    assert bench.main_window is first and first.engine.running
    find(dialog, "openAnother", QPushButton).click()
    assert bench.main_window is not first
    assert "other.db" in bench.main_window.windowTitle()


@pytest.mark.slow
def test_a_locked_file_is_reported_within_a_second_and_retry_opens_it_once_free(
        workbench, tmp_path: Path) -> None:
    path = a_database(tmp_path / "locked.db")
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        bench = workbench()
        started = time.monotonic()
        assert not bench.open(path)
        took = time.monotonic() - started
        dialog = bench.dialog
        assert isinstance(dialog, OpenFailureDialog)
        assert "is locked by another program" in dialog.text()
        assert took < 1.0
    finally:
        holder.communicate("\n", timeout=10)  # lets go of the lock and ends

    find(dialog, "openRetry", QPushButton).click()

    assert bench.main_window is not None
    assert titles_shown(bench.main_window) == {"Dune"}


def test_a_read_only_window_disables_writing_and_creates_no_file(workbench, qtbot,
                                                                 tmp_path: Path) -> None:
    path = a_database(tmp_path / "archive.db")
    before = sorted(each.name for each in tmp_path.iterdir())
    bench = workbench(path)
    bench.show_start()

    click(qtbot, bench.window, "startOpenReadOnly")

    window = bench.main_window
    assert window is not None and window.read_only
    assert window.windowTitle() == f"archive.db ({tmp_path}) — Read-only — Bookshelf Events"
    assert titles_shown(window) == {"Dune"}
    assert not window.catalog_panel.form.isEnabled()
    assert not window.orders_panel.form.isEnabled()
    assert not window.simulation_panel.isEnabled()
    window.orders_panel.table.selectRow(0)
    assert not find(window, "orderConfirm").isEnabled()
    window.event_log_panel.table.selectRow(0)  # Show trace waits for an event, read-only or not
    writing = [action.objectName() for action in window.shortcut_actions
               if not action.isEnabled()]
    assert sorted(writing) == sorted(["actionNewBook", "actionNewOrder", "actionPlaceOrder",
                                      "actionConfirmOrder", "actionShipOrder"])
    window.close()
    assert sorted(each.name for each in tmp_path.iterdir()) == before


def test_a_read_only_window_sees_what_another_program_commits(workbench, qtbot,
                                                              tmp_path: Path) -> None:
    path = a_database(tmp_path / "shared.db")
    with open_bookshelf(path) as writer:  # -wal and -shm exist while a writer has it open
        bench = workbench()
        assert bench.open(path, read_only=True)
        window = bench.main_window
        assert window is not None and not window.reader.frozen
        writer.process(AddBook(title="Emma", author="Jane Austen", price_amount=7.0))
        qtbot.waitUntil(lambda: titles_shown(window) == {"Dune", "Emma"}, timeout=3000)


def test_save_a_copy_while_writing_gives_a_whole_database(workbench, qtbot, tmp_path: Path
                                                          ) -> None:
    path = a_database(tmp_path / "live.db", tuple(f"Book {n}" for n in range(50)))
    copy = tmp_path / "backup"
    bench = workbench(copy)
    bench.start(path)
    window = bench.main_window
    type_into(qtbot, window, "bookTitle", "Written meanwhile")
    type_into(qtbot, window, "bookAuthor", "Someone")
    type_into(qtbot, window, "bookPrice", "3")
    click(qtbot, window, "bookAdd")

    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10_000,
                          check_params_cb=lambda text: text.startswith("Saved a copy")):
        window.file_menu.saveCopyRequested.emit()

    with open_bookshelf(tmp_path / "backup.db") as copied:
        assert copied.check().ok
    with closing(sqlite3.connect(tmp_path / "backup.db")) as connection:
        assert connection.execute("SELECT count(*) FROM book").fetchone()[0] >= 50
    assert not [each for each in tmp_path.iterdir() if each.name.endswith(".partial")]


def test_a_copy_that_cannot_be_written_says_so_and_leaves_nothing(workbench, qtbot,
                                                                  tmp_path: Path) -> None:
    bench = workbench(tmp_path / "no such folder" / "copy.db")
    bench.start(a_database(tmp_path / "live.db"))

    bench.main_window.file_menu.saveCopyRequested.emit()

    qtbot.waitUntil(lambda: bench.dialog is not None, timeout=5000)
    assert "does not exist" in bench.dialog.text()
    assert "No file was written" in bench.dialog.text()
    assert not (tmp_path / "no such folder").exists()


def test_a_read_only_window_of_a_file_no_one_had_open_sees_a_writer_that_comes_later(
        workbench, qtbot, tmp_path: Path) -> None:
    path = a_database(tmp_path / "quiet.db")
    bench = workbench()
    assert bench.open(path, read_only=True)
    first = bench.main_window
    assert first is not None and first.reader.frozen  # the file alone: no -wal, no -shm

    with open_bookshelf(path) as writer:  # a program opens it to write
        writer.process(AddBook(title="Emma", author="Jane Austen", price_amount=7.0))
        qtbot.waitUntil(lambda: bench.main_window is not first
                        and titles_shown(bench.main_window) == {"Dune", "Emma"},
                        timeout=5000)
    assert bench.main_window.read_only


def test_save_a_copy_of_a_read_only_window_creates_no_file_beside_the_database(
        workbench, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    path = a_database(folder / "archive.db")
    bench = workbench(tmp_path / "copy.db")
    assert bench.open(path, read_only=True)
    window = bench.main_window

    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10_000,
                          check_params_cb=lambda text: text.startswith("Saved a copy")):
        window.file_menu.saveCopyRequested.emit()

    assert sorted(each.name for each in folder.iterdir()) == ["archive.db"]
    assert bench.main_window is window  # no writer was taken to have come


def test_a_database_opened_read_only_is_opened_read_only_again_from_recent_and_at_start(
        workbench, tmp_path: Path) -> None:
    path = a_database(tmp_path / "kept.db")
    first = workbench()
    assert first.open(path, read_only=True)
    assert RecentDatabases().entries()[0].label.endswith("— read-only")
    first.window.close()

    again = workbench()
    again.start()  # no --db: the database opened last, as it was opened

    assert again.main_window is not None and again.main_window.read_only
    again.show_start()
    again.window.file_menu.recentRequested.emit(str(path))
    assert again.main_window.read_only


def test_a_scratch_database_that_cannot_be_opened_is_not_left_behind(
        workbench, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch.db"
    scratch.touch()
    scratch.chmod(0o400)  # it cannot be written: opening it fails
    bench = workbench()
    bench.start(a_database(tmp_path / "mine.db"))

    bench.main_window.scratchRequested.emit(str(scratch))

    assert not scratch.exists()
    assert isinstance(bench.dialog, OpenFailureDialog)
