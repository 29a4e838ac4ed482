"""An event with nested payload, and the details pane showing it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from desktop.event_details.pane import EventDetailsPane
from domain.readside import EventRow
from tests.desktop.look.conftest import app  # noqa: F401  (the look set back after a test)

STREAM = "bookshelf::order-1a2b3c4d-0000-4000-8000-000000000000"
CORRELATION = "c0ffee00-0000-4000-8000-000000000000"


@pytest.fixture
def event() -> EventRow:
    metadata = {"id": "e1e1e1e1-0000-4000-8000-000000000000",
                "timestamp": "2026-12-02T08:14:03.512000+00:00",
                "type": "Bookshelf.OrderPlaced.v1", "stream": STREAM, "sequence": 1,
                "correlation_id": CORRELATION, "causation_id": None}
    payload = {"order_id": "1a2b3c4d-0000-4000-8000-000000000000", "customer_name": "Ann",
               "items": [{"title": "Dune", "quantity": 2, "gift": False}], "total": 19.98}
    return EventRow(7, metadata["timestamp"], metadata["type"], STREAM, payload, metadata)


@pytest.fixture
def pane(qtbot, event: EventRow) -> EventDetailsPane:
    shown = EventDetailsPane()
    qtbot.addWidget(shown)
    shown.resize(600, 500)
    shown.show_event(event, utc=True)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def index_at(pane: EventDetailsPane, *keys: str, column: int = 0) -> QModelIndex:
    """The row at the path of field names (`[0]` for a list's first item)."""
    model, index = pane.model, QModelIndex()
    for key in keys:
        rows = [model.index(row, 0, index) for row in range(model.rowCount(index))]
        index = next(each for each in rows if each.data() == key)
    return index.siblingAtColumn(column)
