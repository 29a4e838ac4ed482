"""The charts' vertical axis grows in steps of 1, 2 and 5, so it seldom moves."""

from __future__ import annotations

import pytest

from desktop.charts.live_charts import nice_ceiling


@pytest.mark.parametrize(("highest", "top"), [
    (0.0, 1.0), (0.4, 1.0), (1.0, 1.0), (1.5, 2.0), (3.0, 5.0), (7.0, 10.0), (10.0, 10.0),
    (11.0, 20.0), (480.0, 500.0), (2_600.0, 5_000.0),
])
def test_the_top_of_the_axis_is_the_next_step_at_or_above_the_highest_value(
        highest: float, top: float) -> None:
    assert nice_ceiling(highest) == top
