"""find_by: the one aggregate its lookups match; none or several is an error saying so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import ConfigurationError, Domain, ObjectNotFoundError, TooManyObjectsError
from tests.unit.core.catalogue import Book, opened, shelve
from tests.unit.core.conftest import BACKENDS, fresh_store


@pytest.fixture(params=BACKENDS)
def catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Domain]:
    with opened(tmp_path, fresh_store(request, tmp_path, "catalogue.db")) as domain:
        shelve(domain, Book(title="Emma", author="Jane Austen", pages=474),
               Book(title="Persuasion", author="Jane Austen", pages=249),
               Book(title="Dune", author="Frank Herbert", pages=412))
        yield domain


def test_find_by_returns_the_one_match_as_a_fresh_copy(catalogue: Domain) -> None:
    found = catalogue.repository_for(Book).find_by(author="Jane Austen", pages__lt=300)
    assert found.title == "Persuasion"
    assert found == catalogue.repository_for(Book).get(found.id)


def test_find_by_takes_any_lookup(catalogue: Domain) -> None:
    assert catalogue.repository_for(Book).find_by(title__iexact="dune").title == "Dune"


def test_find_by_with_no_match_raises_object_not_found(catalogue: Domain) -> None:
    with pytest.raises(ObjectNotFoundError,
                       match="no Book is stored with author='Jane Austen', pages__gt=500"):
        catalogue.repository_for(Book).find_by(author="Jane Austen", pages__gt=500)


def test_find_by_with_several_matches_raises_too_many_objects(catalogue: Domain) -> None:
    with pytest.raises(TooManyObjectsError,
                       match="more than one Book is stored with author='Jane Austen'"):
        catalogue.repository_for(Book).find_by(author="Jane Austen")


def test_find_by_an_unknown_field_is_refused(catalogue: Domain) -> None:
    with pytest.raises(ConfigurationError, match="Book has no field 'writer'"):
        catalogue.repository_for(Book).find_by(writer="Jane Austen")
