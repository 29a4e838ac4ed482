"""A costly call on the GUI thread, paced: at once when rested, once after a pause when not."""

from __future__ import annotations

import time

from desktop.widgets.paced_call import PacedCall

TAKES_S = 0.02


def test_a_rested_call_runs_at_once_and_requests_during_its_pause_run_it_once(qtbot):
    runs: list[float] = []

    def call() -> None:
        time.sleep(TAKES_S)
        runs.append(time.monotonic())

    paced = PacedCall(call, pause_factor=4)
    paced.request()
    assert len(runs) == 1
    for _ in range(5):
        paced.request()
    assert len(runs) == 1 and paced.pending

    qtbot.waitUntil(lambda: len(runs) == 2)
    assert runs[1] - runs[0] >= 4 * TAKES_S  # at least the pause (the call itself on top)
    assert not paced.pending


def test_a_stopped_call_ignores_requests_and_drops_the_pending_one(qtbot):
    runs: list[int] = []
    paced = PacedCall(lambda: (time.sleep(TAKES_S), runs.append(1)), pause_factor=4)
    paced.request()
    paced.request()
    paced.stop()
    paced.request()
    qtbot.wait(round(6 * TAKES_S * 1000))
    assert runs == [1] and not paced.pending
