"""Opening a PostgreSQL store (issue 16, item 6): each refusal names the server without
its password, says why, and changes nothing; a new database becomes a store."""

from __future__ import annotations

import threading

import pytest

from tests.postgres_server import require_psycopg

psycopg = require_psycopg()

from domain.core import StorageError  # noqa: E402
from domain.core.storage.postgres import schema  # noqa: E402
from domain.core.storage.postgres.connection import open_database  # noqa: E402
from tests.postgres_server import GUARDED_ROLE, Cluster, free_port  # noqa: E402


def refusal(url: str) -> str:
    with pytest.raises(StorageError) as refused:
        open_database(url)
    return str(refused.value)


def test_a_server_nobody_answers_at_is_named_without_the_password() -> None:
    port = free_port()

    said = refusal(f"postgresql://ann:secret@127.0.0.1:{port}/shop")

    assert said.startswith(f"postgresql://ann@127.0.0.1:{port}/shop: could not connect (")
    assert "Connection refused" in said and said.endswith("Nothing was changed.")
    assert "secret" not in said


def test_a_refused_password_says_so_and_never_shows_it(postgres_cluster: Cluster) -> None:
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {GUARDED_ROLE} LOGIN PASSWORD 'right'")
    try:
        said = refusal(f"postgresql://{GUARDED_ROLE}:wrong@127.0.0.1:{postgres_cluster.port}"
                       "/postgres")
    finally:
        with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
            admin.execute(f"DROP ROLE {GUARDED_ROLE}")

    assert said == (f"postgresql://{GUARDED_ROLE}@127.0.0.1:{postgres_cluster.port}/postgres:"
                    " the server refused the password. Nothing was changed.")


def test_a_database_the_server_does_not_have_is_named(postgres_cluster: Cluster) -> None:
    said = refusal(postgres_cluster.url("no_such_shop"))

    assert said.endswith("/no_such_shop: the server has no such database. Nothing was changed.")


def test_another_program_s_database_is_left_unchanged(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as other:
        other.execute("CREATE TABLE customers (name TEXT)")

    said = refusal(postgres_url)

    assert "holds another program's tables, not a bookshelf store" in said
    with psycopg.connect(postgres_url) as looked:
        assert schema.schema_version(looked) == 0
        tables = {row[0] for row in looked.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
    assert tables == {"customers"}


def test_a_store_of_a_newer_version_is_left_unchanged(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as newer:
        newer.execute("CREATE TABLE bookshelf_schema (version INTEGER)")
        newer.execute("INSERT INTO bookshelf_schema VALUES (99)")

    said = refusal(postgres_url)

    assert f"schema 99; this version knows up to {schema.SCHEMA_VERSION}" in said
    with psycopg.connect(postgres_url) as looked:
        assert schema.schema_version(looked) == 99


def test_a_new_empty_database_becomes_a_store(postgres_url: str) -> None:
    connection = open_database(postgres_url)
    try:
        assert schema.schema_version(connection) == schema.SCHEMA_VERSION
    finally:
        connection.close()


def test_a_user_the_server_does_not_know_is_named(postgres_cluster: Cluster) -> None:
    said = refusal(f"postgresql://nobody@127.0.0.1:{postgres_cluster.port}/postgres")

    assert said == (f"postgresql://nobody@127.0.0.1:{postgres_cluster.port}/postgres:"
                    " the server has no such user. Nothing was changed.")


@pytest.mark.parametrize("typed", [
    "postgresql://ann:se%zzcret@127.0.0.1:1/shop",
    "host=127.0.0.1 port=1 user=ann password=my secret",
])
def test_an_address_libpq_cannot_read_is_refused_without_quoting_it(typed: str) -> None:
    said = refusal(typed)

    assert "this is not an address PostgreSQL can read" in said
    assert "secret" not in said and "zz" not in said


def test_several_processes_opening_a_new_database_at_once_all_get_the_store(
        postgres_url: str) -> None:
    opened: list[object] = []
    failed: list[BaseException] = []

    def open_one() -> None:
        try:
            connection = open_database(postgres_url)
        except BaseException as error:  # noqa: BLE001  (any of them is the test's failure)
            failed.append(error)
            return
        opened.append(schema.schema_version(connection))
        connection.close()

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failed == []
    assert opened == [schema.SCHEMA_VERSION] * 4
