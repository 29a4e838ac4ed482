"""Two `bookshelf simulate` runs on one file: each checks the events of its own commands."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path

import pytest

from domain.bookshelf import open_bookshelf
from tests.processes import WAIT_S, bookshelf_process


@pytest.mark.slow
def test_two_simulations_on_one_file_each_find_their_own_invariants_hold(
        database_path: Path) -> None:
    open_bookshelf(database_path).close()  # both find the file made
    arguments = ("simulate", "--db", str(database_path), "--seconds", "3", "--speed", "max",
                 "--customers", "20", "--json")
    with ExitStack() as stack:
        first = stack.enter_context(bookshelf_process(*arguments, "--seed", "1"))
        second = stack.enter_context(bookshelf_process(*arguments, "--seed", "2"))
        outputs = [process.communicate(timeout=4 * WAIT_S) for process in (first, second)]

    for process, (out, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err.decode()
        summary = json.loads(out)
        assert summary["invariants_ok"], summary["problems"]
        assert summary["commands_accepted"] > 0
    with open_bookshelf(database_path) as opened:
        assert opened.check().ok
