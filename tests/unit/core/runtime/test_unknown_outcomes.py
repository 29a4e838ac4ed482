"""A commit cut off by a lost connection: its command's outcome is unknown, never guessed,
until the commands on record are read once the server is reached again (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from domain.core import Domain
from domain.core.errors import CommitOutcomeUnknownError, StorageError
from domain.core.runtime.engine import Engine
from domain.core.runtime.unknown_outcomes import NOT_STORED, UnknownOutcomes
from domain.core.storage.port import Store
from tests.postgres_server import require_psycopg
from tests.unit.core.library import CreateShelf, Shelf

require_psycopg()
WAIT_S = 10
on_postgres = pytest.mark.parametrize("testing", ["postgresql"], indirect=True)


def cut_off(store: Any) -> None:
    """End the store's connection from the server's side, as a restart or a network
    failure would."""
    with psycopg.connect(store.location, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (store.connection.info.backend_pid,))


def cut_off_at_commit(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The connection is lost as the COMMIT is sent: it never reaches the server."""
    commit = type(store).commit

    def cut_then_commit(self: Any) -> None:
        cut_off(self)
        commit(self)

    monkeypatch.setattr(type(store), "commit", cut_then_commit)


def commit_then_lose_the_reply(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The COMMIT reaches the server, and the connection is lost before its answer."""
    commit = type(store).commit

    def committed_unheard(self: Any) -> None:
        commit(self)
        raise CommitOutcomeUnknownError("the connection was lost while committing")

    monkeypatch.setattr(type(store), "commit", committed_unheard)


@on_postgres
def test_a_commit_cut_off_says_outcome_unknown_not_committed_nor_failed(
        testing: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    cut_off_at_commit(testing.session().store, monkeypatch)
    command = CreateShelf(name="Poetry")
    with pytest.raises(CommitOutcomeUnknownError, match="outcome unknown") as raised:
        testing.process(command)

    assert raised.value.command_id == command._metadata.id
    said = str(raised.value)
    assert not any(guess in said for guess in ("was stored", "not stored", "rolled back",
                                               "was committed", "was refused"))


@on_postgres
def test_after_a_cut_off_the_store_connects_again_and_finds_the_command_not_stored(
        testing: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    store = testing.session().store
    cut_off_at_commit(store, monkeypatch)
    command = CreateShelf(name="Poetry")
    with pytest.raises(CommitOutcomeUnknownError):
        testing.process(command)
    monkeypatch.undo()

    assert store.command_outcome(command._metadata.id) is None  # rolled back with it
    assert store.last_position() == 0


@on_postgres
def test_the_engine_answers_outcome_unknown_then_settles_it_from_the_record(
        testing: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    settled: list[tuple[str, str]] = []
    with Engine(testing.runtime) as engine:
        engine.unknown_outcomes.on_settled(lambda *outcome: settled.append(outcome))
        engine.query(lambda store: commit_then_lose_the_reply(store, monkeypatch)
                     ).result(WAIT_S)
        command = CreateShelf(name="Poetry")
        with pytest.raises(CommitOutcomeUnknownError, match="outcome unknown"):
            engine.submit(command).result(WAIT_S)
        monkeypatch.undo()  # the server answers again
        engine.query(lambda store: None).result(WAIT_S)  # the worker takes another turn
        engine.submit(CreateShelf(name="Prose")).result(WAIT_S)

    assert settled == [(command._metadata.id, "accepted")]
    assert len(testing.repository_for(Shelf).query.all()) == 2


class Unreachable:
    """A store whose server cannot be reached, then can (`reached`)."""

    def __init__(self) -> None:
        self.reached = False
        self.asked: list[str] = []

    def command_outcome(self, command_id: str) -> str | None:
        self.asked.append(command_id)
        if not self.reached:
            raise StorageError("the connection to the server was lost")
        return None


def test_an_outcome_is_asked_again_after_a_pause_while_the_server_is_unreachable() -> None:
    outcomes = UnknownOutcomes()
    outcomes.add(CreateShelf(name="Poetry"))
    store = Unreachable()
    fake: Store = store  # type: ignore[assignment]

    outcomes.settle(fake, now=100.0)
    outcomes.settle(fake, now=100.5)  # too soon: not asked
    store.reached = True
    outcomes.settle(fake, now=101.5)

    assert len(store.asked) == 2
    assert list(outcomes.settled.values()) == [NOT_STORED]
    assert not outcomes


@on_postgres
def test_process_looks_a_cut_off_command_up_before_the_next_one_runs(
        testing: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    cut_off_at_commit(testing.session().store, monkeypatch)
    command = CreateShelf(name="Poetry")
    with pytest.raises(CommitOutcomeUnknownError):
        testing.process(command)
    monkeypatch.undo()

    testing.process(CreateShelf(name="Prose"))

    assert testing.runtime.unknown_outcomes.settled == {command._metadata.id: NOT_STORED}
