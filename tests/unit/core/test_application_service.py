"""A use case runs in one unit of work: its writes commit together and its events are
delivered after the commit, or nothing of it is stored."""

from __future__ import annotations

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    HandlersFailedAfterCommit,
    current_domain,
    use_case,
)
from domain.core.stored_event import StoredEvent
from tests.unit.core.library import (
    CreateShelf,
    Shelf,
    ShelfCreated,
    journal,
    library,
    table_counts,
)


class Changed(Exception):
    """The use case changed its mind halfway through."""


def new_shelf(name: str) -> Shelf:
    shelf = Shelf(name=name)
    shelf.create()
    return shelf


@library.application_service(part_of=Shelf)
class Shelving:
    @use_case
    def open_two(self, first: str, second: str) -> list[str]:
        shelves = current_domain.repository_for(Shelf)
        opened = [new_shelf(first), new_shelf(second)]
        for shelf in opened:
            shelves.add(shelf)
        assert journal == []  # still inside: nothing is delivered before the commit
        return [shelf.id for shelf in opened]

    @use_case
    def open_and_give_up(self, name: str) -> None:
        current_domain.repository_for(Shelf).add(new_shelf(name))
        raise Changed(name)

    @use_case
    def open_by_command(self, name: str) -> object:
        return current_domain.process(CreateShelf(name=name))

    @use_case
    def open_both_ways(self, first: str, second: str) -> None:
        self.open_two(first, second)  # another use case: a part of this one
        current_domain.repository_for(Shelf).add(new_shelf("Third"))
        raise Changed("all of it")


def commits(domain: Domain) -> list[list[str]]:
    """The shelf names each commit delivered, one list per commit."""
    seen: list[list[str]] = []

    def record(batch: list[StoredEvent]) -> None:
        seen.append([stored.payload["name"] for stored in batch
                     if stored.type == ShelfCreated._type])

    domain.subscribe("commits", record)
    return seen


def test_a_use_case_s_writes_commit_once_and_its_events_are_delivered_after(
    testing: Domain,
) -> None:
    seen = commits(testing)

    with testing.domain_context():
        ids = Shelving().open_two("Poetry", "Prose")

    assert seen == [["Poetry", "Prose"]]
    assert [event.shelf_id for event, _stored in journal] == ids
    with testing.domain_context():
        assert testing.repository_for(Shelf).get(ids[1]).name == "Prose"


def test_a_use_case_that_raises_stores_nothing_and_delivers_nothing(testing: Domain) -> None:
    before = table_counts(testing)

    with testing.domain_context(), pytest.raises(Changed):
        Shelving().open_and_give_up("Drafts")

    assert table_counts(testing) == before
    assert journal == []


def test_a_use_case_inside_another_is_rolled_back_with_it(testing: Domain) -> None:
    before = table_counts(testing)

    with testing.domain_context(), pytest.raises(Changed):
        Shelving().open_both_ways("Poetry", "Prose")

    assert table_counts(testing) == before
    assert journal == []


def test_a_command_processed_in_a_use_case_commits_with_it(testing: Domain) -> None:
    seen = commits(testing)

    with testing.domain_context():
        shelf_id = Shelving().open_by_command("Letters")

    assert seen == [["Letters"]]
    assert isinstance(shelf_id, str)


def test_a_use_case_is_not_kept_on_record_as_a_command_is(testing: Domain) -> None:
    with testing.domain_context():
        Shelving().open_two("Poetry", "Prose")
        Shelving().open_by_command("Letters")

    assert table_counts(testing)["commands"] == 1  # CreateShelf alone


def test_a_failing_handler_after_the_commit_reports_the_use_case_s_result(
    testing: Domain,
) -> None:
    def unreachable(batch: list[StoredEvent]) -> None:
        raise ConnectionError("the mail server is down")

    testing.subscribe("mail", unreachable)

    with testing.domain_context(), pytest.raises(HandlersFailedAfterCommit) as failed:
        Shelving().open_two("Poetry", "Prose")

    assert len(failed.value.result) == 2  # type: ignore[arg-type]
    assert table_counts(testing)["shelf"] == 2  # committed all the same


def test_a_use_case_needs_an_active_domain(testing: Domain) -> None:
    with pytest.raises(ConfigurationError,
                       match=r"Use case `Shelving.open_two` needs an active domain context"):
        Shelving().open_two("Poetry", "Prose")


def test_a_use_case_is_marked_as_protean_marks_it() -> None:
    assert Shelving.open_two._use_case is True  # type: ignore[attr-defined]
    assert Shelving.open_two.__name__ == "open_two"
