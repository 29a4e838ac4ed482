"""A simulation killed with SIGKILL leaves a store that checks clean after a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from domain.bookshelf import open_bookshelf
from domain.core import Domain
from domain.core.database import connect
from domain.core.integrity import check_integrity

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 30


def stored_events(path: Path) -> int:
    try:
        connection = connect(str(path), read_only=True)
    except Exception:
        return 0  # not created yet
    try:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]
    except Exception:
        return 0
    finally:
        connection.close()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_simulation_killed_mid_run_checks_clean_after_a_restart(
        shop: Domain, database_path: Path) -> None:
    shop.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop.launcher", "simulate", "--db", str(database_path),
         "--seconds", "30", "--rate", "high"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + WAIT_S
        while stored_events(database_path) < 2_000 and process.poll() is None:
            assert time.monotonic() < deadline, "the simulation stored too little in time"
            time.sleep(0.05)  # waiting for the subprocess to get busy, not for an outcome
        assert process.poll() is None, process.stderr.read().decode()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(WAIT_S)
    assert process.returncode == -signal.SIGKILL

    restarted = open_bookshelf(database_path)  # the restart delivers what the crash left
    last = restarted.store.last_position()
    restarted.close()
    connection = connect(str(database_path), read_only=True)
    try:
        report = check_integrity(connection, restarted)
        checkpoints = dict(connection.execute("SELECT subscriber, position FROM checkpoints"))
    finally:
        connection.close()
    assert report.ok, [finding.message for finding in report.problems]
    assert checkpoints["projection.catalog"] == checkpoints["projection.orders"] == last
