"""The test domains, each on a fresh database file per test: library.py (shelves) and
ledger.py (event-sourced accounts)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain
from tests.unit.core.ledger import ledger, seen
from tests.unit.core.library import journal, library


@pytest.fixture
def testing(tmp_path: Path) -> Iterator[Domain]:
    """The Testing domain, initialised on `tmp_path/testing.db`, its journal emptied."""
    library.close()
    library.config["database"] = str(tmp_path / "testing.db")
    library.init()
    journal.clear()
    yield library
    library.close()
    journal.clear()


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[Domain]:
    """The Ledger domain (event-sourced accounts) on `tmp_path/ledger.db`, `seen` emptied."""
    ledger.close()
    ledger.config["database"] = str(tmp_path / "ledger.db")
    ledger.init()
    seen.clear()
    yield ledger
    ledger.close()
    seen.clear()
