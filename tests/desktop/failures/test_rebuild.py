"""Rebuild… while commands are written: a warning, progress, and a Cancel that changes nothing."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.failures.dialog import FailuresDialog
from domain.core.runtime import dispatcher as dispatcher_module
from domain.core.runtime import rebuild as rebuild_module
from tests.desktop.helpers import HOLD_S
from tests.desktop.opened_bookshelf import WAIT_S, Opened, add_book

WAIT_MS = WAIT_S * 1000
PAGE = 10
BOOKS = 3 * PAGE  # three pages, the last applied in the swap's transaction


class Pause:
    """Holds the rebuild's thread at its first page, outside any transaction, until
    released: commands committed meanwhile come between the rebuild's pages."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.released = threading.Event()

    def wrap(self, rebuild: Callable[..., int]) -> Callable[..., int]:
        def paused(names: Collection[str], progress: Callable[[int, int], None],
                   cancelled: Callable[[], bool]) -> int:
            def first_waits(done: int, total: int) -> None:
                if not self.released.is_set():
                    self.reached.set()
                    self.released.wait(HOLD_S)
                progress(done, total)
            return rebuild(names, progress=first_waits, cancelled=cancelled)
        return paused


@pytest.fixture
def pause(opened: Opened, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pause]:
    """Pages of ten events, a store of three pages of books, and the rebuild paused."""
    monkeypatch.setattr(dispatcher_module, "CATCH_UP_PAGE", PAGE)
    monkeypatch.setattr(rebuild_module, "CLOSE_ENOUGH", PAGE)
    for number in range(BOOKS):
        add_book(opened.engine, f"Before {number}")
    assert opened.engine.wait_delivered(WAIT_S)
    paused = Pause()
    monkeypatch.setattr(opened.bookshelf, "rebuild_projections",
                        paused.wrap(opened.bookshelf.rebuild_projections))
    yield paused
    paused.released.set()


def start_rebuild(qtbot, opened: Opened, pause: Pause, name: str) -> FailuresDialog:
    """Open the dialog, choose `name`, press Rebuild…, accept the warning, and wait until
    the rebuild is held at its first page."""
    dialog = FailuresDialog(opened.bookshelf, opened.bridge, opened.reader)
    qtbot.addWidget(dialog)
    dialog.show()
    section = dialog.projections
    row = next(row for row in range(section.model.rowCount())
               if section.model.index(row, 0).data() == name)
    section.table.selectRow(row)
    qtbot.mouseClick(section.rebuild_button, Qt.MouseButton.LeftButton)
    question = section.question
    assert question is not None and question.isVisible()
    assert question.text() == f"Rebuild {name} from all {BOOKS} events?"
    assert "Cancel leaves the projection as it was" in question.informativeText()
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(question.findChild(QPushButton, "rebuildQuestionYes"),
                     Qt.MouseButton.LeftButton)
    assert pause.reached.wait(HOLD_S), "the rebuild did not start"
    assert section.progress is not None and section.progress.isVisible()
    assert not section.rebuild_button.isEnabled()  # one rebuild at a time
    return dialog


def catalog_titles(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return sorted(row[0] for row in connection.execute("SELECT title FROM projection_catalog"))


def leftovers(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE name LIKE '%\\_\\_rebuild\\_%' ESCAPE '\\'")]


def write_books(opened: Opened, prefix: str, count: int) -> list[Any]:
    return [add_book(opened.engine, f"{prefix} {number}") for number in range(count)]


def test_commands_written_during_a_rebuild_all_land_in_the_rebuilt_projection(
        qtbot, opened: Opened, pause: Pause, database_path: Path) -> None:
    generation = opened.reader.generation()
    dialog = start_rebuild(qtbot, opened, pause, "projection.catalog")

    write_books(opened, "During", 12)  # committed while the rebuild waits between pages
    pause.released.set()
    write_books(opened, "Racing", 5)  # and while it goes on
    qtbot.waitUntil(lambda: dialog.message.text().startswith("projection.catalog was rebuilt"),
                    timeout=WAIT_MS)
    write_books(opened, "After", 2)  # into the new tables
    assert opened.engine.wait_delivered(WAIT_S)

    assert not dialog.projections.progress.isVisible()
    assert opened.reader.generation() > generation  # swapped in
    titles = catalog_titles(database_path)
    assert len(titles) == BOOKS + 12 + 5 + 2 == opened.reader.type_counts()[
        "Bookshelf.BookAdded.v1"]
    assert len(set(titles)) == len(titles)  # no book applied twice
    report = opened.bookshelf.check()
    assert report.ok, [finding.message for finding in report.problems]
    assert leftovers(database_path) == []
    assert dialog.projections.rebuild_button.isEnabled()


def test_cancel_leaves_the_projection_as_it_was_and_still_kept_up_to_date(
        qtbot, opened: Opened, pause: Pause, database_path: Path) -> None:
    generation = opened.reader.generation()
    dialog = start_rebuild(qtbot, opened, pause, "projection.catalog")
    write_books(opened, "During", 3)
    assert opened.engine.wait_delivered(WAIT_S)
    before = catalog_titles(database_path)

    progress = dialog.projections.progress
    assert progress is not None
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    pause.released.set()

    qtbot.waitUntil(lambda: dialog.message.text().startswith("The rebuild was cancelled"),
                    timeout=WAIT_MS)
    assert dialog.message.text() == (
        "The rebuild was cancelled: projection.catalog is as it was.")
    assert opened.reader.generation() == generation  # nothing swapped in
    assert catalog_titles(database_path) == before
    assert len(before) == BOOKS + 3  # the old tables went on being kept up to date
    assert leftovers(database_path) == []
    write_books(opened, "After", 1)
    assert opened.engine.wait_delivered(WAIT_S)
    assert len(catalog_titles(database_path)) == BOOKS + 4
