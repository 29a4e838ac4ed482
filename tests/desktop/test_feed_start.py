"""The window's feed starts where the window starts showing: history is read, never fed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from domain.bookshelf import AddBook, open_bookshelf
from domain.readside import EventRow

WAIT_MS = 10_000


def written_elsewhere(path: Path, books: int) -> None:
    """A store written by another program (`bookshelf simulate`, say): no "desktop" position."""
    with open_bookshelf(path) as other:
        for number in range(books):
            other.process(AddBook(title=f"Old {number}", author="A", price_amount=1.0))


def test_a_store_written_elsewhere_is_shown_and_only_new_events_are_fed(
        open_window: Callable[..., MainWindow], database_path: Path, qtbot: QtBot) -> None:
    written_elsewhere(database_path, 300)
    window = open_window(database_path)
    fed: list[EventRow] = []
    window.bridge.eventsDelivered.connect(fed.extend)

    window.engine.submit(AddBook(title="New", author="B", price_amount=2.0)).result(10)
    qtbot.waitUntil(lambda: any(row.position == 301 for row in fed), timeout=WAIT_MS)

    assert [row.position for row in fed] == [301]
    assert window.catalog_model.rowCount() == 301  # the history is shown, read from the store


def test_events_committed_while_the_window_was_closed_are_shown_not_fed(
        open_window: Callable[..., MainWindow], database_path: Path, qtbot: QtBot) -> None:
    first = open_window(database_path)
    first.engine.submit(AddBook(title="Seen", author="A", price_amount=1.0)).result(10)
    first.close()
    first.shutdown()
    written_elsewhere(database_path, 5)  # meanwhile, another program
    window = open_window(database_path)
    fed: list[EventRow] = []
    window.bridge.eventsDelivered.connect(fed.extend)

    window.engine.submit(AddBook(title="New", author="B", price_amount=2.0)).result(10)
    qtbot.waitUntil(lambda: any(row.position == 7 for row in fed), timeout=WAIT_MS)

    assert [row.position for row in fed] == [7]
    assert window.event_log_model.rowCount() == 7
