"""`bookshelf rebuild` while another process's engine writes: nothing is lost on either side."""

from __future__ import annotations

import subprocess
from contextlib import closing
from pathlib import Path

import pytest

from domain.bookshelf import Bookshelf, open_bookshelf
from domain.cli import main
from domain.core.storage.sqlite.connection import connect
from tests.processes import WAIT_S, bookshelf_process, stored_events, wait_while_running


def counts(path: Path) -> dict[str, int]:
    with closing(connect(str(path), read_only=True)) as connection:
        def one(sql: str) -> int:
            return int(connection.execute(sql).fetchone()[0])

        return {"books": one("SELECT count(*) FROM events WHERE type = 'Bookshelf.BookAdded.v1'"),
                "catalog": one("SELECT count(*) FROM projection_catalog"),
                "orders": one("SELECT count(*) FROM events "
                              "WHERE type = 'Bookshelf.OrderPlaced.v1'"),
                "order_summary": one("SELECT count(*) FROM projection_orders")}


@pytest.mark.slow
def test_a_rebuild_beside_a_running_simulation_loses_none_of_its_books_or_orders(
        shop: Bookshelf, database_path: Path) -> None:
    shop.close()
    with bookshelf_process("simulate", "--db", str(database_path), "--seconds", "6",
                           "--rate", "high", "--customers", "50",
                           stdout=subprocess.DEVNULL) as simulation:
        wait_while_running(simulation, lambda: stored_events(database_path) >= 1_000,
                           "the simulation stored too little in time")
        assert simulation.poll() is None, simulation.stderr.read().decode()
        rebuilt_while_running = main(["rebuild", "--db", str(database_path)])
        still_running = simulation.poll() is None
        simulation.wait(WAIT_S)
        simulated = simulation.returncode, simulation.stderr.read().decode()

    assert rebuilt_while_running == 0
    assert still_running  # the rebuild ran while the other process wrote
    assert simulated[0] == 0, simulated[1]  # its invariants held, its positions reached
    found = counts(database_path)
    assert found["catalog"] == found["books"] and found["order_summary"] == found["orders"]
    with open_bookshelf(database_path) as reopened:
        report = reopened.check()
    assert report.ok, [finding.message for finding in report.problems]
