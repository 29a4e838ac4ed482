"""The repository of an event-sourced aggregate: append its new events, rebuild it by replay."""

from __future__ import annotations

from datetime import datetime
from itertools import takewhile

from domain.core.elements import BaseAggregate
from domain.core.errors import IncorrectUsageError, ObjectNotFoundError
from domain.core.runtime.queryset import QuerySet
from domain.core.runtime.repository import Repository, RunUnit
from domain.core.storage.port import Store, UnitOfWork


class EventSourcedRepository(Repository):
    """Adds and gets event-sourced aggregates of one class: they have no row, their events
    are their state.

    `add` appends only the events raised since the aggregate was read, each at the next
    sequence of its stream: the events table's unique (stream, sequence) refuses a stale
    copy's first event with ExpectedVersionError, and the unit of work then writes nothing.
    Like the state-stored repository it never delivers: the unit's runner does, after commit.
    There are no rows to query: `query` and `find_by` are refused (as Protean has none).
    """

    def __init__(self, aggregate_cls: type[BaseAggregate], store: Store,
                 run_unit: RunUnit) -> None:
        # No rows (Repository.__init__ would ask the store for the class's table).
        self.aggregate_cls = aggregate_cls
        self.store = store
        self._run_unit = run_unit

    @property
    def query(self) -> QuerySet:
        raise IncorrectUsageError(f"{self.aggregate_cls.__name__} is event-sourced: it has "
                                  "no rows to query (get it by id)")

    def find_by(self, **lookups: object) -> BaseAggregate:
        raise IncorrectUsageError(f"{self.aggregate_cls.__name__} is event-sourced: it has "
                                  "no rows to query (get it by id)")

    def add(self, aggregate: BaseAggregate) -> BaseAggregate:
        """Append the events `aggregate` raised since it was read (none: nothing is written)."""
        if not isinstance(aggregate, self.aggregate_cls):
            raise TypeError(f"expected a {self.aggregate_cls.__name__}, got {aggregate!r}")
        if not aggregate._events:
            return aggregate
        unit = self.store.current_unit
        if unit is not None:
            self._save(unit, aggregate)
        else:
            self._run_unit(lambda own: self._save(own, aggregate))
        return aggregate

    def get(self, aggregate_id: object, *, at_version: int | None = None,
            as_of: datetime | None = None) -> BaseAggregate:
        """The aggregate rebuilt from its events: all of them, or up to `at_version` (0 is
        the state after its first event), or up to the last raised on or before `as_of`.
        A past state (either given) is read-only: it cannot raise events.

        ObjectNotFoundError when the stream has no events, or none up to that point."""
        if at_version is not None and as_of is not None:
            raise IncorrectUsageError(
                "Cannot specify both `at_version` and `as_of`; they are mutually exclusive.")
        name = self.aggregate_cls.__name__
        through = None if at_version is None else at_version + 1  # sequences count from 1
        stored = [each.event for each in self.store.load_stream(
            self.aggregate_cls.stream_name(str(aggregate_id)), through)]
        if not stored:
            raise ObjectNotFoundError(f"`{name}` object with identifier {aggregate_id} "
                                      "does not exist.")
        if at_version is not None and len(stored) < at_version + 1:
            raise ObjectNotFoundError(f"`{name}` object with identifier {aggregate_id} has no "
                                      f"version {at_version} (its last is {len(stored) - 1}).")
        if as_of is not None:
            # The events up to the first raised after `as_of`, in the stream's order: an
            # event stamped earlier than one before it (built before it was raised, or a
            # clock set back) never makes a state that skips one.
            stored = list(takewhile(
                lambda event: _on_or_before(event._metadata.timestamp, as_of), stored))
            if not stored:
                raise ObjectNotFoundError(f"`{name}` object with identifier {aggregate_id} has "
                                          f"no events on or before {as_of}.")
        aggregate = self.aggregate_cls.from_events(stored)
        if at_version is not None or as_of is not None:
            aggregate.__dict__["_is_temporal"] = True
        return aggregate

    def _save(self, unit: UnitOfWork, aggregate: BaseAggregate) -> None:
        data = aggregate.__dict__
        events, sequence = data["_events"], data["_sequence"]
        for event in events:
            unit.records.append(self.store.append(event))
        # Its state after this write, for the history, as a state-stored aggregate's is.
        self.store.record_state(unit.records[-1].position, aggregate._version,
                                aggregate.to_dict())
        data["_sequence"], data["_events"] = sequence + len(events), []

        def undo() -> None:
            data["_sequence"], data["_events"] = sequence, events

        unit.on_rollback(undo)


def _on_or_before(timestamp: datetime, as_of: datetime) -> bool:
    """As Protean compares them: one naive and one aware are both taken as UTC."""
    if (timestamp.tzinfo is None) != (as_of.tzinfo is None):
        return timestamp.replace(tzinfo=None) <= as_of.replace(tzinfo=None)
    return timestamp <= as_of
