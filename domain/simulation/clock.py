"""The simulation clock: simulated seconds that pass `speed` times faster than real ones."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class SimulationClock:
    """Simulated time, which can be paused, resumed and sped up while it runs.

    With an infinite speed the clock does not follow real time at all: the driver moves
    it forward with `advance_to` as fast as the actors act.
    """

    def __init__(self, speed: float = 60.0, *,
                 real_time: Callable[[], float] = time.monotonic) -> None:
        if not speed > 0:
            raise ValueError("the speed must be more than zero")
        self._real_time = real_time
        self._lock = threading.Lock()
        self._speed = speed
        self._base_simulated = 0.0
        self._base_real = real_time()
        self._paused = False

    def now(self) -> float:
        """Simulated seconds since the start."""
        with self._lock:
            return self._now()

    def _now(self) -> float:
        if self._paused or math.isinf(self._speed):
            return self._base_simulated
        return self._base_simulated + (self._real_time() - self._base_real) * self._speed

    def _rebase(self) -> None:
        self._base_simulated = self._now()
        self._base_real = self._real_time()

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        if not value > 0:
            raise ValueError("the speed must be more than zero")
        with self._lock:
            self._rebase()  # time already passed keeps the old speed
            self._speed = value

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        with self._lock:
            if not self._paused:
                self._rebase()
                self._paused = True

    def resume(self) -> None:
        with self._lock:
            if self._paused:
                self._base_real = self._real_time()
                self._paused = False

    def advance_to(self, simulated: float) -> None:
        """Move an as-fast-as-possible clock forward (a real-time clock ignores this)."""
        with self._lock:
            if math.isinf(self._speed) and not self._paused:
                self._base_simulated = max(self._base_simulated, simulated)

    def real_seconds_until(self, simulated: float) -> float:
        """How long to wait in real time for `simulated`; infinite while paused."""
        with self._lock:
            if self._paused:
                return math.inf
            if math.isinf(self._speed):
                return 0.0
            return max(0.0, (simulated - self._now()) / self._speed)
