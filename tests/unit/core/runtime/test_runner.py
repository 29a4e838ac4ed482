"""The runner: a command's events are handed over only when the outermost unit commits."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.core import Domain, current_domain, handle
from domain.core.fields import Boolean, String
from domain.core.runtime.runtime import Runtime
from domain.core.stored_event import StoredEvent

nested = Domain("Nested")


class Refused(Exception):
    """The outer command fails after its inner command ran."""


@nested.aggregate
class Note:
    text = String(required=True)

    def write(self) -> None:
        self.raise_(NoteWritten(text=self.text))


@nested.event(part_of=Note)
class NoteWritten:
    text = String(required=True)


@nested.command(part_of=Note)
class WriteNote:
    text = String(required=True)


@nested.command(part_of=Note)
class WriteTwoNotes:
    text = String(required=True)
    fail_after_the_inner_one = Boolean(default=False)


@nested.command_handler(part_of=Note)
class NoteCommandHandler:
    @handle(WriteNote)
    def write_note(self, command: WriteNote) -> None:
        note = Note(text=command.text)
        note.write()
        current_domain.repository_for(Note).add(note)

    @handle(WriteTwoNotes)
    def write_two(self, command: WriteTwoNotes) -> None:
        current_domain.process(WriteNote(text=f"{command.text}, inner"))
        if command.fail_after_the_inner_one:
            raise Refused("the outer command fails after its inner one")
        self.write_note(WriteNote(text=f"{command.text}, outer"))


nested.init()


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    return Runtime(nested.registry, str(tmp_path / "nested.db"), face=nested)


def watch(runtime: Runtime) -> list[tuple[str, bool]]:
    """(text, whether a transaction was open on the writer) of every delivered event."""
    seen: list[tuple[str, bool]] = []

    def record(batch: list[StoredEvent]) -> None:
        in_transaction = runtime.session().store.current_unit is not None
        seen.extend((stored.payload["text"], in_transaction) for stored in batch)

    runtime.subscribe("watcher", record)
    return seen


def test_a_command_run_inside_a_command_is_delivered_after_the_outer_commit(
        runtime: Runtime) -> None:
    seen = watch(runtime)

    runtime.process(WriteTwoNotes(text="two"))

    assert seen == [("two, inner", False), ("two, outer", False)]
    runtime.close()


def test_an_outer_command_that_fails_delivers_nothing_of_its_inner_command(
        runtime: Runtime) -> None:
    seen = watch(runtime)

    with pytest.raises(Refused):
        runtime.process(WriteTwoNotes(text="two", fail_after_the_inner_one=True))

    assert seen == []
    assert runtime.open().store.last_position() == 0
    runtime.close()
