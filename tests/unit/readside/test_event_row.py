"""One row type for an event, whether delivered live or read back from the log."""

from __future__ import annotations

import json

from domain.readside import EventLog, EventRow, Link
from tests.unit.readside.conftest import Shelf
from tests.unit.readside.memory_reader import record

UUID = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"


def row(**payload) -> EventRow:
    return EventRow.from_record(record(7, "Bookshelf.OrderItemAdded.v1", **payload))


def test_a_delivered_event_and_its_stored_record_make_the_same_row(
        shelf: Shelf, log: EventLog):
    assert log.page_after(0, None) == shelf.delivered


def test_the_type_name_is_the_short_one():
    assert row().type_name == "OrderItemAdded"


def test_the_time_is_shown_in_the_local_zone_with_its_offset_or_in_utc(berlin):
    assert row().time_text() == "2026-01-02 04:04:05.678 +01:00"
    assert row().time_text(utc=True) == "2026-01-02 03:04:05.678 +00:00"


def test_the_summary_puts_readable_fields_first_and_shortens_ids():
    summary = row(order_id=UUID, book_title="Dune", quantity=2).summary
    assert summary == "book_title='Dune', quantity=2, order_id=1a2b3c4d"


def test_a_long_summary_is_cut_with_an_ellipsis():
    summary = row(title="x" * 39 + "yz", **{f"field{number}": 1000 for number in range(20)}).summary
    assert summary.startswith("title='" + "x" * 39 + "…', field0=1000")
    assert len(summary) == 120 and summary.endswith("…")


def test_the_details_are_position_metadata_and_payload_as_json():
    shown = json.loads(row(title="Émile").details())
    assert shown["position"] == 7 and shown["payload"] == {"title": "Émile"}
    assert shown["metadata"]["type"] == "Bookshelf.OrderItemAdded.v1"
    assert "Émile" in row(title="Émile").details()  # readable, not escaped


def test_the_details_show_the_timestamp_in_the_local_zone_or_in_utc(berlin):
    assert json.loads(row().details())["metadata"]["timestamp"] == (
        "2026-01-02 04:04:05.678000 +01:00")
    assert json.loads(row().details(utc=True))["metadata"]["timestamp"] == (
        "2026-01-02 03:04:05.678000 +00:00")


def test_the_stored_document_keeps_the_timestamp_as_stored(berlin):
    stored = row(title="Dune").stored_document
    assert stored["metadata"]["timestamp"] == row().timestamp == "2026-01-02T03:04:05.678000+00:00"
    assert stored == {"position": 7, "metadata": row().metadata, "payload": {"title": "Dune"}}


def test_a_json_line_holds_position_type_stream_payload_and_metadata():
    line = row(title="Dune").json_line()
    assert "\n" not in line
    assert json.loads(line) == {
        "position": 7, "type": "Bookshelf.OrderItemAdded.v1", "stream": row().stream,
        "payload": {"title": "Dune"}, "metadata": row().metadata}


def test_the_details_tree_links_ids_to_their_trace_and_the_stream_to_its_events():
    shown = row(title="Dune").details_tree()
    metadata = {child.key: child for child in shown.children[1].children}
    assert metadata["id"].link is Link.TRACE and metadata["id"].value == "event-7"
    assert metadata["stream"].link is Link.STREAM
    assert shown.children[2].children[0].value == "Dune"


def test_the_document_keeps_the_payload_in_the_events_field_order():
    assert list(row(zeta=1, alpha=2).document()["payload"]) == ["zeta", "alpha"]
