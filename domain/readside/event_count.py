"""How many events a filter keeps, counted a span of positions at a time."""

from __future__ import annotations

import time
from collections.abc import Callable

from domain.core.storage.reading import EventFilter
from domain.readside.event_log import EventLog, Positions, SearchScope

# The first span counted, in positions. The dearest count per position, a text examined
# event by event, takes about 10 µs each: 1,000 of them fit in a step.
FIRST_SPAN = 1_000
# How long a step may take: the window counts on its own thread, between other work.
STEP_TIME_S = 0.010
# How much the next span may grow after a quick step: a few steps reach a span that fills
# one, and a step's time reflects the region of the log it counted only so far.
GROWTH = 4


class EventCount:
    """How many events pass `selection` within `scope`, counted from the newest back.

    Each `step` counts one span of positions, sized so that it takes about `step_time`:
    the next span grows or shrinks by what the last took. Until the count is `done`,
    `counted` is a lower bound ("at least"). Events committed later are counted on the
    next step (`extend`). Where the scope leaves part of the log out (a text too short for
    the index), the count stays a lower bound once done: `exact` says whether it is the
    number of events the store holds under the filter.
    """

    def __init__(self, log: EventLog, selection: EventFilter, scope: SearchScope,
                 last: int, step_time: float = STEP_TIME_S,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.log = log
        self.selection = selection
        self.scope = scope
        self.step_time = step_time
        self._clock = clock
        self._span = FIRST_SPAN
        self._counted = 0
        self._through = last  # counted or to count up to here; later events: `extend`
        # Newest first, each span clipped to what exists now.
        self._pending = [clipped for span in reversed(scope.ranges)
                         if (clipped := span.clip_before(last + 1)) is not None]

    @property
    def counted(self) -> int:
        """The events counted so far."""
        return self._counted

    @property
    def done(self) -> bool:
        """Whether every position up to the last one known was counted."""
        return not self._pending

    @property
    def exact(self) -> bool:
        """Whether `counted` is how many events of the store pass the filter."""
        return self.done and self.scope.whole

    def extend(self, last: int) -> None:
        """Events were committed up to `last`: the next step counts them first."""
        if last > self._through:
            self._pending.insert(0, Positions(self._through, last + 1))
            self._through = last

    def step(self) -> None:
        """Count the newest span not counted yet, of the size the last step suggests."""
        if not self._pending:
            return
        newest = self._pending[0]
        # `before` is never None: spans were clipped to the last position known.
        before = newest.before if newest.before is not None else self._through + 1
        after = max(newest.after, before - 1 - self._span)
        started = self._clock()
        self._counted += self.log.count(self.selection, after, before)
        took = self._clock() - started
        if after > newest.after:
            self._pending[0] = Positions(newest.after, after + 1)
        else:
            del self._pending[0]
        counted = before - 1 - after
        # Sized by the last step alone: the regions of a log differ (old books, new orders).
        ratio = self.step_time / took if took > 0 else GROWTH
        self._span = max(1, int(counted * min(GROWTH, ratio))) if counted else self._span

    def text(self) -> str:
        """`11,700 events`, or `at least 826 events` while counting or where the scope
        leaves part of the log out."""
        noun = "event" if self._counted == 1 else "events"
        return f"{self._counted:,} {noun}" if self.exact else \
            f"at least {self._counted:,} {noun}"
