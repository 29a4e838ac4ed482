"""The repository of an event-sourced aggregate: new events appended, state rebuilt by replay."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest

from domain.core import (
    Domain,
    ExpectedVersionError,
    IncorrectUsageError,
    ObjectNotFoundError,
)
from domain.core.storage import open_reader
from domain.readside.history import read_history
from tests.unit.core.ledger import Account, AccountOpened, Credit, Credited, OpenAccount, seen
from tests.unit.core.library import table_names


def stored_account(domain: Domain, *credits: float) -> Account:
    account = Account.open("Ada")
    for amount in credits:
        account.credit(amount)
    domain.repository_for(Account).add(account)
    return account


def stream_rows(domain: Domain, account: Account) -> list[tuple[int, str]]:
    return domain.session().store.execute(
        "SELECT sequence, type FROM events WHERE stream = ? ORDER BY sequence",
        (Account.stream_name(account.id),)).fetchall()


def test_get_rebuilds_the_aggregate_by_replaying_its_events(accounts: Domain) -> None:
    account = stored_account(accounts, 10.0, 5.0)
    copy = accounts.repository_for(Account).get(account.id)
    assert copy is not account and copy.to_dict() == account.to_dict()
    assert copy._version == 2 and copy._events == []


def test_add_appends_only_the_events_raised_since_the_aggregate_was_read(
        accounts: Domain) -> None:
    repository = accounts.repository_for(Account)
    account = repository.get(stored_account(accounts, 10.0).id)
    account.credit(7.0)
    repository.add(account)
    repository.add(account)  # nothing new: nothing written
    assert [sequence for sequence, _ in stream_rows(accounts, account)] == [1, 2, 3]
    assert repository.get(account.id).balance == 17.0


def test_an_event_sourced_aggregate_has_no_table(accounts: Domain) -> None:
    tables = table_names(accounts)
    assert "account" not in tables and "events" in tables


def test_a_stale_copy_is_refused_with_expected_version_error_and_writes_nothing(
        accounts: Domain) -> None:
    repository = accounts.repository_for(Account)
    account = stored_account(accounts)
    first, stale = repository.get(account.id), repository.get(account.id)
    first.credit(1.0)
    repository.add(first)
    stale.credit(2.0)
    stale.credit(3.0)
    with pytest.raises(ExpectedVersionError):
        repository.add(stale)
    assert len(stream_rows(accounts, account)) == 2
    assert repository.get(account.id).balance == 1.0
    assert len(stale._events) == 2  # kept, as the write did not happen


def test_get_of_an_id_with_no_events_raises_object_not_found(accounts: Domain) -> None:
    with pytest.raises(ObjectNotFoundError, match="Account.*nobody"):
        accounts.repository_for(Account).get("nobody")


def test_get_at_a_version_gives_the_state_after_that_many_events_plus_one(
        accounts: Domain) -> None:
    account = stored_account(accounts, 10.0, 5.0, 1.0)
    repository = accounts.repository_for(Account)
    assert [(repository.get(account.id, at_version=n).balance,
             repository.get(account.id, at_version=n)._version) for n in range(4)] == [
        (0.0, 0), (10.0, 1), (15.0, 2), (16.0, 3)]


def test_get_at_a_version_past_the_last_raises_object_not_found(accounts: Domain) -> None:
    account = stored_account(accounts, 10.0)
    with pytest.raises(ObjectNotFoundError, match="no version 2"):
        accounts.repository_for(Account).get(account.id, at_version=2)


def test_get_as_of_a_time_applies_the_events_stored_on_or_before_it(accounts: Domain) -> None:
    repository = accounts.repository_for(Account)
    account = repository.get(stored_account(accounts, 10.0).id)
    account.credit(5.0)
    repository.add(account)
    events = accounts.session().store.load_stream(Account.stream_name(account.id))
    middle = events[1].metadata.timestamp
    past = repository.get(account.id, as_of=middle)
    assert (past.balance, past._version) == (10.0, 1)
    assert repository.get(account.id, as_of=middle.replace(tzinfo=None)).balance == 10.0
    with pytest.raises(ObjectNotFoundError, match="no events on or before"):
        repository.get(account.id, as_of=events[0].metadata.timestamp - timedelta(seconds=1))


def test_at_version_and_as_of_together_are_refused(accounts: Domain) -> None:
    account = stored_account(accounts)
    with pytest.raises(IncorrectUsageError, match="mutually exclusive"):
        accounts.repository_for(Account).get(account.id, at_version=0, as_of=datetime.now(UTC))


def test_a_past_state_is_read_only(accounts: Domain) -> None:
    account = stored_account(accounts, 10.0)
    past = accounts.repository_for(Account).get(account.id, at_version=0)
    assert past._is_temporal
    with pytest.raises(IncorrectUsageError, match="read-only"):
        past.credit(1.0)
    assert past._events == [] and past.balance == 0.0


def test_an_event_sourced_aggregate_has_no_rows_to_query(accounts: Domain) -> None:
    with pytest.raises(IncorrectUsageError, match="event-sourced"):
        accounts.repository_for(Account).find_by(holder="Ada")


def test_a_command_commits_the_events_and_delivers_them_after_the_commit(
        accounts: Domain) -> None:
    account_id = accounts.process(OpenAccount(holder="Ada"))
    command = Credit(account_id=account_id, amount=12.0)
    accounts.process(command)
    assert [(type(event), copy.balance, copy._version) for event, copy in seen] == [
        (AccountOpened, 0.0, 0), (Credited, 12.0, 1)]
    credited = seen[1][0]
    assert credited._metadata.causation_id == command._metadata.id
    assert credited._metadata.correlation_id == command._metadata.correlation_id


def test_a_command_refused_by_an_invariant_writes_and_delivers_nothing(
        accounts: Domain) -> None:
    account_id = accounts.process(OpenAccount(holder="Ada"))
    seen.clear()
    with pytest.raises(Exception, match="must stay under 1000"):
        accounts.process(Credit(account_id=account_id, amount=5000.0))
    assert seen == []
    assert accounts.repository_for(Account).get(account_id)._version == 0


def test_get_as_of_stops_at_the_first_event_raised_after_that_time(accounts: Domain) -> None:
    repository = accounts.repository_for(Account)
    account = Account._create_new()
    built_early = Credited(account_id=account.id, amount=5.0)  # stamped now, raised later
    account.raise_(AccountOpened(account_id=account.id, holder="Ada"))
    account.raise_(built_early)
    account.credit(7.0)
    repository.add(account)
    before_opening = built_early._metadata.timestamp

    # The credit built early is stamped before the opening: no state has it without it.
    with pytest.raises(ObjectNotFoundError, match="no events on or before"):
        repository.get(account.id, as_of=before_opening)


def test_a_rolled_back_add_leaves_the_aggregate_to_be_added_again(accounts: Domain) -> None:
    repository = accounts.repository_for(Account)
    account = Account.open("Ada")
    with pytest.raises(RuntimeError), accounts.session().store.unit_of_work():
        repository.add(account)
        raise RuntimeError("the unit of work is abandoned")

    assert (account._sequence, len(account._events)) == (0, 1)
    repository.add(account)
    assert [sequence for sequence, _ in stream_rows(accounts, account)] == [1]


def test_each_write_keeps_the_state_it_left_for_the_history(accounts: Domain) -> None:
    account = stored_account(accounts, 10.0, 5.0)  # one write of three events
    read = accounts.repository_for(Account).get(account.id)
    read.credit(20.0)
    accounts.repository_for(Account).add(read)  # a second write, of one event
    accounts.close()

    with closing(open_reader(str(accounts.config["database"]))) as reader:
        history = read_history(reader, Account.stream_name(account.id))

    # Every event is a version; the state kept is the one each write left.
    assert [(version.number, version.state and version.state["balance"])
            for version in history.versions] == [(0, None), (1, None), (2, 15.0), (3, 35.0)]
    assert history.versions[2].state["holder"] == "Ada"
