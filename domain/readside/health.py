"""The engine's health in figures: rates, its mailbox, each subscriber's lag, failed deliveries."""

from __future__ import annotations

from collections.abc import Collection

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
        # Following commits (a server's window hears each): the store's figures are read
        # again only after `stale()`, not at every call.
        self._following = False
        self._store: tuple[int, dict[str, int], tuple[int, int]] | None = None

    def follow_commits(self) -> None:
        """Read the store's figures only after a commit is heard (`stale`)."""
        self._following = True

    def stale(self, *_heard: object) -> None:
        """Something committed (`_heard`: what a signal says of it, unused): the next call
        reads the store's figures again."""
        self._store = None

    def _store_figures(self) -> tuple[int, dict[str, int], tuple[int, int]]:
        if self._store is not None:
            return self._store
        figures = (self._reader.last_position(), self._reader.positions(),
                   self._reader.failure_counts())
        if self._following:
            self._store = figures
        return figures

    def measure(self, tally: EngineTally, fed_own_commits: Collection[str] = ()) -> Health:
        """`fed_own_commits`: subscribers behind only on this process's own commits (the
        window's feed: the window reads another program's commits for itself, and its
        feed is handed them only with this process's next commit)."""
        last, self._last = self._last, tally
        seconds = tally.at - last.at if last is not None else 0.0
        commands = events = 0.0
        if last is not None and seconds > 0:
            commands = (tally.commands - last.commands) / seconds
            events = (tally.events - last.events) / seconds
        last_position, written, (waiting, parked) = self._store_figures()
        head = max(tally.head, last_position)
        lags = sorted((Lag(name, max(0, (tally.head if name in fed_own_commits else head)
                                     - max(position, written.get(name, 0))))
                       for name, position in tally.positions.items()),
                      key=lambda lag: (-lag.behind, lag.subscriber))
        return Health(commands_per_s=commands, events_per_s=events, mailbox=tally.mailbox,
                      lags=tuple(lags), failures=waiting, parked=parked)
