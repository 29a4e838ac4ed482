"""The simulated actor: a behaviour, a random generator of its own, a mailbox, a next tick."""

from __future__ import annotations

import queue
import random
from typing import TYPE_CHECKING, Any

import attrs

from domain.core.metadata import Metadata

if TYPE_CHECKING:
    from domain.simulation.world import World


@attrs.frozen
class Request:
    """A command an actor wants sent: its class and fields, built (and maybe refused) later.

    `invalid` names the mistake when the actor sends bad input on purpose; `cause` is the
    metadata of the event the command follows from (its correlation goes on, and it names
    the event as its cause: `bookshelf trace` shows the chain), None for a new one.
    """

    command: type
    fields: dict[str, Any]
    actor: str
    invalid: str | None = None
    cause: Metadata | None = None


@attrs.frozen
class Observed:
    """An event as an actor sees it, with the simulated time its command was sent."""

    stored: Any  # StoredEvent
    sent_at: float


def actor_random(seed: int, name: str) -> random.Random:
    """Each actor's own generator, derived from the run's seed and the actor's name."""
    return random.Random(f"{seed}:{name}")  # str seeds hash with SHA-512: stable everywhere


class Actor:
    """Acts at `next_at` (simulated seconds); messages wait in its mailbox until then.

    The driver calls `receive` and `act` on its own thread only, in simulated-time order,
    so an actor never needs a lock and its decisions never depend on thread timing.
    """

    rank = 0  # who goes first when two actors act at the same simulated time

    def __init__(self, name: str, seed: int) -> None:
        self.name = name
        self.random = actor_random(seed, name)
        self.mailbox: queue.SimpleQueue[Observed] = queue.SimpleQueue()
        self.next_at: float | None = None

    def receive(self, world: World) -> None:
        while True:
            try:
                message = self.mailbox.get_nowait()
            except queue.Empty:
                return
            self.on_message(message, world)

    def on_message(self, message: Observed, world: World) -> None:
        """React to an observed event; most actors only act on their ticks."""

    def act(self, now: float, world: World) -> list[Request]:
        raise NotImplementedError
