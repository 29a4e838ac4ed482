"""The small test domain of tests/unit/core/library.py, on a fresh database file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import Domain
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
