"""An event-sourced aggregate's or a process manager's history replays the states no write
recorded: a version an event, each state as its events left it (issue 14, item 3)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from domain.core import Domain
from domain.core.storage import open_reader
from domain.readside.history import NOT_RECORDED, History, read_history
from domain.readside.replay import event_sourced_class, replay_with
from tests.unit.core.errands import ErrandFlow, OpenErrand, errands
from tests.unit.core.ledger import Account, Credit, OpenAccount, ledger, seen


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[Domain]:
    """The Ledger domain (event-sourced accounts) on a new SQLite file."""
    ledger.close()
    ledger.config["database"] = str(tmp_path / "ledger.db")
    ledger.init()
    seen.clear()
    yield ledger
    ledger.close()
    seen.clear()


def opened_and_credited(accounts: Domain) -> str:
    """One write of three events (opened, credited 10, credited 5), then a command's write
    of one (credited 20): the stream of the account, its domain closed."""
    account = Account.open("Ada")
    account.credit(10.0)
    account.credit(5.0)
    accounts.repository_for(Account).add(account)
    accounts.process(Credit(account_id=account.id, amount=20.0))
    accounts.close()
    return Account.stream_name(account.id)


def history(accounts: Domain, stream: str, replayed: bool = True) -> History:
    with closing(open_reader(str(accounts.config["database"]))) as reader:
        return read_history(reader, stream, replay_with(ledger.registry) if replayed else None)


def balances(found: History) -> list[tuple[int | None, object]]:
    return [(version.number, version.state and version.state["balance"])
            for version in found.versions]


def test_each_event_is_a_version_and_the_states_no_write_recorded_are_replayed(
        accounts: Domain) -> None:
    found = history(accounts, opened_and_credited(accounts))

    assert balances(found) == [(0, 0.0), (1, 10.0), (2, 15.0), (3, 35.0)]
    assert [len(version.events) for version in found.versions] == [1, 1, 1, 1]
    assert found.versions[1].state is not None and found.versions[1].state["holder"] == "Ada"


def test_without_replay_those_states_are_not_recorded(accounts: Domain) -> None:
    found = history(accounts, opened_and_credited(accounts), replayed=False)

    assert balances(found) == [(0, None), (1, None), (2, 15.0), (3, 35.0)]


def test_a_replayed_version_is_compared_with_the_one_before_it(accounts: Domain) -> None:
    comparison = history(accounts, opened_and_credited(accounts)).comparison(1)

    assert comparison.before_missing == "" and comparison.after_missing == ""
    assert comparison.changed == (("balance",),)


def test_a_store_written_before_states_were_kept_is_replayed_whole(accounts: Domain) -> None:
    stream = opened_and_credited(accounts)
    with closing(sqlite3.connect(str(accounts.config["database"]))) as connection:
        connection.execute("DELETE FROM aggregate_states")
        connection.commit()

    assert balances(history(accounts, stream)) == [(0, 0.0), (1, 10.0), (2, 15.0), (3, 35.0)]


def test_a_recorded_state_is_shown_as_recorded_not_replayed(accounts: Domain) -> None:
    stream = opened_and_credited(accounts)
    with closing(sqlite3.connect(str(accounts.config["database"]))) as connection:
        connection.execute("UPDATE aggregate_states SET state = json_set(state, '$.holder', "
                           "'Ada as recorded') WHERE version = 3")
        connection.commit()

    found = history(accounts, stream)

    assert [version.state and version.state["holder"] for version in found.versions] == [
        "Ada", "Ada", "Ada", "Ada as recorded"]


def test_the_replay_stops_at_an_event_it_cannot_decode(accounts: Domain) -> None:
    stream = opened_and_credited(accounts)
    with closing(sqlite3.connect(str(accounts.config["database"]))) as connection:
        connection.execute("DELETE FROM aggregate_states")
        # Two more events: one of a type no class is registered for, then a credit.
        for sequence, type_name in ((5, "Ledger.Forgotten.v1"), (6, "Ledger.Credited.v1")):
            connection.execute(
                "INSERT INTO events (id, stream, sequence, type, timestamp, payload, metadata)"
                " SELECT ?, stream, ?, ?, timestamp, payload, json_set(metadata, '$.id', ?,"
                " '$.sequence', ?, '$.type', ?) FROM events WHERE stream = ? AND sequence = 4",
                (f"e{sequence}", sequence, type_name, f"e{sequence}", sequence, type_name,
                 stream))
        connection.commit()

    found = history(accounts, stream)

    assert balances(found) == [(0, 0.0), (1, 10.0), (2, 15.0), (3, 35.0), (4, None), (5, None)]
    assert found.comparison(5).after_missing == NOT_RECORDED


def test_only_an_event_sourced_aggregate_s_streams_are_replayed(accounts: Domain) -> None:
    stream = Account.stream_name("a1")

    assert event_sourced_class(ledger.registry, stream) is Account
    assert event_sourced_class(ledger.registry, "ledger::accountant-a1") is None
    assert event_sourced_class(ledger.registry, "library::account-a1") is None
    assert replay_with(ledger.registry)("ledger::shelf-a1", []) is None


def test_an_account_opened_by_a_command_is_one_version_an_event(accounts: Domain) -> None:
    account_id = accounts.process(OpenAccount(holder="Bo"))
    accounts.process(Credit(account_id=account_id, amount=1.0))
    accounts.close()

    found = history(accounts, Account.stream_name(str(account_id)))

    assert balances(found) == [(0, 0.0), (1, 1.0)]


@pytest.fixture
def errands_file(tmp_path: Path) -> Iterator[Domain]:
    """The Errands domain (a process manager) on a new SQLite file."""
    errands.close()
    errands.config["database"] = str(tmp_path / "errands.db")
    errands.init()
    ErrandFlow.failing = set()
    yield errands
    errands.close()


def test_a_process_manager_s_states_no_write_recorded_come_from_its_transitions(
        errands_file: Domain) -> None:
    errand_id = str(errands_file.process(OpenErrand(title="Post a letter", price=3)))
    errands_file.close()
    stream = ErrandFlow.stream_name(errand_id)
    with closing(open_reader(str(errands_file.config["database"]))) as reader:
        recorded = read_history(reader, stream, replay_with(errands.registry))
    with closing(sqlite3.connect(str(errands_file.config["database"]))) as connection:
        connection.execute("DELETE FROM aggregate_states")
        connection.commit()

    with closing(open_reader(str(errands_file.config["database"]))) as reader:
        replayed = read_history(reader, stream, replay_with(errands.registry))

    assert [version.number for version in replayed.versions] == [0, 1, 2]
    assert [version.state for version in replayed.versions] == [
        version.state for version in recorded.versions]
    assert [version.state and version.state["steps"] for version in replayed.versions] == [
        ["opened"], ["opened", "paid"], ["opened", "paid", "closed"]]
