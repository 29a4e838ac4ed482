"""`domain.process`: one transaction per command, and events dispatched only after the commit."""

from __future__ import annotations

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    IncorrectUsageError,
    ObjectNotFoundError,
    handle,
)
from tests.unit.core.library import (
    Boom,
    CreateShelf,
    RenameShelf,
    Shelf,
    ShelfCreated,
    ShelfRenamed,
    VolumeShelved,
    journal,
    table_counts,
)
from tests.unit.core.specimens import Specimen, specimens


def test_process_returns_what_the_handler_returns(testing: Domain) -> None:
    shelf_id = testing.process(CreateShelf(name="Poetry"))
    assert testing.repository_for(Shelf).get(shelf_id).name == "Poetry"


def test_an_event_handler_that_reads_its_aggregate_finds_it_stored(testing: Domain) -> None:
    shelf_id = testing.process(CreateShelf(name="Poetry"))

    (event, stored) = journal[0]
    assert isinstance(event, ShelfCreated)
    assert stored.id == shelf_id and stored.name == "Poetry"
    assert stored._version == 0  # its first write


def test_an_event_handler_sees_the_state_the_command_committed(testing: Domain) -> None:
    shelf_id = testing.process(CreateShelf(name="Poetry"))
    testing.process(RenameShelf(shelf_id=shelf_id, name="Prose"))

    (event, stored) = journal[-1]
    assert isinstance(event, ShelfRenamed)
    assert stored.name == "Prose"


def test_events_are_dispatched_in_the_order_they_were_raised(testing: Domain) -> None:
    testing.process(CreateShelf(name="Poetry", titles=["Odes", "Epodes", "Satires"]))

    kinds = [type(event).__name__ for event, _ in journal]
    assert kinds == ["ShelfCreated", "VolumeShelved", "VolumeShelved", "VolumeShelved"]
    assert [event.title for event, _ in journal if isinstance(event, VolumeShelved)] == [
        "Odes", "Epodes", "Satires"]


def test_a_command_that_raises_after_raise_leaves_no_event_and_calls_no_handler(
    testing: Domain,
) -> None:
    before = table_counts(testing)

    with pytest.raises(Boom):
        testing.process(CreateShelf(name="Poetry", titles=["Odes"], fail_after_raise=True))

    assert journal == []
    # Nothing but the refused command's record.
    assert table_counts(testing) == {**before, "commands": before["commands"] + 1}
    assert testing.session().store.last_position() == 0


def test_a_failed_command_does_not_disturb_the_next_one(testing: Domain) -> None:
    with pytest.raises(Boom):
        testing.process(CreateShelf(name="Poetry", fail_after_raise=True))
    testing.process(CreateShelf(name="Prose"))

    assert [event.name for event, _ in journal] == ["Prose"]
    assert testing.session().store.last_position() == 1


def test_an_error_of_the_handler_is_re_raised_unchanged(testing: Domain) -> None:
    with pytest.raises(ObjectNotFoundError, match="no-such-shelf"):
        testing.process(RenameShelf(shelf_id="no-such-shelf", name="Prose"))


def test_the_command_runs_in_one_transaction(testing: Domain) -> None:
    seen: list[bool] = []

    @testing.event_handler(part_of=Shelf)
    class TransactionWatcher:
        @handle(ShelfCreated)
        def on_created(self, event: ShelfCreated) -> None:
            seen.append(testing.session().store.in_transaction())

    testing.init()
    try:
        testing.process(CreateShelf(name="Poetry"))
    finally:
        testing.registry.event_handler_classes.remove(TransactionWatcher)
        testing.registry.subscribers = tuple(each for each in testing.registry.subscribers
                                             if "TransactionWatcher" not in each.name)
    assert seen == [False]  # dispatched after COMMIT, outside any transaction


def test_a_command_of_another_domain_is_refused(testing: Domain) -> None:
    with pytest.raises(IncorrectUsageError):
        testing.process(Specimen(code="AB"))


def test_a_command_without_a_handler_is_refused() -> None:
    @specimens.command(part_of=Specimen)
    class Inspect:
        pass

    specimens.init()
    with pytest.raises(ConfigurationError, match="Inspect"):
        specimens.process(Inspect())
