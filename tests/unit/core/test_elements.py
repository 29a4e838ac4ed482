"""Aggregates, entities, value objects, events and commands: identity, equality, immutability."""

from __future__ import annotations

import uuid

import attrs
import pytest

from domain.core import ValidationError
from domain.core.elements import BaseAggregate, BaseEntity
from tests.unit.core.library import (
    CreateShelf,
    Label,
    Reader,
    Shelf,
    ShelfCreated,
    ShelfRenamed,
    Volume,
)
from tests.unit.core.specimens import Span, Specimen


def test_an_aggregate_gets_a_uuid4_id_unless_one_is_given() -> None:
    shelf = Shelf(name="Poetry")
    assert uuid.UUID(shelf.id).version == 4
    assert Shelf(name="Poetry").id != shelf.id


def test_an_aggregate_keeps_the_id_it_is_given() -> None:
    assert Shelf(id="shelf-1", name="Poetry").id == "shelf-1"


def test_an_empty_id_is_refused_rather_than_stored_as_none() -> None:
    with pytest.raises(ValidationError) as caught:
        Shelf(id="", name="Poetry")
    assert caught.value.messages == {"id": ["is required"]}


def test_a_new_aggregate_has_version_minus_1_and_no_events() -> None:
    shelf = Shelf(name="Poetry")
    assert (shelf._version, shelf._events) == (-1, [])


def test_aggregates_are_equal_when_their_ids_are() -> None:
    assert Shelf(id="s1", name="Poetry") == Shelf(id="s1", name="Prose")
    assert Shelf(id="s1", name="Poetry") != Shelf(id="s2", name="Poetry")


def test_aggregates_of_different_classes_are_never_equal() -> None:
    assert Shelf(id="x", name="a") != Reader(id="x", name="a")


def test_an_aggregate_hashes_by_its_id() -> None:
    assert len({Shelf(id="s1", name="Poetry"), Shelf(id="s1", name="Prose")}) == 1


def test_to_dict_gives_every_field_in_json_ready_form() -> None:
    shelf = Shelf(id="s1", name="Poetry", label=Label(text="P"),
                  volumes=[Volume(id="v1", title="Odes")])
    assert shelf.to_dict() == {
        "id": "s1", "name": "Poetry", "label": {"text": "P", "colour": "white"},
        "volumes": [{"id": "v1", "title": "Odes"}], "public": None,
    }


def test_to_dict_writes_a_datetime_as_iso_text() -> None:
    data = Specimen(code="AB", seen_at="2024-05-01T10:00:00+00:00").to_dict()
    assert data["seen_at"] == "2024-05-01T10:00:00+00:00"


def test_an_entity_has_its_own_id_and_belongs_to_its_aggregate() -> None:
    volume = Volume(title="Odes")
    assert isinstance(volume, BaseEntity) and not isinstance(volume, BaseAggregate)
    assert uuid.UUID(volume.id).version == 4
    assert Volume._part_of is Shelf


def test_entities_are_equal_when_their_ids_are() -> None:
    assert Volume(id="v1", title="Odes") == Volume(id="v1", title="Epodes")


def test_an_aggregate_is_mutable_through_its_validated_fields() -> None:
    shelf = Shelf(name="Poetry")
    shelf.name = "Prose"
    assert shelf.name == "Prose"


def test_an_elements_own_rules_refuse_a_bad_assignment_and_keep_the_old_value() -> None:
    span = Span(low=1, high=5)
    with pytest.raises(ValidationError) as caught:
        span.high = 0
    assert caught.value.messages == {"high": ["must not be below low"]}
    assert span.high == 5


def test_an_elements_own_rules_refuse_a_bad_construction() -> None:
    with pytest.raises(ValidationError) as caught:
        Span(low=5, high=1)
    assert caught.value.messages == {"high": ["must not be below low"]}


def test_a_value_object_is_immutable() -> None:
    label = Label(text="Poetry")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        label.text = "Prose"  # type: ignore[misc]
    assert label.text == "Poetry"


def test_value_objects_are_equal_when_all_their_values_are() -> None:
    assert Label(text="P", colour="oak") == Label(text="P", colour="oak")
    assert Label(text="P", colour="oak") != Label(text="P")
    assert hash(Label(text="P")) == hash(Label(text="P"))


def test_an_event_is_immutable() -> None:
    event = ShelfRenamed(shelf_id="s1", name="Prose")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.name = "Poetry"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del event.name  # type: ignore[misc]
    assert event.name == "Prose"


def test_a_command_is_immutable() -> None:
    command = CreateShelf(name="Poetry")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        command.name = "Prose"  # type: ignore[misc]
    assert command.name == "Poetry"


def test_an_events_metadata_cannot_be_replaced() -> None:
    event = ShelfCreated(shelf_id="s1", name="Poetry")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event._metadata = None  # type: ignore[misc]


def test_constructing_a_command_validates_it() -> None:
    with pytest.raises(ValidationError) as caught:
        CreateShelf(name="", titles=["x" * 51])
    assert set(caught.value.messages) == {"name", "titles"}


def test_constructing_an_event_validates_it() -> None:
    with pytest.raises(ValidationError) as caught:
        ShelfCreated(shelf_id=None, name="")
    assert set(caught.value.messages) == {"shelf_id", "name"}
