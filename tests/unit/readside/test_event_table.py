"""The event log as an aligned table for a terminal."""

from __future__ import annotations

from domain.readside import EventLog, EventRow, EventTable
from domain.readside.event_table import PAYLOAD_WIDTH, payload_text
from tests.unit.readside.conftest import Shelf
from tests.unit.readside.memory_reader import MemoryReader, record

UUID = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"


def test_the_columns_are_as_wide_as_the_log_needs_so_followed_rows_line_up(
        shelf: Shelf, log: EventLog):
    table = EventTable.for_log(log)
    lines = [table.header(), *map(table.line, log.page_after(0, None))]
    assert lines[0].split() == ["position", "time", "type", "stream", "payload"]
    assert len({line.index("Bookshelf.") for line in lines[1:]}) == 1
    assert len({line.index("order-") for line in lines[6:]}) == 1
    later = EventRow.from_record(record(99, "Bookshelf.BookAdded.v1"))
    assert table.line(later).index("Bookshelf.") == lines[1].index("Bookshelf.")


def test_a_line_shows_the_utc_time_the_short_stream_and_the_payload():
    row = EventRow.from_record(record(7, stream=f"bookshelf::order-{UUID}", title="Dune"))
    line = EventTable().line(row)
    assert line.split()[:5] == ["7", "2026-01-02", "03:04:05", "Bookshelf.BookAdded.v1",
                                "order-1a2b3c4d"]
    assert line.endswith("title='Dune'")


def test_the_payload_text_shortens_ids_and_is_cut_at_its_width():
    assert payload_text({"book_id": UUID, "title": "Dune", "quantity": 2, "gift": True}) \
        == "book_id=1a2b3c4d title='Dune' quantity=2 gift=true"
    long = payload_text({"notes": "n" * 200})
    assert len(long) == PAYLOAD_WIDTH and long.endswith("…")


def test_an_empty_log_makes_a_table_of_the_header_widths():
    table = EventTable.for_log(EventLog(MemoryReader()))
    assert table.header().split() == ["position", "time", "type", "stream", "payload"]
