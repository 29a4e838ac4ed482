"""How many events a filter keeps, counted a span of positions at a time."""

from __future__ import annotations

from domain.core.storage.reading import EventFilter
from domain.readside.event_log import EventLog, Positions, SearchScope

# The first span counted, in positions; each next one is GROWTH times longer. A span's cost
# is not always in proportion to its length (a text and a type meet in the search index
# at about 50 ms whatever the span, on a million events), so the spans grow whatever the
# last one took: a million positions are counted in 7 steps, the first ones quick.
FIRST_SPAN = 1_000
GROWTH = 4


class EventCount:
    """How many events pass `selection` within `scope`, counted from the newest back.

    Each `step` counts one span of positions, GROWTH times longer than the last. Until
    the count is `done`, `counted` is a lower bound ("at least"). Events committed later
    are counted on the next step (`extend`). Where the scope leaves part of the log out (a
    text too short for the index), the count stays a lower bound once done: `exact` says
    whether it is the number of events the store holds under the filter.
    """

    def __init__(self, log: EventLog, selection: EventFilter, scope: SearchScope,
                 last: int) -> None:
        self.log = log
        self.selection = selection
        self.scope = scope
        self._span = FIRST_SPAN
        self._counted = 0
        self._through = last  # counted or to count up to here; later events: `extend`
        # Newest first, each span clipped to what exists now.
        self._pending = [clipped for span in reversed(scope.ranges)
                         if (clipped := span.clip_before(last + 1)) is not None]

    @property
    def counted(self) -> int:
        """The events counted so far."""
        return self._counted

    @property
    def done(self) -> bool:
        """Whether every position up to the last one known was counted."""
        return not self._pending

    @property
    def exact(self) -> bool:
        """Whether `counted` is how many events of the store pass the filter."""
        return self.done and self.scope.whole

    def extend(self, last: int) -> None:
        """Events were committed up to `last`: the next step counts them first."""
        if last > self._through:
            self._pending.insert(0, Positions(self._through, last + 1))
            self._through = last

    def step(self) -> None:
        """Count the newest span not counted yet."""
        if not self._pending:
            return
        newest = self._pending[0]
        # `before` is never None: spans were clipped to the last position known.
        before = newest.before if newest.before is not None else self._through + 1
        after = max(newest.after, before - 1 - self._span)
        self._counted += self.log.count(self.selection, after, before)
        if after > newest.after:
            self._pending[0] = Positions(newest.after, after + 1)
        else:
            del self._pending[0]
        self._span *= GROWTH

    def text(self) -> str:
        """What the count says (see count_text)."""
        return count_text(self._counted, self.exact)


def count_text(counted: int, exact: bool) -> str:
    """`11,700 events`, or `at least 826 events` (while counting, or where the search
    looked at part of the log only)."""
    noun = "event" if counted == 1 else "events"
    return f"{counted:,} {noun}" if exact else f"at least {counted:,} {noun}"
