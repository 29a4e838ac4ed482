"""An event log on the test's database file, read by its own read-only connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core.storage.sqlite.reader import SqliteReader
from domain.readside import EventLog
from tests.event_history import fill
from tests.time_zones import local_zone


@pytest.fixture
def event_log(database_path: Path) -> Iterator[EventLog]:
    fill(database_path, 0)  # a read-only connection needs the file to exist
    reader = SqliteReader(str(database_path))
    yield EventLog(reader)
    reader.close()


@pytest.fixture
def berlin() -> Iterator[None]:
    """Local time is Berlin's: +01:00 in winter, +02:00 in summer."""
    with local_zone("Europe/Berlin"):
        yield
