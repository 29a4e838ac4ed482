"""Commands whose commit was cut off by a lost connection: looked up by id in the commands
on record once the database is reached again, never guessed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from domain.core.elements import BaseCommand
from domain.core.errors import CommitOutcomeUnknownError, StorageError
from domain.core.storage.port import Store

log = logging.getLogger(__name__)

# How long to wait before asking again while the database cannot be reached.
RETRY_S = 1.0
# What a command came to, once known: "accepted" (it committed with its events), or
# "not stored" (no record of it: its transaction was rolled back with the connection).
NOT_STORED = "not stored"
Settled = Callable[[str, str], object]


def outcome_unknown(command: BaseCommand, error: BaseException) -> CommitOutcomeUnknownError:
    """What a command's caller is told while nobody knows whether it committed."""
    name = type(command).__name__
    return CommitOutcomeUnknownError(
        f"{name} {command._metadata.id}: outcome unknown ({error}). It will be looked up by "
        "its id in the commands on record then.", command._metadata.id)


class UnknownOutcomes:
    """The commands waiting for their outcome, and who is told once it is known."""

    def __init__(self) -> None:
        self._waiting: dict[str, str] = {}  # command id: its type's name
        self._next_try = 0.0
        self._listeners: list[Settled] = []
        self.settled: dict[str, str] = {}  # command id: "accepted", "refused" or NOT_STORED

    def __bool__(self) -> bool:
        return bool(self._waiting)

    def add(self, command: BaseCommand) -> None:
        self._waiting[command._metadata.id] = type(command).__name__
        self._next_try = 0.0  # the first look-up goes with the next turn of the worker

    def on_settled(self, listener: Settled) -> None:
        """Call `listener(command_id, outcome)` as each outcome becomes known."""
        self._listeners.append(listener)

    def settle(self, store: Store, now: float | None = None) -> None:
        """Ask the database about each waiting command; those it cannot answer yet (still
        unreachable) are asked again after RETRY_S."""
        moment = time.monotonic() if now is None else now
        if not self._waiting or moment < self._next_try:
            return
        for command_id, name in list(self._waiting.items()):
            try:
                found = store.command_outcome(command_id)
            except StorageError as error:
                log.info("the outcome of %s %s cannot be looked up yet: %s", name,
                         command_id, error)
                self._next_try = moment + RETRY_S
                return
            outcome = found or NOT_STORED
            del self._waiting[command_id]
            self.settled[command_id] = outcome
            log.warning("the outcome of %s %s, unknown when its connection was lost, is "
                        "known: %s", name, command_id, outcome)
            for listener in self._listeners:
                listener(command_id, outcome)
