"""Repositories: add in a unit of work of its own, get a fresh copy, refuse an unknown id."""

from __future__ import annotations

import pytest

from domain.core import Domain, ObjectNotFoundError
from tests.unit.core.library import Colour, Label, Shelf, ShelfCreated, Volume, journal


def stored_shelf(domain: Domain, **values: object) -> Shelf:
    shelf = Shelf(**{"name": "Poetry", **values})
    domain.repository_for(Shelf).add(shelf)
    return shelf


def test_get_returns_a_fresh_instance_equal_to_the_one_added(testing: Domain) -> None:
    shelf = stored_shelf(testing)
    copy = testing.repository_for(Shelf).get(shelf.id)
    assert copy == shelf and copy is not shelf


def test_get_of_an_unknown_id_raises_object_not_found(testing: Domain) -> None:
    with pytest.raises(ObjectNotFoundError, match="no Shelf is stored with id nobody"):
        testing.repository_for(Shelf).get("nobody")


def test_a_value_object_and_children_are_stored_with_the_aggregate_and_read_back(
    testing: Domain,
) -> None:
    shelf = stored_shelf(testing, label=Label(text="P", colour=Colour.OAK),
                         volumes=[Volume(title="Odes"), Volume(title="Epodes")])
    copy = testing.repository_for(Shelf).get(shelf.id)
    assert copy.to_dict() == shelf.to_dict()
    assert copy.label == Label(text="P", colour="oak")
    assert [volume.id for volume in copy.volumes] == [volume.id for volume in shelf.volumes]


def test_each_child_is_a_row_of_its_own_pointing_at_its_aggregate(testing: Domain) -> None:
    shelf = stored_shelf(testing, volumes=[Volume(title="Odes"), Volume(title="Epodes")])
    rows = testing.session().store.execute(
        "SELECT title, shelf_id FROM volume ORDER BY _index").fetchall()
    assert rows == [("Odes", shelf.id), ("Epodes", shelf.id)]


def test_removing_a_child_removes_its_row(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = stored_shelf(testing, volumes=[Volume(title="Odes"), Volume(title="Epodes")])
    shelf = shelves.get(shelf.id)
    shelf.volumes = shelf.volumes[1:]
    shelves.add(shelf)
    assert [volume.title for volume in shelves.get(shelf.id).volumes] == ["Epodes"]
    assert testing.session().store.execute("SELECT count(*) FROM volume").fetchone()[0] == 1


def test_a_change_is_stored_and_counts_a_version(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = stored_shelf(testing)
    shelf.name = "Prose"
    shelves.add(shelf)
    copy = shelves.get(shelf.id)
    assert (copy.name, copy._version) == ("Prose", 1)


def test_add_outside_a_command_commits_and_dispatches_on_its_own(testing: Domain) -> None:
    shelf = Shelf(name="Poetry")
    shelf.raise_(ShelfCreated(shelf_id=shelf.id, name=shelf.name))
    testing.repository_for(Shelf).add(shelf)

    assert [stored.type for stored in testing.session().store.load()] == ["Testing.ShelfCreated.v1"]
    assert [type(event) for event, _ in journal] == [ShelfCreated]
    assert shelf._events == []
    assert not testing.session().store.in_transaction()


def test_adding_clears_the_collected_events_so_they_are_stored_once(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = Shelf(name="Poetry")
    shelf.raise_(ShelfCreated(shelf_id=shelf.id, name=shelf.name))
    shelves.add(shelf)
    shelves.add(shelf)
    assert testing.session().store.last_position() == 1


def test_a_repository_refuses_another_class_of_aggregate(testing: Domain) -> None:
    with pytest.raises(TypeError):
        testing.repository_for(Shelf).add(Volume(title="Odes"))


def test_a_row_stored_before_a_rule_existed_still_loads(testing: Domain) -> None:
    shelf = stored_shelf(testing, label=Label(text="P"), volumes=[Volume(title="Odes")])
    store = testing.session().store
    # Longer than today's limits (30 and 20 characters), as an older release may have kept.
    with store.unit_of_work():
        store.execute('UPDATE "shelf" SET name = ?, label = ? WHERE id = ?',
                      ("N" * 40, '{"text": "' + "T" * 25 + '", "colour": "oak"}', shelf.id))
    copy = testing.repository_for(Shelf).get(shelf.id)
    assert (copy.name, copy.label.text, copy.label.colour) == ("N" * 40, "T" * 25, "oak")
    assert [volume.title for volume in copy.volumes] == ["Odes"]


def test_a_loaded_aggregate_left_unchanged_is_not_written_again(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = stored_shelf(testing, label=Label(text="P"), volumes=[Volume(title="Odes")])
    copy = shelves.get(shelf.id)
    shelves.add(copy)
    assert shelves.get(shelf.id)._version == 0


def test_a_loaded_aggregate_changed_only_in_a_child_is_written(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = stored_shelf(testing, volumes=[Volume(title="Odes")])
    copy = shelves.get(shelf.id)
    copy.volumes[0].title = "Epodes"
    shelves.add(copy)
    assert [volume.title for volume in shelves.get(shelf.id).volumes] == ["Epodes"]


def test_a_value_stored_before_its_field_existed_loads_as_the_default(testing: Domain) -> None:
    shelf = stored_shelf(testing, label=Label(text="P", colour=Colour.OAK))
    store = testing.session().store
    with store.unit_of_work():  # a label written before labels had a colour
        store.execute('UPDATE "shelf" SET label = ? WHERE id = ?', ('{"text": "P"}', shelf.id))
    assert testing.repository_for(Shelf).get(shelf.id).label == Label(text="P", colour="white")
