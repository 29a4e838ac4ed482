"""Commands on record: every command that ran is kept, accepted or refused, with its lineage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import (
    Domain,
    EngineStoppedError,
    HandlerExitError,
    ValidationError,
    current_domain,
    handle,
)
from domain.core.fields import Boolean, String
from domain.core.runtime.engine import Engine
from domain.core.storage import open_reader
from domain.core.storage.commands import ACCEPTED, REFUSED, WHOLE, CommandRecord
from tests.unit.core.conftest import BACKENDS, fresh_store

WAIT_S = 10
notes = Domain("Notes")


class Refused(Exception):
    """A handler refuses its command after it wrote."""


@notes.aggregate
class Note:
    text = String(max_length=10, required=True)

    def write(self) -> None:
        self.raise_(NoteWritten(text=self.text))


@notes.event(part_of=Note)
class NoteWritten:
    text = String(required=True)


@notes.command(part_of=Note)
class WriteNote:
    text = String(max_length=20, required=True)
    refuse_after_writing = Boolean(default=False)


@notes.command(part_of=Note)
class FileNote:
    text = String(required=True)


@notes.command(part_of=Note)
class TryNote:
    text = String(required=True)


@notes.command_handler(part_of=Note)
class NoteCommandHandler:
    @handle(TryNote)
    def try_note(self, command: TryNote) -> None:
        """Runs a command that is refused, and goes on without it."""
        try:
            current_domain.process(WriteNote(text=command.text, refuse_after_writing=True))
        except Refused:
            pass  # the note is not written; this command is accepted all the same

    @handle(WriteNote)
    def write_note(self, command: WriteNote) -> None:
        note = Note(text=command.text)
        note.write()
        current_domain.repository_for(Note).add(note)
        if command.refuse_after_writing:
            raise Refused(f"{command.text} was written, then refused")

    @handle(FileNote)
    def file_note(self, command: FileNote) -> None:
        """Writes nothing; exits the program when told to (the engine refuses it alone)."""
        if command.text == "exit":
            raise SystemExit(3)


@notes.event_handler(part_of=Note)
class Filing:
    @handle(NoteWritten)
    def on_written(self, event: NoteWritten) -> None:
        if event.text.startswith("file "):
            current_domain.process(FileNote(text=event.text))


@pytest.fixture(params=BACKENDS)
def domain(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Domain]:
    notes.close()
    notes.config["database"] = fresh_store(request, tmp_path, "notes.db")
    notes.init()
    yield notes
    notes.close()


def on_record(domain: Domain) -> list[CommandRecord]:
    """The commands on record, the oldest first."""
    reader = open_reader(domain.config["database"])
    try:
        return list(reversed(reader.commands(limit=None)))
    finally:
        reader.close()


def stored_events(domain: Domain) -> list[tuple[str, dict[str, str]]]:
    """Each stored event's id and payload, the oldest first."""
    reader = open_reader(domain.config["database"])
    try:
        return [(json.loads(each.metadata)["id"], json.loads(each.payload))
                for each in reader.events()]
    finally:
        reader.close()


def stored_texts(domain: Domain) -> list[str]:
    return [payload["text"] for _id, payload in stored_events(domain)]


def test_an_accepted_command_is_recorded_with_its_fields(domain: Domain) -> None:
    command = WriteNote(text="milk")
    domain.process(command)

    [recorded] = on_record(domain)
    metadata = command._metadata
    assert recorded.id == metadata.id
    assert recorded.type == "Notes.WriteNote.v1"
    assert json.loads(recorded.payload) == {"text": "milk", "refuse_after_writing": False}
    assert recorded.timestamp == metadata.timestamp.isoformat()
    assert (recorded.correlation_id, recorded.causation_id) == (metadata.id, None)
    assert (recorded.outcome, recorded.error_type, recorded.errors) == (ACCEPTED, None, None)


def test_a_refused_command_is_recorded_with_its_messages_and_its_writes_are_rolled_back(
        domain: Domain) -> None:
    with pytest.raises(Refused):
        domain.process(WriteNote(text="bread", refuse_after_writing=True))

    [recorded] = on_record(domain)
    assert (recorded.outcome, recorded.error_type) == (REFUSED, "Refused")
    assert json.loads(recorded.errors or "") == {WHOLE: ["bread was written, then refused"]}
    assert stored_texts(domain) == []


