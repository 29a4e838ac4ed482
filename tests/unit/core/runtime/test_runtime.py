"""The runtime: storage opens only when asked, on each thread; a command runs in one place."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from domain.core import Domain, IncorrectUsageError, current_domain, handle
from domain.core.context import current_session
from domain.core.fields import String
from domain.core.runtime.runtime import Runtime
from tests.unit.core.library import library

probe = Domain("Probe")
units_seen: list[object] = []


@probe.aggregate
class Thing:
    name = String(required=True)

    def make(self) -> None:
        self.raise_(ThingMade(name=self.name))


@probe.event(part_of=Thing)
class ThingMade:
    name = String(required=True)


@probe.command(part_of=Thing)
class MakeThing:
    name = String(required=True)


@probe.command_handler(part_of=Thing)
class ThingCommandHandler:
    @handle(MakeThing)
    def make_thing(self, command: MakeThing) -> str:
        units_seen.append(current_session().store.current_unit.command)
        thing = Thing(name=command.name)
        thing.make()
        current_domain.repository_for(Thing).add(thing)
        return str(thing.id)


probe.init()


@pytest.fixture
def runtime(tmp_path: Path) -> Runtime:
    library.registry.init()
    return Runtime(library.registry, str(tmp_path / "library.db"), face=library)


def test_making_a_runtime_opens_nothing(runtime: Runtime, tmp_path: Path) -> None:
    assert not (tmp_path / "library.db").exists()
    assert not runtime.is_open()


def test_open_creates_the_file_and_close_closes_this_threads_session(
        runtime: Runtime, tmp_path: Path) -> None:
    runtime.open()
    assert (tmp_path / "library.db").exists() and runtime.is_open()

    runtime.close()

    assert not runtime.is_open()
    with pytest.raises(IncorrectUsageError, match="not open on this thread"):
        runtime.session()


def test_each_thread_has_a_session_of_its_own(runtime: Runtime) -> None:
    mine = runtime.open()
    theirs: list[object] = []

    def on_another_thread() -> None:
        theirs.append(runtime.open())
        runtime.close()

    thread = threading.Thread(target=on_another_thread)
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not mine
    assert runtime.session() is mine
    runtime.close()


def test_the_unit_of_work_knows_the_command_it_runs(tmp_path: Path) -> None:
    command = MakeThing(name="a thing")
    runtime = Runtime(probe.registry, str(tmp_path / "probe.db"), face=probe)
    try:
        runtime.process(command)
    finally:
        runtime.close()
    assert units_seen == [command]


def test_two_runtimes_on_two_files_run_side_by_side(tmp_path: Path) -> None:
    first = Runtime(probe.registry, str(tmp_path / "first.db"), face=probe)
    second = Runtime(probe.registry, str(tmp_path / "second.db"), face=probe)
    try:
        made = first.process(MakeThing(name="only in the first"))
        assert first.repository_for(Thing).get(made).name == "only in the first"
        assert second.open().store.last_position() == 0
        assert first.open().store.last_position() == 1
    finally:
        first.close()
        second.close()


def test_a_domain_made_but_not_initialised_refuses_to_open(tmp_path: Path) -> None:
    fresh = Domain("Fresh")
    with pytest.raises(IncorrectUsageError, match="init"):
        fresh.open()
