"""The state an aggregate is left in by each write, kept beside its row for its history."""

from __future__ import annotations

import json

import pytest

from domain.core import Domain
from domain.core.storage.sqlite.reader import STATES_SQL
from tests.unit.core.library import Boom, CreateShelf, Label, RenameShelf, Shelf, Volume


def recorded(domain: Domain, shelf_id: str) -> list[tuple[int, int, dict[str, object]]]:
    stream = Shelf.stream_name(shelf_id)
    rows = domain.session().store.execute(STATES_SQL, (stream, stream)).fetchall()
    # jsonb comes back from PostgreSQL decoded; SQLite gives the text.
    return [(version, sequence, state if isinstance(state, dict) else json.loads(state))
            for version, sequence, state, _ in rows]


def test_each_write_keeps_the_state_it_left_with_its_version_and_last_sequence(
        testing: Domain) -> None:
    shelf_id = testing.process(CreateShelf(name="Poetry", titles=["Odes", "Epodes"]))
    testing.process(RenameShelf(shelf_id=shelf_id, name="Prose"))

    states = recorded(testing, shelf_id)

    assert [(version, sequence) for version, sequence, _ in states] == [(0, 3), (1, 4)]
    assert [state["name"] for _, _, state in states] == ["Poetry", "Prose"]
    assert [volume["title"] for volume in states[1][2]["volumes"]] == ["Odes", "Epodes"]


def test_a_value_object_is_kept_as_a_nested_object_not_as_text(testing: Domain) -> None:
    shelf = Shelf(name="Poetry", label=Label(text="P", colour="oak"),
                  volumes=[Volume(title="Odes")])
    testing.repository_for(Shelf).add(shelf)

    [(_, _, state)] = recorded(testing, shelf.id)

    assert state["label"] == {"text": "P", "colour": "oak"}
    assert state["volumes"] == [{"id": shelf.volumes[0].id, "title": "Odes"}]


def test_an_unchanged_aggregate_saved_again_keeps_no_state(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = Shelf(name="Poetry")
    shelves.add(shelf)
    shelves.add(shelves.get(shelf.id))

    assert [version for version, _, _ in recorded(testing, shelf.id)] == [0]


def test_a_refused_command_keeps_no_state(testing: Domain) -> None:
    with pytest.raises(Boom):
        testing.process(CreateShelf(name="Poetry", titles=["Odes"], fail_after_raise=True))

    count = testing.session().store.execute("SELECT count(*) FROM aggregate_states").fetchone()
    assert count[0] == 0


def test_writes_with_and_without_events_are_read_back_in_version_order(
        testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = Shelf(name="Poetry")  # built, not created: its first write raises no event
    shelves.add(shelf)
    testing.process(RenameShelf(shelf_id=shelf.id, name="Prose"))
    quietly = shelves.get(shelf.id)
    quietly.name = "Verse"  # changed without an event
    shelves.add(quietly)

    states = recorded(testing, shelf.id)

    assert [(version, state["name"]) for version, _, state in states] == [
        (0, "Poetry"), (1, "Prose"), (2, "Verse")]
    stream = Shelf.stream_name(shelf.id)
    assert [raised for *_, raised in testing.session().store.execute(
        STATES_SQL, (stream, stream))] == [0, 1, 0]  # which writes raised events


def test_a_streams_states_are_found_without_reading_every_state(testing_file: Domain) -> None:
    plan = " ".join(row[3] for row in testing_file.session().store.execute(
        f"EXPLAIN QUERY PLAN {STATES_SQL}", ("s", "s")).fetchall())

    assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", "")



@pytest.mark.parametrize("public", [True, False, None])
def test_a_boolean_is_kept_as_true_or_false_and_an_unset_one_as_null(
        testing: Domain, public: bool | None) -> None:
    shelf = Shelf(name="Poetry", public=public)
    testing.repository_for(Shelf).add(shelf)

    [(_, _, state)] = recorded(testing, shelf.id)

    assert state["public"] is public
