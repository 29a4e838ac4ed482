"""Repositories: store an aggregate with its entities and events, and read it back."""

from __future__ import annotations

from collections.abc import Callable

from domain.core.elements import BaseAggregate
from domain.core.errors import ObjectNotFoundError
from domain.core.runtime.queryset import QuerySet
from domain.core.storage.port import AggregateRows, Store, UnitOfWork
from domain.core.versions import after_write

# Runs `save(unit)` in a unit of work of its own and delivers what it committed: how an
# `add` made outside any command is stored (the runtime's runner provides it).
RunUnit = Callable[[Callable[[UnitOfWork], None]], None]


class Repository:
    """Adds and gets aggregates of one class, in the caller's unit of work or one of its own.

    A repository never delivers events: it appends them to the unit of work, and whoever
    runs the unit hands them to the dispatcher after the commit.
    """

    def __init__(self, aggregate_cls: type[BaseAggregate], store: Store,
                 run_unit: RunUnit) -> None:
        self.aggregate_cls = aggregate_cls
        self.store = store
        self.rows: AggregateRows = store.aggregates(aggregate_cls)
        self._run_unit = run_unit

    def add(self, aggregate: BaseAggregate) -> BaseAggregate:
        """Store `aggregate` and append its collected events, guarded by its version."""
        if not isinstance(aggregate, self.aggregate_cls):
            raise TypeError(f"expected a {self.aggregate_cls.__name__}, got {aggregate!r}")
        unit = self.store.current_unit
        if unit is not None:
            self._save(unit, aggregate)
        else:
            self._run_unit(lambda own: self._save(own, aggregate))
        return aggregate

    def get(self, aggregate_id: object) -> BaseAggregate:
        """A fresh copy read from storage; ObjectNotFoundError if there is none."""
        aggregate = self.rows.read(str(aggregate_id))
        if aggregate is None:
            raise ObjectNotFoundError(
                f"no {self.aggregate_cls.__name__} is stored with id {aggregate_id}"
            )
        return aggregate

    @property
    def query(self) -> QuerySet:
        """A query on this class's stored aggregates: filter, exclude, order_by, limit,
        offset, then all() (see runtime/queryset.py)."""
        return QuerySet(self.aggregate_cls, self.rows)

    def find_by(self, **lookups: object) -> BaseAggregate:
        """The one aggregate matching `lookups`: ObjectNotFoundError when none does,
        TooManyObjectsError when several do."""
        aggregate: BaseAggregate = self.query.only(**lookups)
        return aggregate

    def _save(self, unit: UnitOfWork, aggregate: BaseAggregate) -> None:
        state = self.rows.state(aggregate)
        data = aggregate.__dict__
        events = data["_events"]
        stored_state = data["_stored_state"]
        if not events and state == stored_state:
            return  # unchanged: nothing to write
        version, sequence = data["_version"], data["_sequence"]
        values, children = state
        children_changed = bool(children) and (stored_state is None
                                               or children != stored_state[1])
        self.rows.write(aggregate, values, children if children_changed else None, version,
                        sequence + len(events))
        for event in events:
            unit.records.append(self.store.append(event))
        # Its history: the state this write leaves, in the same transaction, under the
        # position of the last event it raised.
        self.rows.record(aggregate, state, after_write(version), sequence + len(events),
                         unit.records[-1].position if events else None)

        previous = (version, sequence, stored_state, events)
        data["_version"], data["_sequence"] = after_write(version), sequence + len(events)
        data["_stored_state"], data["_events"] = state, []

        def undo() -> None:
            data["_version"], data["_sequence"], data["_stored_state"], data["_events"] = previous

        unit.on_rollback(undo)
