"""Rebuilding an event from its stored row: a row that is not an event is named, never a crash."""

from __future__ import annotations

import pytest

from domain.core.elements import BaseEvent
from domain.core.errors import ConfigurationError, UndecodableEventError
from domain.core.storage.decoding import rebuild


def resolve_nothing(type_name: str) -> type[BaseEvent]:
    raise ConfigurationError(f"no event of type {type_name} is registered")


def test_a_row_of_nulls_read_from_a_damaged_page_is_an_undecodable_event() -> None:
    # SQLite read without cell size checks may return garbage as a row of NULLs (CI, stop 22).
    with pytest.raises(UndecodableEventError) as raised:
        rebuild(resolve_nothing, 4127673878101, None, None, None)  # type: ignore[arg-type]

    assert raised.value.position == 4127673878101
    assert raised.value.event_id == ""


def test_metadata_that_is_not_json_leaves_the_event_id_empty() -> None:
    with pytest.raises(UndecodableEventError) as raised:
        rebuild(resolve_nothing, 3, "Bookshelf.Unknown.v1", "{}", "{not json")

    assert raised.value.event_id == ""
