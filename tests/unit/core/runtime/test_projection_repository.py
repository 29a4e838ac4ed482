"""`domain.view_for(Projection)` reads a projection's records: get, query, find_by, count,
exists; a projection is declared like an aggregate without events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    IncorrectUsageError,
    ObjectNotFoundError,
    TooManyObjectsError,
)
from domain.core.elements import BaseProjection
from domain.core.fields import HasMany, Identifier, String
from tests.unit.core.conftest import BACKENDS, fresh_store
from tests.unit.core.pantry import FillJar, Jar, JarTotal, LabelJar, pantry


@pytest.fixture(params=BACKENDS)
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Three jars, by label: Rice 500 g, Oats 40 g, Tea 40 g (on either backend)."""
    pantry.close()
    pantry.config["database"] = fresh_store(request, tmp_path, "pantry.db")
    pantry.init()
    jars = {}
    for label, grams in (("Rice", 500), ("Oats", 40), ("Tea", 40)):
        jars[label] = str(pantry.process(LabelJar(label=label)))
        pantry.process(FillJar(jar_id=jars[label], grams=grams))
    yield jars
    pantry.close()


def test_a_projection_is_an_element_with_its_identifier_field() -> None:
    assert issubclass(JarTotal, BaseProjection)
    assert JarTotal._id_field == "jar_id"
    assert pantry.registry.projections == {"JarTotal": JarTotal}


def test_get_reads_one_record_and_refuses_a_missing_one(filled: dict[str, str]) -> None:
    view = pantry.view_for(JarTotal)
    assert view.get(filled["Rice"]).grams == 500
    with pytest.raises(ObjectNotFoundError, match="no JarTotal is stored with id nope"):
        view.get("nope")
    assert view.exists(filled["Tea"]) and not view.exists("nope")


def test_query_filters_and_orders_in_storage(filled: dict[str, str]) -> None:
    found = pantry.view_for(JarTotal).query.filter(grams__lt=100).order_by("-label").all()
    assert [total.label for total in found.items] == ["Tea", "Oats"]
    assert found.total == 2


def test_find_by_finds_one_and_refuses_none_or_several(filled: dict[str, str]) -> None:
    view = pantry.view_for(JarTotal)
    assert view.find_by(label="Oats").jar_id == filled["Oats"]
    with pytest.raises(ObjectNotFoundError):
        view.find_by(label="Salt")
    with pytest.raises(TooManyObjectsError):
        view.find_by(grams=40)


def test_count_counts_the_records(filled: dict[str, str]) -> None:
    assert pantry.view_for(JarTotal).count() == 3


def test_a_view_for_what_is_not_a_projection_is_refused(filled: dict[str, str]) -> None:
    with pytest.raises(IncorrectUsageError, match="is not a projection of Pantry"):
        pantry.view_for(Jar)


def test_a_projection_with_an_association_is_refused_when_its_table_is_made() -> None:
    nested = Domain("Nested")

    @nested.entity(part_of="Shelf")
    class Item:
        name = String()

    @nested.aggregate
    class Shelf:
        items = HasMany("Item")

    @nested.projection
    class Listing:
        listing_id = Identifier(identifier=True)
        items = HasMany("Item")

    nested.projector(projector_for=Listing, aggregates=[Shelf])(type("Lister", (), {}))
    nested.init()
    with pytest.raises(ConfigurationError, match="holds fields only"):
        nested.open()
    nested.close()


def test_an_unknown_projection_option_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="Unknown option"):
        pantry.projection(type("Odd", (), {}), projector_for=JarTotal)
