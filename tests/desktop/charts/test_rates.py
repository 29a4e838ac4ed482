"""Events per second by type, over the last second of samples."""

from __future__ import annotations

from desktop.charts.rates import EventRates
from tests.desktop.charts.rows import ADDED, PLACED, row


def test_the_first_sample_starts_the_clock_and_says_nothing_yet() -> None:
    rates = EventRates(window=4)
    rates.count([row(ADDED)])

    assert rates.sample(0.0) == {}


def test_a_rate_is_the_events_of_the_window_over_its_seconds_by_short_type() -> None:
    rates = EventRates(window=4)
    rates.sample(0.0)
    rates.count([row(ADDED)] * 10 + [row(PLACED)] * 2)
    assert rates.sample(0.25) == {"BookAdded": 40.0, "OrderPlaced": 8.0}
    rates.count([row(ADDED)] * 10)
    assert rates.sample(0.5) == {"BookAdded": 40.0, "OrderPlaced": 4.0}


def test_rates_fall_to_zero_once_the_window_has_passed_without_events() -> None:
    rates = EventRates(window=2)
    rates.sample(0.0)
    rates.count([row(ADDED)] * 5)
    rates.sample(0.25)
    assert not rates.settled

    assert rates.sample(0.5) == {"BookAdded": 10.0}
    assert rates.sample(0.75) == {}
    assert rates.settled
