"""A role of the run's cluster whose password the server asks for, with libpq finding
none (no PGPASSWORD, no ~/.pgpass): for the tests of a password typed in the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core.storage import credentials
from tests.postgres_server import GUARDED_ROLE, Cluster

PASSWORD = "right horse"


@pytest.fixture
def guarded(postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> Iterator[str]:
    """The address (no password in it) of a role whose password is PASSWORD."""
    import psycopg

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {GUARDED_ROLE} LOGIN PASSWORD '{PASSWORD}'")
    address = f"postgresql://{GUARDED_ROLE}@127.0.0.1:{postgres_cluster.port}/postgres"
    yield address
    credentials.forget(address)
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f"DROP ROLE {GUARDED_ROLE}")
