"""File > Export events…: the same bytes as `bookshelf export` for the same filter, the
choice between all events and what the filters show, Cancel, and a bad place (issue 14,
item 5)."""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from desktop.export.export_job import ExportJob
from desktop.main_window import MainWindow
from desktop.workbench import Workbench
from domain.bookshelf import open_bookshelf
from domain.bookshelf.commands import AddBook
from domain.cli import main as cli
from domain.readside.export import ExportProgress, export_events


def a_database(path: Path) -> Path:
    with open_bookshelf(path) as shop:
        for title in ("Dune", 'Commas, "quotes" — Émile', "Emma"):
            shop.process(AddBook(title=title, author="A. Writer", price_amount=9.5))
    return path


def exported(qtbot, window: MainWindow) -> str:
    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10_000,
                          check_params_cb=lambda text: text.startswith("Export")) as said:
        window.file_menu.exportRequested.emit()
    return str(said.args[0])


def click_button(qtbot, bench: Workbench, name: str) -> None:
    qtbot.waitUntil(lambda: bench.export is not None and bench.export.question is not None)
    assert bench.export is not None and bench.export.question is not None
    bench.export.question.findChild(QPushButton, name).click()


def test_export_is_offered_with_a_database_and_not_on_the_start_page(workbench,
                                                                     tmp_path: Path) -> None:
    bench = workbench()
    bench.show_start()
    assert not bench.window.findChild(QAction, "actionExportEvents").isEnabled()

    bench.open(a_database(tmp_path / "shelf.db"))

    assert bench.window.findChild(QAction, "actionExportEvents").isEnabled()


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_an_unfiltered_log_exports_every_event_as_bookshelf_export_does(
        workbench, qtbot, tmp_path: Path, suffix: str) -> None:
    database = a_database(tmp_path / "shelf.db")
    target = tmp_path / f"window.{suffix}"
    bench = workbench(target)
    bench.start(database)

    said = exported(qtbot, bench.main_window)

    assert said.startswith(f"Exported 3 events to {target}")
    assert cli(["export", "--format", suffix, str(tmp_path / f"cli.{suffix}"),
                "--db", str(database)]) == 0
    assert target.read_bytes() == (tmp_path / f"cli.{suffix}").read_bytes()


def test_what_the_filters_show_is_exported_as_bookshelf_export_filters_it(
        workbench, qtbot, tmp_path: Path) -> None:
    database = a_database(tmp_path / "shelf.db")
    target = tmp_path / "window.csv"
    bench = workbench(target)
    bench.start(database)
    window = bench.main_window
    window.event_log_panel.text_filter.setText("émile")
    window.event_log_panel.apply_filters_now()

    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10_000,
                          check_params_cb=lambda text: text.startswith("Export")) as said:
        window.file_menu.exportRequested.emit()
        click_button(qtbot, bench, "exportFiltered")

    assert str(said.args[0]).startswith("Exported 1 events")
    assert cli(["export", "--format", "csv", str(tmp_path / "cli.csv"), "--text", "émile",
                "--db", str(database)]) == 0
    assert target.read_bytes() == (tmp_path / "cli.csv").read_bytes()


def test_all_events_can_be_chosen_while_the_log_is_filtered(workbench, qtbot,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    bench = workbench(target)
    bench.start(a_database(tmp_path / "shelf.db"))
    window = bench.main_window
    window.event_log_panel.text_filter.setText("Emma")
    window.event_log_panel.apply_filters_now()

    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10_000,
                          check_params_cb=lambda text: text.startswith("Export")):
        window.file_menu.exportRequested.emit()
        click_button(qtbot, bench, "exportAll")

    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_a_cancelled_export_leaves_nothing_and_says_so(workbench, qtbot, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("desktop.export.export_job.export_events",
                        partial(export_events, page_size=1))
    gate = threading.Event()
    pass_on = ExportJob._progressed

    def held(job: ExportJob, progress: ExportProgress) -> None:
        gate.wait(10)  # the first page waits for Cancel: the export is under way
        pass_on(job, progress)

    monkeypatch.setattr(ExportJob, "_progressed", held)
    target = tmp_path / "cancelled.csv"
    bench = workbench(target)
    bench.start(a_database(tmp_path / "shelf.db"))
    window = bench.main_window

    with qtbot.waitSignal(window.statusBar().messageChanged, timeout=10_000,
                          check_params_cb=lambda text: text.startswith("Export")) as said:
        window.file_menu.exportRequested.emit()
        assert bench.export is not None and bench.export.progress is not None
        bench.export.progress.findChild(QPushButton).click()  # its Cancel
        gate.set()

    assert str(said.args[0]) == f"Export cancelled: nothing was written to {target}"
    assert sorted(each.name for each in tmp_path.iterdir()) == [
        "shelf.db", "shelf.db-shm", "shelf.db-wal"]
    assert bench.export is None  # another export may start


def test_an_export_to_a_folder_that_does_not_exist_says_so_before_it_starts(
        workbench, qtbot, tmp_path: Path) -> None:
    bench = workbench(tmp_path / "missing" / "events.csv")
    bench.start(a_database(tmp_path / "shelf.db"))

    bench.main_window.file_menu.exportRequested.emit()

    assert bench.export is not None and bench.export.dialog is not None
    text = bench.export.dialog.text()
    assert "does not exist" in text and "No file was written" in text
    assert bench.export.job is None  # nothing was started
    assert not (tmp_path / "missing").exists()


def test_a_name_without_a_known_suffix_is_refused(workbench, qtbot, tmp_path: Path) -> None:
    bench = workbench(tmp_path / "events.txt")
    bench.start(a_database(tmp_path / "shelf.db"))

    bench.main_window.file_menu.exportRequested.emit()

    assert bench.export is not None and bench.export.dialog is not None
    assert "name a .jsonl (JSON Lines) or .csv file" in bench.export.dialog.text()
    assert not (tmp_path / "events.txt").exists()
