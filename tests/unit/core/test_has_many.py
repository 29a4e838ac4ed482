"""A HasMany field's helpers: add_, remove_, filter_ and get_one_from_<field>; the children
they leave are what the repository stores and gives back, in order."""

from __future__ import annotations

import pytest

from domain.core import (
    Domain,
    IncorrectUsageError,
    ObjectNotFoundError,
    TooManyObjectsError,
    ValidationError,
)
from domain.core.fields import HasMany, String
from tests.unit.core.library import Shelf, Volume


def shelf_of(*titles: str) -> Shelf:
    return Shelf(name="Poetry", volumes=[Volume(title=title) for title in titles])


def titles(shelf: Shelf) -> list[str]:
    return [volume.title for volume in shelf.volumes]


def test_add_appends_one_entity() -> None:
    shelf = shelf_of("Odes")
    shelf.add_volumes(Volume(title="Epodes"))
    assert titles(shelf) == ["Odes", "Epodes"]


def test_add_appends_a_list_of_entities_in_order() -> None:
    shelf = shelf_of()
    shelf.add_volumes([Volume(title="Odes"), Volume(title="Epodes"), Volume(title="Satires")])
    assert titles(shelf) == ["Odes", "Epodes", "Satires"]


def test_adding_an_entity_already_held_replaces_it_where_it_stands() -> None:
    shelf = shelf_of("Odes", "Epodes")
    first = shelf.volumes[0]
    shelf.add_volumes(Volume(id=first.id, title="Carmina"))
    assert titles(shelf) == ["Carmina", "Epodes"]


def test_add_accepts_a_dict_of_the_entity_fields() -> None:
    shelf = shelf_of()
    shelf.add_volumes({"title": "Odes"})
    assert isinstance(shelf.volumes[0], Volume) and titles(shelf) == ["Odes"]


def test_add_refuses_another_kind_of_element_by_the_field_name() -> None:
    shelf = shelf_of("Odes")
    with pytest.raises(ValidationError) as refused:
        shelf.add_volumes(Shelf(name="Prose"))
    assert refused.value.messages == {"volumes": ["item 2: must be a Volume"]}
    assert titles(shelf) == ["Odes"]


def test_add_refuses_an_invalid_dict_with_the_entity_messages() -> None:
    shelf = shelf_of()
    with pytest.raises(ValidationError) as refused:
        shelf.add_volumes({"title": ""})
    assert refused.value.messages == {
        "volumes": ["item 1: title: String should have at least 1 character"]}


def test_remove_takes_out_one_entity_by_id() -> None:
    shelf = shelf_of("Odes", "Epodes", "Satires")
    shelf.remove_volumes(Volume(id=shelf.volumes[1].id, title="anything"))
    assert titles(shelf) == ["Odes", "Satires"]


def test_remove_takes_out_a_list_and_passes_over_an_entity_not_held() -> None:
    shelf = shelf_of("Odes", "Epodes", "Satires")
    shelf.remove_volumes([shelf.volumes[0], Volume(title="Elsewhere"), shelf.volumes[2]])
    assert titles(shelf) == ["Epodes"]


def test_remove_refuses_another_kind_of_element() -> None:
    shelf = shelf_of("Odes")
    with pytest.raises(ValidationError) as refused:
        shelf.remove_volumes("Odes")
    assert refused.value.messages == {"volumes": ["can only remove a Volume, not str"]}


def test_filter_returns_the_entities_matching_every_criterion_in_order() -> None:
    shelf = shelf_of("Odes", "Epodes", "Odes")
    odes = shelf.filter_volumes(title="Odes")
    assert odes == [shelf.volumes[0], shelf.volumes[2]]
    assert shelf.filter_volumes(title="Odes", id=shelf.volumes[2].id) == [shelf.volumes[2]]
    assert shelf.filter_volumes(title="Iliad") == []


def test_filter_by_an_attribute_the_entity_lacks_is_refused_naming_it() -> None:
    with pytest.raises(IncorrectUsageError, match="Volume has no attribute 'author'"):
        shelf_of("Odes").filter_volumes(author="Horace")


def test_get_one_from_returns_the_only_match() -> None:
    shelf = shelf_of("Odes", "Epodes")
    assert shelf.get_one_from_volumes(title="Epodes") is shelf.volumes[1]


def test_get_one_from_raises_object_not_found_when_nothing_matches() -> None:
    with pytest.raises(ObjectNotFoundError, match="no entity in volumes matches title='Iliad'"):
        shelf_of("Odes").get_one_from_volumes(title="Iliad")


def test_get_one_from_raises_too_many_objects_when_several_match() -> None:
    with pytest.raises(TooManyObjectsError, match="2 entities in volumes match title='Odes'"):
        shelf_of("Odes", "Odes").get_one_from_volumes(title="Odes")


def test_a_helper_the_element_defines_itself_is_kept() -> None:
    shelves = Domain("Helpers")

    @shelves.aggregate
    class Notebook:
        leaves = HasMany("Leaf")

        def add_leaves(self, text: str) -> None:
            self.leaves = [*self.leaves, Leaf(text=text)]

    @shelves.entity(part_of=Notebook)
    class Leaf:
        text = String()

    notebook = Notebook()
    notebook.add_leaves("first")
    assert [leaf.text for leaf in notebook.leaves] == ["first"]
    assert notebook.filter_leaves(text="first") == notebook.leaves


# -- through the repository ------------------------------------------------------------------

def test_children_added_and_removed_survive_a_round_trip_identical_and_in_order(
    testing: Domain,
) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = shelf_of("Odes", "Epodes")
    shelf.add_volumes([Volume(title="Satires"), Volume(title="Epistles")])
    shelves.add(shelf)

    copy = shelves.get(shelf.id)
    assert copy.volumes == shelf.volumes
    assert [volume.to_dict() for volume in copy.volumes] == [
        volume.to_dict() for volume in shelf.volumes]

    copy.remove_volumes(copy.get_one_from_volumes(title="Epodes"))
    copy.add_volumes(Volume(title="Carmen Saeculare"))
    shelves.add(copy)
    assert titles(shelves.get(shelf.id)) == ["Odes", "Satires", "Epistles", "Carmen Saeculare"]
    assert testing.session().store.execute("SELECT count(*) FROM volume").fetchone()[0] == 4


def test_a_loaded_aggregate_has_the_helpers_too(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = shelf_of("Odes")
    shelves.add(shelf)
    copy = shelves.get(shelf.id)
    copy.add_volumes(Volume(title="Epodes"))
    shelves.add(copy)
    assert titles(shelves.get(shelf.id)) == ["Odes", "Epodes"]
