"""Sync event processing, as Protean documents it: the command stays committed, every
handler runs, and then the caller learns of the ones that failed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import (
    Domain,
    HandlerFailure,
    HandlersFailedAfterCommit,
    UnitOfWork,
    current_domain,
    handle,
)
from domain.core.fields import String
from domain.core.runtime.runtime import Runtime

diary = Domain("Diary")


class Unreachable(Exception):
    """The mail server a handler needs is down."""


@diary.aggregate
class Entry:
    text = String(required=True)

    def write(self) -> None:
        self.raise_(EntryWritten(entry_id=self.id, text=self.text))


@diary.event(part_of=Entry)
class EntryWritten:
    entry_id = String(required=True)
    text = String(required=True)


@diary.command(part_of=Entry)
class WriteEntry:
    text = String(required=True)


@diary.command(part_of=Entry)
class WriteFollowUp:
    text = String(required=True)


@diary.command_handler(part_of=Entry)
class EntryCommands:
    @handle(WriteEntry)
    def write(self, command: WriteEntry) -> str:
        entry = Entry(text=command.text)
        entry.write()
        current_domain.repository_for(Entry).add(entry)
        return str(entry.id)

    @handle(WriteFollowUp)
    def follow_up(self, command: WriteFollowUp) -> str:
        return self.write(WriteEntry(text=command.text))


# What the handlers did, and which texts make the mailer fail.
received: dict[str, list[str]] = {"mailer": [], "indexer": [], "archivist": []}
refused: set[str] = set()


def written(name: str, event: EntryWritten) -> None:
    if name == "mailer" and event.text in refused:
        raise Unreachable(f"cannot mail {event.text!r}")
    received[name].append(event.text)


@diary.event_handler(part_of=Entry)
class Mailer:
    @handle(EntryWritten)
    def on_written(self, event: EntryWritten) -> None:
        written("mailer", event)


@diary.event_handler(part_of=Entry)
class Indexer:
    @handle(EntryWritten)
    def on_written(self, event: EntryWritten) -> None:
        written("indexer", event)


@diary.event_handler(part_of=Entry)
class Archivist:
    @handle(EntryWritten)
    def on_written(self, event: EntryWritten) -> None:
        written("archivist", event)
        if event.text.startswith("follow "):
            return
        # A command processed from a handler: its events are delivered in the same drain.
        current_domain.process(WriteFollowUp(text=f"follow {event.text}"))


MAILER = f"{__name__}.Mailer"


@pytest.fixture
def domain(tmp_path: Path) -> Iterator[Domain]:
    diary.close()
    diary.config["database"] = str(tmp_path / "diary.db")
    diary.init()
    refused.clear()
    for texts in received.values():
        texts.clear()
    yield diary
    diary.close()


def stored_texts(domain: Domain) -> list[str]:
    rows = domain.session().store.execute("SELECT text FROM entry ORDER BY text").fetchall()
    return [text for (text,) in rows]


def test_a_command_whose_handlers_all_succeed_returns_its_result(domain: Domain) -> None:
    entry_id = domain.process(WriteEntry(text="dear diary"))

    assert domain.repository_for(Entry).get(entry_id).text == "dear diary"
    assert received["mailer"] == ["dear diary", "follow dear diary"]


def test_a_failing_handler_makes_process_raise_after_the_commit(domain: Domain) -> None:
    refused.add("dear diary")

    with pytest.raises(HandlersFailedAfterCommit) as raised:
        domain.process(WriteEntry(text="dear diary"))

    assert str(raised.value).startswith("The command was committed; 1 handler(s) failed")
    assert stored_texts(domain) == ["dear diary", "follow dear diary"]  # both committed
    entry_id = raised.value.result
    assert domain.repository_for(Entry).get(entry_id).text == "dear diary"


def test_every_other_handler_still_runs_and_so_do_the_commands_they_process(
        domain: Domain) -> None:
    refused.add("dear diary")

    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(WriteEntry(text="dear diary"))

    assert received["indexer"] == ["dear diary", "follow dear diary"]
    assert received["archivist"] == ["dear diary", "follow dear diary"]
    assert received["mailer"] == ["follow dear diary"]


def test_the_error_names_each_failure_its_handler_its_event_and_its_error(
        domain: Domain) -> None:
    refused.update({"dear diary", "follow dear diary"})

    with pytest.raises(HandlersFailedAfterCommit) as raised:
        domain.process(WriteEntry(text="dear diary"))

    failures = raised.value.failures
    assert [(handler, position) for handler, position, _ in failures] == [
        (MAILER, 1), (MAILER, 2)]
    assert all(isinstance(failure, HandlerFailure) for failure in failures)
    assert [str(failure.error) for failure in failures] == [
        "cannot mail 'dear diary'", "cannot mail 'follow dear diary'"]
    assert str(raised.value).startswith("The command was committed; 2 handler(s) failed: "
                                        f"{MAILER} on event 1: Unreachable: cannot mail")


def test_each_failure_is_also_recorded_for_retry(domain: Domain) -> None:
    refused.add("dear diary")

    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(WriteEntry(text="dear diary"))

    (row,) = domain.session().dispatcher.failures.listing()
    assert (row["subscriber"], row["position"], row["attempts"]) == (MAILER, 1, 1)
    assert row["error"] == f"{__name__}.Unreachable: cannot mail 'dear diary'"


def test_a_retry_that_fails_again_is_not_blamed_on_the_next_command(domain: Domain) -> None:
    refused.add("dear diary")
    with pytest.raises(HandlersFailedAfterCommit):
        domain.process(WriteEntry(text="dear diary"))
    store = domain.session().store
    store.execute("UPDATE failures SET next_attempt_at = 0")
    domain.session().dispatcher.reschedule()  # due now: the next delivery retries it

    domain.process(WriteEntry(text="second"))  # returns: the retry failed, not its handlers

    (row,) = domain.session().dispatcher.failures.listing()
    assert row["attempts"] == 2


def test_a_failure_on_an_event_another_program_committed_is_recorded_not_raised(
        domain: Domain) -> None:
    domain.open()
    elsewhere = Runtime(diary.registry, str(domain.config["database"]), face=diary,
                        subscribers=())
    elsewhere.process(WriteEntry(text="written elsewhere"))  # delivered to nobody there
    elsewhere.close()
    refused.add("written elsewhere")

    domain.process(WriteEntry(text="mine"))  # catches up on it first: not this commit's

    listing = domain.session().dispatcher.failures.listing()
    assert [(row["subscriber"], row["position"]) for row in listing] == [(MAILER, 1)]


def test_a_repository_add_outside_process_raises_it_too(domain: Domain) -> None:
    refused.add("loose page")
    entry = Entry(text="loose page")
    entry.write()

    with pytest.raises(HandlersFailedAfterCommit) as raised:
        domain.repository_for(Entry).add(entry)

    assert raised.value.result is None  # no command handler returned anything
    assert [handler for handler, _, _ in raised.value.failures] == [MAILER]
    assert stored_texts(domain) == ["follow loose page", "loose page"]


def test_a_unit_of_work_raises_it_on_leaving_after_its_commit(domain: Domain) -> None:
    refused.add("in a unit")
    entry = Entry(text="in a unit")
    entry.write()

    with pytest.raises(HandlersFailedAfterCommit), diary.domain_context(), UnitOfWork():
        current_domain.repository_for(Entry).add(entry)

    assert "in a unit" in stored_texts(domain)


def test_with_async_event_processing_process_does_not_raise(domain: Domain) -> None:
    domain.close()
    domain.config["event_processing"] = "async"
    try:
        domain.init()
        refused.add("dear diary")
        entry_id = domain.process(WriteEntry(text="dear diary"))
        delivery = domain.runtime.delivery
        assert delivery is not None and delivery.wait_delivered(timeout=10)
        listing = domain.session().dispatcher.failures.listing()
        assert [(row["subscriber"], row["position"]) for row in listing] == [(MAILER, 1)]
        assert domain.repository_for(Entry).get(entry_id).text == "dear diary"
    finally:
        domain.close()
        domain.config["event_processing"] = "sync"
