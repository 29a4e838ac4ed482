"""A simulation killed with SIGKILL leaves a store that checks clean after a restart."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf, open_bookshelf
from domain.core.storage.sqlite.connection import connect
from tests.processes import WAIT_S, bookshelf_process, stored_events, wait_while_running


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_simulation_killed_mid_run_checks_clean_after_a_restart(
        shop: Bookshelf, database_path: Path) -> None:
    shop.close()
    with bookshelf_process("simulate", "--db", str(database_path), "--seconds", "30",
                           "--rate", "high", stdout=subprocess.DEVNULL) as process:
        wait_while_running(process, lambda: stored_events(database_path) >= 2_000,
                           "the simulation stored too little in time")
        assert process.poll() is None, process.stderr.read().decode()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(WAIT_S)
    assert process.returncode == -signal.SIGKILL

    restarted = open_bookshelf(database_path)  # the restart delivers what the crash left
    last = restarted.session().store.last_position()
    restarted.close()
    report = restarted.check()
    connection = connect(str(database_path), read_only=True)
    try:
        checkpoints = dict(connection.execute("SELECT subscriber, position FROM checkpoints"))
    finally:
        connection.close()
    assert report.ok, [finding.message for finding in report.problems]
    assert checkpoints["projection.catalog"] == checkpoints["projection.orders"] == last
