"""What the simulation has observed: the books on the shelf and when its commands were sent."""

from __future__ import annotations

import bisect
from typing import Any

import attrs


@attrs.frozen
class Origin:
    """A command the simulation sent: when (simulated seconds) and its place in the run."""

    sent_at: float
    ordinal: int


class KnownBooks:
    """Book ids in the order their BookAdded events were observed, with when they were added."""

    def __init__(self) -> None:
        self._added_at: list[float] = []
        self._ids: list[str] = []

    def add(self, added_at: float, book_id: str) -> None:
        # Commands are sent in simulated-time order and committed in that order, so
        # `added_at` never decreases; a book added from outside counts from now.
        self._added_at.append(max(added_at, self._added_at[-1] if self._added_at else added_at))
        self._ids.append(book_id)

    def visible_at(self, moment: float) -> list[str]:
        """The books added at or before `moment`."""
        return self._ids[: bisect.bisect_right(self._added_at, moment)]

    def __len__(self) -> int:
        return len(self._ids)


class World:
    """Shared knowledge of the simulated people, touched only on the driver's thread."""

    def __init__(self, reaction_lag: float, *, record_aliases: bool = False) -> None:
        self.reaction_lag = reaction_lag
        self.books = KnownBooks()
        self.origins: dict[str, Origin] = {}
        self.record_aliases = record_aliases
        # Ids are random uuids; a run is compared with another by the ordinal of the
        # command that created each book or order instead.
        self.aliases: dict[str, str] = {}

    def books_seen_at(self, now: float) -> list[str]:
        return self.books.visible_at(now - self.reaction_lag)

    def alias(self, identifier: str, kind: str, origin: Origin | None) -> None:
        if self.record_aliases and origin is not None:
            self.aliases[identifier] = f"{kind}-{origin.ordinal}"

    def normalized(self, value: Any) -> Any:
        """`value` with every id this run created replaced by its alias."""
        if isinstance(value, str):
            return self.aliases.get(value, value)
        if isinstance(value, dict):
            return {key: self.normalized(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.normalized(item) for item in value]
        return value
