"""The run's counters, and latency percentiles over the most recent commands only."""

from __future__ import annotations

from domain.simulation.stats import LATENCY_WINDOW, SimulationStats


def test_latency_percentiles_cover_the_latest_window_of_commands() -> None:
    stats = SimulationStats()
    for _ in range(LATENCY_WINDOW // 2):
        stats.outcome("AddBook", 0, None, 1.0)  # a slow start, then out of the window
    for _ in range(LATENCY_WINDOW):
        stats.outcome("AddBook", 0, None, 0.002)

    snapshot = stats.snapshot()
    assert snapshot["latency_ms"] == {"p50": 2.0, "p99": 2.0}
    assert snapshot["latency_samples"] == LATENCY_WINDOW
    assert snapshot["commands_accepted"] == LATENCY_WINDOW * 3 // 2  # counters keep all


def test_a_short_run_is_covered_whole() -> None:
    stats = SimulationStats()
    for milliseconds in range(1, 101):
        stats.outcome("PlaceOrder", 1, None, milliseconds / 1000)

    snapshot = stats.snapshot()
    assert snapshot["latency_ms"] == {"p50": 50.0, "p99": 99.0}
    assert snapshot["latency_samples"] == 100


def test_a_commands_events_are_the_runs_own_from_before_the_command_is_answered() -> None:
    # With another program on the file, a lane catching up on its commits may deliver this
    # run's newest events before their commands are answered (a race seen as "1387
    # OrderItemAdded are stored, but the simulation was delivered 1381").
    stats = SimulationStats(track_own_commands=True)

    stats.sending("command-1")

    assert stats.is_own("command-1")
    assert not stats.is_own("command-2")
    stats.delivered(["Bookshelf.BookAdded.v1"], ["Bookshelf.BookAdded.v1"])
    assert stats.own_events["Bookshelf.BookAdded.v1"] == 1
