"""The warehouse: confirms each placed order and ships each confirmed one after a delay."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from domain.bookshelf import ConfirmOrder, OrderConfirmed, OrderPlaced, ShipOrder
from domain.core.metadata import Metadata
from domain.simulation.actor import Actor, Observed, Request

if TYPE_CHECKING:
    from domain.simulation.world import World

PLACED = OrderPlaced._type
CONFIRMED = OrderConfirmed._type


class Warehouse(Actor):
    """Reacts to OrderPlaced and OrderConfirmed events handed to its mailbox; never polls."""

    rank = 1

    def __init__(self, seed: int, *, confirm_delay: float, ship_delay: float) -> None:
        super().__init__("warehouse", seed)
        self.confirm_delay = confirm_delay
        self.ship_delay = ship_delay
        # (due, arrival number, command, order id): ties are broken by arrival, which
        # follows the event log's order and so is the same in every run.
        self._jobs: list[tuple[float, int, type, str, Metadata]] = []
        self._arrivals = 0

    @property
    def waiting(self) -> int:
        return len(self._jobs)

    def on_message(self, message: Observed, world: World) -> None:
        stored = message.stored
        job: type[ConfirmOrder | ShipOrder]
        if stored.type == PLACED:
            job, delay = ConfirmOrder, self.confirm_delay
        elif stored.type == CONFIRMED:
            job, delay = ShipOrder, self.ship_delay
        else:
            return
        # Never sooner than the reaction lag: a job is due only once its event is surely seen.
        due = message.sent_at + max(delay, world.reaction_lag)
        self._arrivals += 1
        heapq.heappush(self._jobs, (due, self._arrivals, job, stored.event.order_id,
                                    stored.metadata))
        self.next_at = self._jobs[0][0]

    def act(self, now: float, world: World) -> list[Request]:
        requests = []
        while self._jobs and self._jobs[0][0] <= now:
            _due, _arrival, job, order_id, cause = heapq.heappop(self._jobs)
            # Caused by the event it answers: place, confirm and ship are one chain.
            requests.append(Request(job, {"order_id": order_id}, self.name, cause=cause))
        self.next_at = self._jobs[0][0] if self._jobs else None
        return requests
