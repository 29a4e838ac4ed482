"""What the window asks of a server through the storage layer: is a location a server,
and, until the PostgreSQL store is chosen by open_store, a clear refusal naming it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from domain.core import StorageError
from domain.core.storage import server


def test_a_server_address_is_a_server_and_a_file_is_not() -> None:
    assert server.is_server("postgresql://ann@db/shop")
    assert server.is_server("host=db dbname=shop")
    assert not server.is_server("/home/ann/shop.db")


@pytest.mark.skipif(server.STORES_ON_SERVERS, reason="the PostgreSQL store is chosen now")
def test_a_server_is_refused_by_name_without_its_password_until_stores_open_there() -> None:
    with pytest.raises(StorageError) as refused:
        server.refuse_until_supported("postgresql://ann:secret@db:5432/shop")

    assert str(refused.value).startswith("postgresql://ann@db:5432/shop is a PostgreSQL "
                                         "server: this version")
    assert "secret" not in str(refused.value)


def test_asking_about_locations_loads_no_postgresql_client() -> None:
    program = ("import sys; from domain.core.storage import server; "
               "server.is_server('postgresql://db/shop'); "
               "print('psycopg' in sys.modules)")

    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True).stdout.strip()

    assert loaded == "False"