def test_a_command_its_aggregate_refuses_keeps_each_fields_messages(domain: Domain) -> None:
    with pytest.raises(ValidationError):
        domain.process(WriteNote(text="over ten chars"))  # a valid command, an invalid note

    [recorded] = on_record(domain)
    assert (recorded.outcome, recorded.error_type) == (REFUSED, "ValidationError")
    assert list(json.loads(recorded.errors or "")) == ["text"]


def test_a_command_invalid_when_built_is_not_recorded(domain: Domain) -> None:
    domain.process(WriteNote(text="milk"))
    with pytest.raises(ValidationError):
        domain.process(WriteNote(text="far too long for a note"))

    assert [json.loads(each.payload)["text"] for each in on_record(domain)] == ["milk"]


def test_an_event_handlers_command_is_caused_by_the_event_and_shares_the_correlation(
        domain: Domain) -> None:
    command = WriteNote(text="file taxes")
    domain.process(command)

    written, filed = on_record(domain)
    [(event_id, _payload)] = stored_events(domain)
    assert (written.type, filed.type) == ("Notes.WriteNote.v1", "Notes.FileNote.v1")
    assert filed.correlation_id == command._metadata.id
    assert filed.causation_id == event_id
    assert (written.outcome, filed.outcome) == (ACCEPTED, ACCEPTED)


def test_a_handlers_refused_command_is_recorded_in_the_savepoint_of_the_command_running_it(
        domain: Domain) -> None:
    outer = TryNote(text="maybe")
    domain.process(outer)

    inner, tried = on_record(domain)  # each is recorded once it came to an end
    assert (tried.type, tried.outcome) == ("Notes.TryNote.v1", ACCEPTED)
    assert (inner.type, inner.outcome) == ("Notes.WriteNote.v1", REFUSED)
    assert (inner.correlation_id, inner.causation_id) == (outer._metadata.id,) * 2
    assert stored_texts(domain) == []


def test_the_reader_finds_commands_by_id_and_by_correlation_newest_first(
        domain: Domain) -> None:
    first, second = WriteNote(text="file one"), WriteNote(text="two")
    domain.process(first)
    domain.process(second)
    reader = open_reader(domain.config["database"])
    try:
        by_correlation = reader.commands(correlation_id=first._metadata.id)
        newest = reader.commands(limit=2)
        found = reader.command(second._metadata.id)
        missing = reader.command("no-such-command")
    finally:
        reader.close()

    assert [each.type for each in by_correlation] == ["Notes.FileNote.v1",
                                                      "Notes.WriteNote.v1"]
    assert [each.id for each in newest] == [second._metadata.id, by_correlation[0].id]
    assert found is not None and found.id == second._metadata.id
    assert missing is None


# -- through the engine --------------------------------------------------------------------

@pytest.fixture
def engine(domain: Domain) -> Iterator[Engine]:
    engine = Engine(domain.runtime, group_commit=100).start()
    yield engine
    engine.stop()


def test_the_engine_records_accepted_and_refused_commands_of_one_group(
        domain: Domain, engine: Engine) -> None:
    commands = [WriteNote(text="one"), WriteNote(text="two", refuse_after_writing=True),
                WriteNote(text="three")]
    futures = [engine.submit(command) for command in commands]
    for future in futures:
        future.exception(WAIT_S)
    engine.stop()

    recorded = on_record(domain)
    assert [each.id for each in recorded] == [command._metadata.id for command in commands]
    assert [each.outcome for each in recorded] == [ACCEPTED, REFUSED, ACCEPTED]
    assert json.loads(recorded[1].errors or "") == {WHOLE: ["two was written, then refused"]}
    assert stored_texts(domain) == ["one", "three"]  # the refused one's write rolled back


def test_a_handler_that_exits_refuses_its_command_alone_and_it_is_recorded(
        domain: Domain, engine: Engine) -> None:
    exits, files = FileNote(text="exit"), FileNote(text="calm")
    futures = [engine.submit(exits), engine.submit(files)]
    with pytest.raises(HandlerExitError):
        futures[0].result(WAIT_S)
    futures[1].result(WAIT_S)
    engine.stop()

    recorded = on_record(domain)
    assert [(each.id, each.outcome) for each in recorded] == [
        (exits._metadata.id, REFUSED), (files._metadata.id, ACCEPTED)]
    assert recorded[0].error_type == "HandlerExitError"


def test_a_command_a_stopped_engine_refuses_is_not_recorded(
        domain: Domain, engine: Engine) -> None:
    engine.stop()
    with pytest.raises(EngineStoppedError):
        engine.submit(WriteNote(text="late"))

    assert on_record(domain) == []
