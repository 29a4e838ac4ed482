"""The test domains, each on a fresh store per test: library.py (shelves) and ledger.py
(event-sourced accounts). `testing` and `accounts` run every test that takes them on
both backends, a SQLite file and a PostgreSQL database (the storage contract suite): the
same tests, the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain
from tests.unit.core.ledger import ledger, seen
from tests.unit.core.library import journal, library

BACKENDS = ["sqlite", "postgresql"]


def fresh_store(request: pytest.FixtureRequest, tmp_path: Path, name: str) -> str:
    """A new store's location on the backend the test is run for."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(tmp_path / name)


def _testing(location: str) -> Iterator[Domain]:
    library.close()
    library.config["database"] = location
    library.init()
    journal.clear()
    yield library
    library.close()
    journal.clear()


def _accounts(location: str) -> Iterator[Domain]:
    ledger.close()
    ledger.config["database"] = location
    ledger.init()
    seen.clear()
    yield ledger
    ledger.close()
    seen.clear()


@pytest.fixture(params=BACKENDS)
def testing(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Domain]:
    """The Testing domain, initialised on a new store, its journal emptied."""
    yield from _testing(fresh_store(request, tmp_path, "testing.db"))


@pytest.fixture
def testing_file(tmp_path: Path) -> Iterator[Domain]:
    """The Testing domain on a SQLite file: for what only SQLite has (its query plans,
    its statement trace)."""
    yield from _testing(str(tmp_path / "testing.db"))


@pytest.fixture(params=BACKENDS)
def accounts(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Domain]:
    """The Ledger domain (event-sourced accounts) on a new store, `seen` emptied."""
    yield from _accounts(fresh_store(request, tmp_path, "ledger.db"))


@pytest.fixture
def accounts_file(tmp_path: Path) -> Iterator[Domain]:
    """The Ledger domain on a SQLite file: for tests that damage the file itself."""
    yield from _accounts(str(tmp_path / "ledger.db"))
