"""How many orders stand in each status, of those placed since the count began."""

from __future__ import annotations

from collections.abc import Iterable

from domain.readside import EventRow
from domain.simulation.stats import TRANSITIONS

STATUSES = ("PENDING", "CONFIRMED", "SHIPPED")


class OrderStatuses:
    """Follows each order from its OrderPlaced through OrderConfirmed and OrderShipped.

    Only orders placed after the count began are counted: an order confirmed now but placed
    before has no known status to leave, and counting it would drive PENDING below zero.
    Shipped orders are no longer followed (they never change again), so what is held
    is the orders still on their way, however long the window stays open.
    """

    def __init__(self) -> None:
        self._on_the_way: dict[str, str] = {}  # stream -> PENDING or CONFIRMED
        self._counts = dict.fromkeys(STATUSES, 0)

    def apply(self, rows: Iterable[EventRow]) -> bool:
        """Follow the orders' events in `rows`; True when a count changed."""
        changed = False
        for row in rows:
            move = TRANSITIONS.get(row.type)
            if move is None:
                continue
            before, after = move
            if self._on_the_way.get(row.stream) != before:
                continue  # placed before the count began (or an event seen twice)
            if after == "SHIPPED":
                del self._on_the_way[row.stream]
            else:
                self._on_the_way[row.stream] = after
            if before is not None:
                self._counts[before] -= 1
            self._counts[after] += 1
            changed = True
        return changed

    def counts(self) -> dict[str, float]:
        return {status: float(count) for status, count in self._counts.items()}

    def clear(self) -> None:
        self._on_the_way.clear()
        self._counts = dict.fromkeys(STATUSES, 0)
