"""Counters of a run, fed from the driver and the engine's thread; read as one snapshot."""

from __future__ import annotations

import math
import threading
import time
from collections import Counter, deque
from typing import Any

from domain.bookshelf import BookAdded, OrderConfirmed, OrderItemAdded, OrderPlaced, OrderShipped

# Which status an order event moves an order from and to.
TRANSITIONS = {
    OrderPlaced._type: (None, "PENDING"),
    OrderConfirmed._type: ("PENDING", "CONFIRMED"),
    OrderShipped._type: ("CONFIRMED", "SHIPPED"),
}
# How many of the latest submit-to-commit latencies the percentiles are taken over: a
# snapshot sorts them (twice a second in the window, ten times in `bookshelf simulate`).
LATENCY_WINDOW = 10_000


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 when empty)."""
    if not ordered:
        return 0.0
    rank = min(len(ordered), max(1, math.ceil(share * len(ordered))))
    return ordered[rank - 1]


class SimulationStats:
    """Thread-safe: outcomes arrive on the engine's worker thread, snapshots on any thread.

    Counters cover the whole run. Latencies do not: only the LATENCY_WINDOW most recent
    are kept (the oldest drop out), so a snapshot's p50 and p99 describe the last 10,000
    answered commands, however long the run, and cost the same to compute at any point of
    it. A run shorter than that is covered whole; `latency_samples` says how many it was.
    """

    def __init__(self, track_own_commands: bool = False) -> None:
        self._lock = threading.Lock()
        # The ids of the commands sent, when kept: events caused by one of them are this
        # run's own (see `own_events`). Kept from before the submit, not from the
        # answer: with another program on the file, a delivery lane that catches up on its
        # commits may deliver this run's newest events before their commands are answered.
        self.own_ids: set[str] | None = set() if track_own_commands else None
        self.own_events: Counter[str] = Counter()
        self.submitted = 0
        self.accepted: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()  # by reason
        self.order_lines_accepted = 0
        self.events: Counter[str] = Counter()
        self.orders: Counter[str] = Counter()
        self.latencies: deque[float] = deque(maxlen=LATENCY_WINDOW)
        self._active_seconds = 0.0
        self._active_since: float | None = None

    # -- feeding ------------------------------------------------------------------------

    def running(self, active: bool) -> None:
        """Throughput counts the time the simulation ran, not the time it was paused."""
        with self._lock:
            now = time.perf_counter()
            if active and self._active_since is None:
                self._active_since = now
            elif not active and self._active_since is not None:
                self._active_seconds += now - self._active_since
                self._active_since = None

    def sending(self, command_id: str) -> None:
        """A command of this run is about to be submitted: events naming it are its own."""
        with self._lock:
            if self.own_ids is not None:
                self.own_ids.add(command_id)

    def sent(self) -> None:
        with self._lock:
            self.submitted += 1

    def outcome(self, command_type: str, lines: int, error: BaseException | None,
                latency: float | None, command_id: str | None = None) -> None:
        with self._lock:
            if error is None:
                self.accepted[command_type] += 1
                if command_type == "PlaceOrder":
                    self.order_lines_accepted += lines
            else:
                self.rejected[type(error).__name__] += 1
            if latency is not None:
                self.latencies.append(latency)

    def refused(self, reason: str) -> None:
        """A command that never reached the engine (invalid when built, or a full mailbox)."""
        with self._lock:
            self.rejected[reason] += 1

    def is_own(self, causation_id: str | None) -> bool:
        """Whether an event with this cause was raised by a command of this run (always,
        when the ids are not kept)."""
        ids = self.own_ids
        return ids is None or causation_id in ids

    def delivered(self, types: list[str], own_types: list[str] | None = None) -> None:
        """Events delivered to the run (anyone's), and those its own commands caused."""
        with self._lock:
            self.own_events.update(types if own_types is None else own_types)
            for type_name in types:
                self.events[type_name] += 1
                move = TRANSITIONS.get(type_name)
                if move is not None:
                    before, after = move
                    if before is not None:
                        self.orders[before] -= 1
                    self.orders[after] += 1

    # -- reading ------------------------------------------------------------------------

    def active_seconds(self) -> float:
        with self._lock:
            since = self._active_since
            return self._active_seconds + (0.0 if since is None else time.perf_counter() - since)

    def expected_events(self) -> dict[str, int]:
        """The events the accepted commands must have stored, by type."""
        with self._lock:
            return {
                BookAdded._type: self.accepted["AddBook"],
                OrderItemAdded._type: self.order_lines_accepted,
                OrderPlaced._type: self.accepted["PlaceOrder"],
                OrderConfirmed._type: self.accepted["ConfirmOrder"],
                OrderShipped._type: self.accepted["ShipOrder"],
            }

    def snapshot(self) -> dict[str, Any]:
        """Every counter, and the latency percentiles over the window (see the class)."""
        seconds = self.active_seconds()
        with self._lock:
            latencies = list(self.latencies)  # sorted after: outcomes need not wait for it
            accepted = sum(self.accepted.values())
            rejected = sum(self.rejected.values())
            answered = accepted + sum(count for reason, count in self.rejected.items()
                                      if reason not in ("invalid input", "mailbox full"))
            snapshot = {
                "commands_submitted": self.submitted,
                "commands_accepted": accepted,
                "commands_rejected": rejected,
                "accepted_by_type": dict(sorted(self.accepted.items())),
                "rejected_by_reason": dict(sorted(self.rejected.items())),
                "events": dict(sorted(self.events.items())),
                "orders_by_status": {status: self.orders[status]
                                     for status in ("PENDING", "CONFIRMED", "SHIPPED")},
                "seconds": round(seconds, 3),
                "commands_per_s": round(answered / seconds, 1) if seconds > 0 else 0.0,
            }
        ordered = sorted(latencies)
        snapshot["latency_ms"] = {"p50": round(percentile(ordered, 0.50) * 1000, 3),
                                  "p99": round(percentile(ordered, 0.99) * 1000, 3)}
        snapshot["latency_samples"] = len(ordered)
        return snapshot
