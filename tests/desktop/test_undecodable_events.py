"""A window opens on a file holding undecodable events and shows them raw (issue 9, item 4)."""

from __future__ import annotations

from pathlib import Path

from domain.bookshelf import AddBook, open_bookshelf
from tests.integration.undecodable import BOOK_ADDED, UNKNOWN_TYPE, append_undecodable


def test_a_window_opens_on_undecodable_events_and_its_event_log_holds_them_raw(
        open_window, database_path: Path, qtbot) -> None:
    with open_bookshelf(database_path) as shop:
        shop.process(AddBook(title="Dune", author="Frank Herbert", price_amount=9.5))
    unknown, extra = append_undecodable(database_path)

    window = open_window(database_path)

    model = window.event_log_model
    qtbot.waitUntil(lambda: model.rowCount() >= 3, timeout=5000)
    rows = {model.row_at(row).position: model.row_at(row) for row in range(model.rowCount())}
    assert rows[unknown].type == UNKNOWN_TYPE
    assert rows[unknown].payload == {"what": "no class takes this"}
    assert rows[extra].type == BOOK_ADDED
    assert rows[extra].payload["subtitle"] == "Book one"
