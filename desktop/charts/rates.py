"""Events per second by type, over a sliding window of the last few samples."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable

from domain.readside import EventRow, short_type


class EventRates:
    """Counts delivered events by type; each `sample` says how many a second arrived lately.

    A rate is taken over the last `window` samples (about a second), not the last one
    alone: the bridge hands events over about 60 times a second, so one short sample
    would swing with how many hand-overs fell into it.
    """

    def __init__(self, window: int) -> None:
        self._pending: Counter[str] = Counter()
        self._buckets: deque[tuple[float, Counter[str]]] = deque(maxlen=window)
        self._last: float | None = None

    def count(self, rows: Iterable[EventRow]) -> None:
        self._pending.update(short_type(row.type) for row in rows)

    def sample(self, now: float) -> dict[str, float]:
        """Events per second by short type name over the window that ends `now`."""
        counted, self._pending = self._pending, Counter()
        if self._last is None:
            self._last = now
            self._buckets.append((0.0, counted))
            return {}
        elapsed, self._last = now - self._last, now
        self._buckets.append((elapsed, counted))
        seconds = sum(span for span, _counts in self._buckets)
        if seconds <= 0:
            return {}
        total: Counter[str] = Counter()
        for _span, counts in self._buckets:
            total.update(counts)
        return {name: count / seconds for name, count in total.items()}

    @property
    def settled(self) -> bool:
        """Nothing counted in the window: every rate is 0 and stays 0 until events come."""
        return not self._pending and not any(counts for _span, counts in self._buckets)

    def clear(self) -> None:
        self._pending.clear()
        self._buckets.clear()
        self._last = None
