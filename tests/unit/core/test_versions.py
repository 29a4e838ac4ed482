"""Versions of state-stored aggregates: -1 new, 0 once stored, one more per changing write."""

from __future__ import annotations

import pytest

from domain.core import Domain, ExpectedVersionError
from domain.core.versions import FIRST_STORED, NEW, after_write, from_write_count, is_new
from tests.unit.core.library import Shelf, ShelfCreated


def test_the_numbering_is_protean_s() -> None:
    assert (NEW, FIRST_STORED) == (-1, 0)
    assert is_new(-1) and not is_new(0)
    assert [after_write(version) for version in (-1, 0, 1)] == [0, 1, 2]


def test_a_count_of_writes_becomes_the_version_protean_gives_the_same_row() -> None:
    assert [from_write_count(writes) for writes in (1, 2, 5)] == [0, 1, 4]


def test_an_aggregate_counts_minus_1_new_0_stored_and_one_more_per_change(
        testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = Shelf(name="Poetry")
    assert shelf._version == -1

    shelves.add(shelf)
    assert (shelf._version, shelves.get(shelf.id)._version) == (0, 0)

    shelf.name = "Prose"
    shelves.add(shelf)
    shelf.name = "Essays"
    shelves.add(shelf)
    assert (shelf._version, shelves.get(shelf.id)._version) == (2, 2)


def test_a_write_that_changes_nothing_keeps_the_version(testing: Domain) -> None:
    shelf = Shelf(name="Poetry")
    for _ in range(2):
        testing.repository_for(Shelf).add(shelf)
    assert testing.repository_for(Shelf).get(shelf.id)._version == 0


def test_an_event_alone_is_a_write_and_counts(testing: Domain) -> None:
    shelf = Shelf(name="Poetry")
    testing.repository_for(Shelf).add(shelf)
    shelf.raise_(ShelfCreated(shelf_id=shelf.id, name=shelf.name))
    testing.repository_for(Shelf).add(shelf)
    assert testing.repository_for(Shelf).get(shelf.id)._version == 1


def test_a_copy_read_before_another_write_is_refused(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = Shelf(name="Poetry")
    shelves.add(shelf)
    first, stale = shelves.get(shelf.id), shelves.get(shelf.id)
    first.name = "Prose"
    shelves.add(first)
    stale.name = "Essays"

    with pytest.raises(ExpectedVersionError, match="since version 0 was read"):
        shelves.add(stale)
    assert (shelves.get(shelf.id).name, stale._version) == ("Prose", 0)


def test_a_second_new_aggregate_with_a_stored_id_is_refused(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    shelf = Shelf(name="Poetry")
    shelves.add(shelf)
    twin = Shelf(id=shelf.id, name="Twin")

    with pytest.raises(ExpectedVersionError, match="already stored"):
        shelves.add(twin)
    assert twin._version == -1
