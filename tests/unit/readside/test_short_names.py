"""Ids, streams and types shortened one way for every table."""

from __future__ import annotations

from domain.readside import short_id, short_stream, short_type, stream_id

UUID = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"


def test_a_short_id_is_its_first_eight_characters():
    assert short_id(UUID) == "1a2b3c4d"
    assert short_id("abc") == "abc"


def test_a_short_stream_is_its_kind_and_short_id_without_the_domain():
    assert short_stream(f"bookshelf::order-{UUID}") == "order-1a2b3c4d"
    assert short_stream(f"book-{UUID}") == "book-1a2b3c4d"
    assert short_stream("bookshelf::ledger") == "ledger"


def test_a_stream_s_id_is_its_aggregate_s_in_full():
    assert stream_id(f"bookshelf::order-{UUID}") == UUID
    assert stream_id("bookshelf::ledger") == ""


def test_a_short_type_is_the_name_between_domain_and_version():
    assert short_type("Bookshelf.BookAdded.v1") == "BookAdded"
    assert short_type("BookAdded") == "BookAdded"
    assert short_type("A.B.C.v1") == "A.B.C.v1"
