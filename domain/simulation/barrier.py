"""Knowing when the commands sent up to a simulated moment have been committed and delivered."""

from __future__ import annotations

import math
from collections import deque
from concurrent.futures import Future
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.core.runtime.engine import Engine


class DeliveryBarrier:
    """Markers in the engine's mailbox, behind the commands sent before them.

    A marker is `engine.delivered()`: it answers once the commands ahead of it committed
    and their events reached the projections and callbacks, so a marker that answered
    proves delivery up to it. Markers are sent now and then (every `spacing` simulated
    seconds) rather than after every command, because each one ends a group commit.
    """

    def __init__(self, engine: Engine, spacing: float) -> None:
        self.engine = engine
        self.spacing = spacing
        # (tag, future): every command stamped before `tag` was sent ahead of the marker.
        self._markers: deque[tuple[float, Future]] = deque()
        self._last_tag = -math.inf
        self._sent_at = -math.inf  # stamp of the latest command sent
        self._unmarked = False  # commands were sent after the latest marker
        self._delivered_below = -math.inf
        self._all_delivered = True

    def before_sending(self, at: float) -> None:
        """Call before sending commands stamped `at` (stamps never decrease)."""
        if at > self._sent_at and self._unmarked and at - self._last_tag >= self.spacing:
            self._mark(at)

    def sent(self, at: float) -> None:
        self._sent_at = at
        self._unmarked = True
        self._all_delivered = False

    def _mark(self, tag: float) -> None:
        self._markers.append((tag, self.engine.delivered()))
        self._last_tag = tag
        self._unmarked = False

    def wait_through(self, moment: float, timeout: float | None = None) -> None:
        """Return once every command stamped at or before `moment` is committed and delivered."""
        while self._markers and self._markers[0][1].done():
            self._delivered_below = self._markers.popleft()[0]
        if self._all_delivered or moment < self._delivered_below:
            return
        if not self._markers and not self._unmarked:
            self._all_delivered = True  # the latest marker answered and nothing was sent since
            return
        target = next((marker for marker in self._markers if marker[0] > moment), None)
        if target is None:
            if self._unmarked:
                self._mark(self._sent_at)
            target = self._markers[-1]
        while self._markers:
            tag, future = self._markers.popleft()
            future.result(timeout)
            self._delivered_below = tag
            if future is target[1]:
                break
        if not self._markers and not self._unmarked:
            self._all_delivered = True

    def wait_all(self, timeout: float | None = None) -> None:
        """Return once every command sent so far is committed and delivered."""
        if self._unmarked:
            self._mark(self._sent_at)
        while self._markers:
            future = self._markers.popleft()[1]
            future.result(timeout)
        self._all_delivered = True
