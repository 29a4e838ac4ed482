"""What the window asks of a server through the storage layer, without loading psycopg
until a server is used."""

from __future__ import annotations

import subprocess
import sys

import pytest

from domain.core import StorageError
from tests.postgres_server import free_port, require_psycopg


def test_asking_about_locations_loads_no_postgresql_client() -> None:
    program = ("import sys; from domain.core.storage import server, is_server; "
               "is_server('postgresql://db/shop'); "
               "print('psycopg' in sys.modules)")

    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            check=True).stdout.strip()

    assert loaded == "False"


def test_a_server_nobody_answers_at_is_named_without_its_password() -> None:
    require_psycopg()
    from domain.core.storage.server import reach

    port = free_port()
    with pytest.raises(StorageError) as refused:
        reach(f"postgresql://ann:secret@127.0.0.1:{port}/shop")

    assert str(refused.value).startswith(f"postgresql://ann@127.0.0.1:{port}/shop: could not "
                                         "connect (")
    assert "secret" not in str(refused.value)
