"""The simulation clock: a speed factor, pause and resume."""

from __future__ import annotations

import math

import pytest

from domain.simulation import SimulationClock


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_simulated_time_passes_speed_times_faster_than_real_time() -> None:
    real = FakeTime()
    clock = SimulationClock(60, real_time=real)
    real.now += 2
    assert clock.now() == pytest.approx(120)
    assert clock.real_seconds_until(180) == pytest.approx(1)


def test_a_paused_clock_stands_still_and_resumes_where_it_stopped() -> None:
    real = FakeTime()
    clock = SimulationClock(10, real_time=real)
    real.now += 1
    clock.pause()
    real.now += 50
    assert clock.now() == pytest.approx(10)
    assert clock.real_seconds_until(20) == math.inf
    clock.resume()
    real.now += 1
    assert clock.now() == pytest.approx(20)


def test_changing_the_speed_keeps_the_time_already_passed() -> None:
    real = FakeTime()
    clock = SimulationClock(10, real_time=real)
    real.now += 1
    clock.speed = 100
    real.now += 1
    assert clock.now() == pytest.approx(110)


def test_an_as_fast_as_possible_clock_moves_only_when_advanced() -> None:
    clock = SimulationClock(math.inf)
    assert clock.real_seconds_until(1_000) == 0
    clock.advance_to(42)
    clock.advance_to(7)  # never backwards
    assert clock.now() == 42


def test_a_clock_refuses_a_speed_of_zero() -> None:
    with pytest.raises(ValueError):
        SimulationClock(0)
