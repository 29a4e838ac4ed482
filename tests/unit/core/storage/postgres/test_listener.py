"""Commits heard by other connections (issue 16, item 3): each commit that appended is
announced with its last position, a rolled-back one never, and a quiet wait times out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from domain.core import Domain, StorageError  # noqa: E402
from domain.core.storage.postgres import event_log, schema  # noqa: E402
from domain.core.storage.postgres.listener import CommitListener  # noqa: E402
from tests.unit.core.ledger import Account  # noqa: E402


@pytest.fixture
def writer(postgres_url: str, accounts: Domain) -> Iterator[psycopg.Connection]:
    with psycopg.connect(postgres_url) as opened:
        schema.migrate(opened)
        yield opened


@pytest.fixture
def listener(postgres_url: str, writer: psycopg.Connection) -> Iterator[CommitListener]:
    opened = CommitListener(postgres_url)
    yield opened
    opened.close()


def test_a_commit_is_heard_with_its_last_position(writer: psycopg.Connection,
                                                  listener: CommitListener) -> None:
    account = Account.open("Ada")
    account.credit(5.0)
    for event in account._events:
        event_log.append(writer, event)

    assert listener.wait(timeout=0.2) is None  # not before the commit
    writer.commit()

    assert listener.wait(timeout=5) == 2


def test_a_rolled_back_append_is_never_heard(writer: psycopg.Connection,
                                             listener: CommitListener) -> None:
    event_log.append(writer, Account.open("Ada")._events[0])
    writer.rollback()

    assert listener.wait(timeout=0.5) is None


def test_commits_made_while_nobody_waited_are_heard_as_the_newest(
        writer: psycopg.Connection, listener: CommitListener) -> None:
    for holder in ("Ada", "Bo", "Cy"):
        event_log.append(writer, Account.open(holder)._events[0])
        writer.commit()

    # The three notifications may reach the socket one wait apart: the positions heard
    # only grow, up to the newest.
    heard = [listener.wait(timeout=5)]
    while heard[-1] is not None and heard[-1] < 3:
        heard.append(listener.wait(timeout=1))
    assert heard[-1] == 3 and heard == sorted(heard)
    assert listener.wait(timeout=0.2) is None


def test_a_notification_on_the_channel_that_is_no_position_is_passed_over(
        writer: psycopg.Connection, listener: CommitListener, postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as stranger:
        stranger.execute("NOTIFY bookshelf_commits, 'hello'")

    assert listener.wait(timeout=0.5) is None
    event_log.append(writer, Account.open("Ada")._events[0])
    writer.commit()
    assert listener.wait(timeout=5) == 1


def test_a_lost_connection_says_so_naming_the_server(listener: CommitListener,
                                                     postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE query LIKE 'LISTEN%' AND datname = current_database()")

    with pytest.raises(StorageError) as lost:
        listener.wait(timeout=5)

    assert str(lost.value).startswith(f"{postgres_url}: the connection to the server was lost (")


def test_a_wait_interrupted_from_another_thread_ends_at_once(listener: CommitListener
                                                             ) -> None:
    threading.Timer(0.2, listener.interrupt).start()
    began = time.monotonic()

    with pytest.raises(StorageError):
        listener.wait(timeout=30)

    assert time.monotonic() - began < 2
