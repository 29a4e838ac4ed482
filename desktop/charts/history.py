"""A rolling window of samples: one time axis, several named series of the same length."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt


class History:
    """The last `length` samples of each series, taken at shared times.

    A series first seen in a later sample reads as 0 at the times before it: a type of
    event nobody had sent had a rate of 0, an order status nobody had reached held none.
    """

    def __init__(self, length: int, names: Iterable[str] = ()) -> None:
        self.length = length
        self.times: deque[float] = deque(maxlen=length)
        self.series: dict[str, deque[float]] = {}
        for name in names:
            self._add(name)

    def append(self, time: float, values: Mapping[str, float]) -> None:
        """One sample: each series' value at `time`; a series left out reads 0 there."""
        for name in values:
            if name not in self.series:
                self._add(name)
        self.times.append(time)
        for name, series in self.series.items():
            series.append(values.get(name, 0.0))

    def clear(self) -> None:
        self.times.clear()
        for series in self.series.values():
            series.clear()

    def arrays(self) -> tuple[npt.NDArray[np.float64], dict[str, npt.NDArray[np.float64]]]:
        """The times and every series as arrays, built in one go for a redraw."""
        count = len(self.times)
        return (np.fromiter(self.times, float, count),
                {name: np.fromiter(series, float, count)
                 for name, series in self.series.items()})

    def _add(self, name: str) -> None:
        self.series[name] = deque([0.0] * len(self.times), maxlen=self.length)
