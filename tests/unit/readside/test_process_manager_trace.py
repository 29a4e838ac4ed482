"""A process manager shows in the read side like an aggregate: its transitions in the trace of
the chain that caused them, and its stream's history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain
from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside.history import find_stream, read_history
from domain.readside.trace import COMMAND, EVENT, trace
from tests.unit.core.errands import ErrandFlow, OpenErrand, errands


@pytest.fixture
def domain(tmp_path: Path) -> Iterator[Domain]:
    errands.close()
    errands.config["database"] = str(tmp_path / "errands.db")
    errands.init()
    errands.open()  # makes the file the reader reads
    ErrandFlow.failing = set()
    yield errands
    errands.close()


@pytest.fixture
def reader(domain: Domain) -> Iterator[SqliteReader]:
    opened = SqliteReader(str(domain.config["database"]))
    yield opened
    opened.close()


def test_its_transitions_and_commands_are_in_the_trace_under_the_events_that_caused_them(
        domain: Domain, reader: SqliteReader) -> None:
    command = OpenErrand(title="Post a letter", price=3)
    domain.process(command)

    found = trace(reader, command._metadata.id)

    assert [(depth, node.kind, node.type.split(".")[1]) for depth, node in found.walk()] == [
        (0, COMMAND, "OpenErrand"),
        (1, EVENT, "ErrandOpened"),
        (2, COMMAND, "TakePayment"),
        (3, EVENT, "PaymentTaken"),
        (4, COMMAND, "CloseErrand"),
        (5, EVENT, "ErrandClosed"),
        (6, EVENT, "_ErrandFlowTransition"),
        (4, EVENT, "_ErrandFlowTransition"),
        (2, EVENT, "_ErrandFlowTransition"),
    ]


def test_its_stream_has_a_history_of_its_transitions(domain: Domain,
                                                    reader: SqliteReader) -> None:
    errand_id = str(domain.process(OpenErrand(title="Post a letter", price=3)))

    stream = find_stream(reader, ErrandFlow.stream_name(errand_id))
    history = read_history(reader, stream)

    assert stream == f"errands::errandflow-{errand_id}"
    assert [[event.type.split(".")[1] for event in version.events]
            for version in history.versions] == [["_ErrandFlowTransition"]] * 3
    # Each transition's state is kept, as an aggregate's after each write.
    assert [version.number for version in history.versions] == [0, 1, 2]
    assert [len(version.state["steps"]) for version in history.versions] == [1, 2, 3]
