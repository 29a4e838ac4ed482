"""Ctrl-C ends `bookshelf simulate` as the end of its time does: stopped, summarized, checked."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import pytest

from domain.bookshelf import open_bookshelf
from domain.core.storage.sqlite.connection import connect
from tests.processes import WAIT_S, bookshelf_process, stored_events, wait_while_running


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")
def test_an_interrupted_simulation_prints_its_summary_and_leaves_a_clean_store(
        database_path: Path) -> None:
    with bookshelf_process("simulate", "--db", str(database_path), "--seconds", "60",
                           "--speed", "max", "--json") as process:
        wait_while_running(process, lambda: stored_events(database_path) >= 500,
                           "the simulation stored too little in time")
        assert process.poll() is None, process.stderr.read().decode()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=WAIT_S)

    assert process.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()
    summary = json.loads(out)
    assert summary["interrupted"] and summary["invariants_ok"], summary["problems"]
    assert summary["commands_accepted"] > 0

    # Read before anything reopens the file: the run itself delivered every event.
    connection = connect(str(database_path), read_only=True)
    try:
        last = connection.execute("SELECT max(position) FROM events").fetchone()[0]
        checkpoints = dict(connection.execute("SELECT subscriber, position FROM checkpoints"))
    finally:
        connection.close()
    assert checkpoints["projection.catalog"] == checkpoints["projection.orders"] == last

    with open_bookshelf(database_path) as opened:
        report = opened.check()
    assert report.ok, [finding.message for finding in report.problems]
