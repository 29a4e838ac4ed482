"""The same seed always gives the same run."""

from __future__ import annotations

from collections.abc import Callable

from domain.bookshelf import Bookshelf
from domain.simulation import Simulation
from tests.unit.simulation.conftest import run_to_end


def test_the_same_seed_sends_the_same_commands(simulate: Callable[..., Simulation]) -> None:
    first = run_to_end(simulate(seed=7, until=300))
    second = run_to_end(simulate(seed=7, until=300))
    assert len(first.command_log) > 200
    assert first.command_log == second.command_log


def test_the_same_seed_gives_the_same_run_at_real_time_speed(
        simulate: Callable[..., Simulation]) -> None:
    fast = run_to_end(simulate(seed=3, until=120))
    timed = run_to_end(simulate(seed=3, until=120, speed=600.0))
    assert fast.command_log == timed.command_log


def test_another_seed_sends_other_commands(simulate: Callable[..., Simulation]) -> None:
    first = run_to_end(simulate(seed=1, until=120))
    second = run_to_end(simulate(seed=2, until=120))
    assert first.command_log != second.command_log


def test_a_run_counts_what_the_engine_stored(simulate: Callable[..., Simulation],
                                             shop: Bookshelf) -> None:
    simulation = run_to_end(simulate(seed=5, until=300))
    stored = dict(shop.session().store.execute(
        "SELECT type, count(*) FROM events GROUP BY type").fetchall())
    assert simulation.stats.snapshot()["events"] == stored
    assert simulation.stats.expected_events() == stored
