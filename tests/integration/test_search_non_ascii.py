"""A search finds "Café" however it is typed, in the command line and in the window's query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.bookshelf import AddBook, PlaceOrder, open_bookshelf
from domain.cli import main
from domain.readside import EventFilter, EventLog, EventRow


@pytest.fixture
def accents(database_path: Path) -> list[EventRow]:
    delivered: list[EventRow] = []
    with open_bookshelf(database_path) as shop:
        shop.runtime.subscribe("test", lambda batch: delivered.extend(
            map(EventRow.from_stored, batch)))
        cafe = shop.process(AddBook(title="Café de Flore", author="José Saramago",
                                    price_amount=9.5))
        shop.process(AddBook(title="Plain", author="Ann Author", price_amount=1.0))
        shop.process(PlaceOrder(customer_name="Zoë", items=[{"book_id": cafe, "quantity": 1}]))
    return delivered


@pytest.mark.parametrize("text", ["Café", "CAFÉ", "café", "José", "JOSÉ", "zoë"])
def test_the_stored_log_and_the_live_rows_find_non_ascii_text(
        accents: list[EventRow], database_path: Path, text: str) -> None:
    with open_bookshelf(database_path) as shop:
        log = EventLog(shop.open_reader())
        stored = [row.position for row in log.page_after(0, None, EventFilter(text=text))]
    live = [row.position for row in accents if row.matches(EventFilter(text=text))]
    assert stored and stored == live


def test_bookshelf_events_text_finds_cafe_in_capitals(
        accents: list[EventRow], database_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", "--db", str(database_path), "--text", "CAFÉ", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    titles = [json.loads(line)["payload"].get("title") or json.loads(line)["payload"]["book_title"]
              for line in lines]
    assert titles == ["Café de Flore", "Café de Flore"]  # the book and its order line
