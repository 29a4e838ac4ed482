"""The engine's health in figures: rates, its mailbox, each subscriber's lag, failed deliveries."""

from __future__ import annotations

import attrs

from domain.core.runtime.tally import EngineTally
from domain.core.storage.reading import Reader


@attrs.frozen
class Lag:
    """How many events a subscriber of this process has still to be given."""

    subscriber: str
    behind: int


@attrs.frozen
class Health:
    commands_per_s: float
    events_per_s: float
    mailbox: int  # commands and queries waiting for the engine's worker
    lags: tuple[Lag, ...]  # every subscriber of this process, the furthest behind first
    failures: int  # failed deliveries waiting (retried, or parked), of every process
    parked: int  # of those, the ones tried as often as allowed: they wait for a person

    @property
    def behind(self) -> int:
        """The largest lag: 0 when every subscriber has been given every event."""
        return self.lags[0].behind if self.lags else 0


class HealthMeter:
    """Turns the engine's tallies, taken about once a second, into Health.

    Rates are measured between two calls (0 at the first). A subscriber's lag is the
    newest event of the store (any process's) less its position: the one its lane holds
    or the written one, whichever is further (another process may have delivered for it).
    Three small queries of the reader per call.
    """

    def __init__(self, reader: Reader) -> None:
        self._reader = reader
        self._last: EngineTally | None = None

    def measure(self, tally: EngineTally) -> Health:
        last, self._last = self._last, tally
        seconds = tally.at - last.at if last is not None else 0.0
        commands = events = 0.0
        if last is not None and seconds > 0:
            commands = (tally.commands - last.commands) / seconds
            events = (tally.events - last.events) / seconds
        head = max(tally.head, self._reader.last_position())
        written = self._reader.positions()
        lags = sorted((Lag(name, max(0, head - max(position, written.get(name, 0))))
                       for name, position in tally.positions.items()),
                      key=lambda lag: (-lag.behind, lag.subscriber))
        waiting, parked = self._reader.failure_counts()
        return Health(commands_per_s=commands, events_per_s=events, mailbox=tally.mailbox,
                      lags=tuple(lags), failures=waiting, parked=parked)
