"""Writers of one process take turns on a lock of their own, not in SQLite's busy handler."""

from __future__ import annotations

import threading
from pathlib import Path

from domain.core.storage import Schema, open_store
from domain.core.storage.port import Store

WAIT_S = 10


def resolve_nothing(name: str) -> type:
    raise KeyError(name)


def store_without_patience(path: Path) -> Store:
    """A store whose connection gives up at once on a lock held by another connection."""
    store = open_store(str(path), Schema(), resolve_nothing)
    store.execute("PRAGMA busy_timeout = 0")
    return store


def test_a_second_writer_of_the_same_file_waits_for_the_first_instead_of_failing(
        tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    first = store_without_patience(path)
    inside, go_on = threading.Event(), threading.Event()
    outcome: list[object] = []

    def write_while_the_first_holds_the_lock() -> None:
        second = store_without_patience(path)
        try:
            inside.wait(WAIT_S)
            with second.unit_of_work():
                second.save_position("second", 2)
            outcome.append("committed")
        except Exception as error:
            outcome.append(error)
        finally:
            second.close()

    other = threading.Thread(target=write_while_the_first_holds_the_lock)
    other.start()
    with first.unit_of_work():
        first.save_position("first", 1)
        inside.set()
        go_on.wait(0.3)  # the other thread tries meanwhile
    other.join(WAIT_S)

    assert outcome == ["committed"]
    assert first.positions() == {"first": 1, "second": 2}
    first.close()
