"""Reading a span of the log for the types a projection handles: the others stay undecoded."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.core.errors import UndecodableEventError
from domain.core.runtime.runtime import Runtime
from domain.core.storage.port import Store
from tests.unit.core.library import CreateShelf, ShelfCreated, VolumeShelved, library


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Events 1-3: a shelf created with two volumes; 4: a type no class takes; 5: a shelf."""
    library.registry.init()
    runtime = Runtime(library.registry, str(tmp_path / "library.db"), face=library,
                      subscribers=())
    runtime.process(CreateShelf(name="Poetry", titles=["Odes", "Elegies"]))
    with closing(sqlite3.connect(runtime.location)) as connection:
        connection.execute(
            "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata) "
            "VALUES ('raw', 'testing::raw-1', 1, 'Testing.Unknown.v1', '2024-01-01', "
            "'{\"what\": 1}', ?)", (json.dumps({"id": "raw"}),))
        connection.commit()
    runtime.process(CreateShelf(name="Prose"))
    yield runtime.session().store
    runtime.close()


def test_a_span_of_given_types_holds_only_those_and_never_decodes_the_others(
        store: Store) -> None:
    loaded = store.load_span(0, 5, {ShelfCreated._type})

    assert [(each.position, type(each.event)) for each in loaded] == [
        (1, ShelfCreated), (5, ShelfCreated)]


def test_a_span_is_bounded_by_positions_not_by_a_count_of_rows(store: Store) -> None:
    assert [each.position for each in store.load_span(1, 3, {VolumeShelved._type})] == [2, 3]
    assert store.load_span(3, 4, {ShelfCreated._type}) == []


def test_a_span_of_every_type_raises_for_an_event_it_cannot_decode(store: Store) -> None:
    with pytest.raises(UndecodableEventError) as raised:
        store.load_span(0, 5)

    assert raised.value.position == 4
    assert raised.value.type_name == "Testing.Unknown.v1"
