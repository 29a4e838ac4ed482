"""A simulation killed with SIGKILL leaves a store that checks clean after a restart, on a
SQLite file and on a PostgreSQL database alike."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from domain.bookshelf import open_bookshelf
from tests.processes import WAIT_S, bookshelf_process, stored_events, wait_while_running
from tests.store_rows import rows


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, database_path: Path) -> str:
    """A new store: a file, or a server's database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return str(database_path)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_simulation_killed_mid_run_checks_clean_after_a_restart(location: str) -> None:
    with bookshelf_process("simulate", "--db", location, "--seconds", "30",
                           "--rate", "high", stdout=subprocess.DEVNULL) as process:
        wait_while_running(process, lambda: stored_events(location) >= 2_000,
                           "the simulation stored too little in time")
        assert process.poll() is None, process.stderr.read().decode()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(WAIT_S)
    assert process.returncode == -signal.SIGKILL

    restarted = open_bookshelf(location)  # the restart delivers what the crash left
    last = restarted.session().store.last_position()
    restarted.close()
    report = restarted.check()
    checkpoints = dict(rows(location, "SELECT subscriber, position FROM checkpoints"))
    assert report.ok, [finding.message for finding in report.problems]
    assert checkpoints["projection.catalog"] == checkpoints["projection.orders"] == last
