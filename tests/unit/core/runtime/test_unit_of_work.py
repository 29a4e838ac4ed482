"""`with UnitOfWork():` around several repository writes: one commit, or nothing at all."""

from __future__ import annotations

import pytest

from domain.core import Domain, IncorrectUsageError, UnitOfWork, current_domain
from domain.core.stored_event import StoredEvent
from domain.core.versions import NEW
from tests.unit.core.library import Shelf, ShelfCreated, journal, table_counts


class Changed(Exception):
    """The script changed its mind halfway through."""


def new_shelf(name: str) -> Shelf:
    shelf = Shelf(name=name)
    shelf.create()
    return shelf


def batches(domain: Domain) -> list[list[str]]:
    """The names in each batch delivered to a callback: one batch per commit."""
    seen: list[list[str]] = []

    def record(batch: list[StoredEvent]) -> None:
        seen.append([stored.payload["name"] for stored in batch])

    domain.subscribe("batches", record)
    return seen


def test_two_adds_in_a_unit_of_work_commit_once(testing: Domain) -> None:
    seen = batches(testing)

    with testing.domain_context(), UnitOfWork():
        shelves = current_domain.repository_for(Shelf)
        shelves.add(new_shelf("Poetry"))
        shelves.add(new_shelf("Prose"))

    assert seen == [["Poetry", "Prose"]]
    assert table_counts(testing)["shelf"] == 2


def test_events_are_delivered_only_after_the_commit(testing: Domain) -> None:
    with testing.domain_context(), UnitOfWork():
        current_domain.repository_for(Shelf).add(new_shelf("Poetry"))
        assert journal == []  # still inside: nothing delivered yet

    (event, stored), = journal
    assert isinstance(event, ShelfCreated) and stored.name == "Poetry"


def test_an_exception_rolls_every_write_back_and_is_raised_on(testing: Domain) -> None:
    poetry, prose = new_shelf("Poetry"), new_shelf("Prose")
    before = table_counts(testing)

    with pytest.raises(Changed), testing.domain_context(), UnitOfWork():
        shelves = current_domain.repository_for(Shelf)
        shelves.add(poetry)
        shelves.add(prose)
        raise Changed

    assert table_counts(testing) == before
    assert journal == []
    # The aggregates are as they were: new (version -1), their events still waiting.
    assert (poetry._version, len(poetry._events)) == (NEW, 1)
    assert (prose._version, len(prose._events)) == (NEW, 1)


def test_a_repository_taken_before_the_unit_joins_it(testing: Domain) -> None:
    shelves = testing.repository_for(Shelf)
    seen = batches(testing)

    with testing.domain_context(), UnitOfWork():
        shelves.add(new_shelf("Poetry"))
        shelves.add(new_shelf("Prose"))

    assert seen == [["Poetry", "Prose"]]


def test_in_progress_says_whether_it_is_open(testing: Domain) -> None:
    unit = UnitOfWork()
    assert not unit.in_progress
    with testing.domain_context(), unit:
        assert unit.in_progress
    assert not unit.in_progress


def test_a_unit_of_work_inside_another_commits_with_it(testing: Domain) -> None:
    seen = batches(testing)

    with testing.domain_context(), UnitOfWork():
        current_domain.repository_for(Shelf).add(new_shelf("Outer"))
        with UnitOfWork():  # a savepoint of the outer one
            current_domain.repository_for(Shelf).add(new_shelf("Inner"))

    assert seen == [["Outer", "Inner"]]


def test_an_inner_unit_that_fails_rolls_back_alone_when_its_error_is_caught(
        testing: Domain) -> None:
    seen = batches(testing)

    with testing.domain_context(), UnitOfWork():
        current_domain.repository_for(Shelf).add(new_shelf("Kept"))
        with pytest.raises(Changed), UnitOfWork():
            current_domain.repository_for(Shelf).add(new_shelf("Dropped"))
            raise Changed

    assert seen == [["Kept"]]


def test_a_unit_of_work_with_no_domain_active_is_refused() -> None:
    with pytest.raises(IncorrectUsageError, match="no domain is active"), UnitOfWork():
        pass


def test_a_unit_of_work_cannot_be_entered_twice_at_once(testing: Domain) -> None:
    unit = UnitOfWork()
    with testing.domain_context(), unit, pytest.raises(IncorrectUsageError,
                                                        match="already in progress"):
        unit.__enter__()
