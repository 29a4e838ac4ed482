"""A rolling window of samples that series may join late."""

from __future__ import annotations

from desktop.charts.history import History


def test_the_oldest_samples_drop_out_once_the_window_is_full() -> None:
    history = History(3, ["a"])
    for time in range(5):
        history.append(float(time), {"a": time * 10.0})

    times, series = history.arrays()
    assert times.tolist() == [2.0, 3.0, 4.0]
    assert series["a"].tolist() == [20.0, 30.0, 40.0]


def test_a_series_that_joins_late_reads_zero_before_and_one_left_out_reads_zero() -> None:
    history = History(5)
    history.append(0.0, {"a": 1.0})
    history.append(1.0, {"b": 2.0})

    _times, series = history.arrays()
    assert series["a"].tolist() == [1.0, 0.0]
    assert series["b"].tolist() == [0.0, 2.0]
