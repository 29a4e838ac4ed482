"""Repositories: store an aggregate with its entities and events, and read it back."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from domain.core.errors import ExpectedVersionError, ObjectNotFoundError
from domain.core.storage.sqlite.connection import translate
from domain.core.storage.sqlite.tables import ElementTable

if TYPE_CHECKING:
    from domain.core.domain import Domain
    from domain.core.storage.sqlite.store import Store
    from domain.core.storage.sqlite.unit_of_work import UnitOfWork


class Repository:
    """Adds and gets aggregates of one class, in the caller's unit of work or one of its own."""

    def __init__(self, domain: Domain, aggregate_cls: type, table: ElementTable) -> None:
        self.domain = domain
        self.aggregate_cls = aggregate_cls
        self.table = table

    def add(self, aggregate: Any) -> Any:
        """Store `aggregate` and append its collected events, guarded by its version."""
        if not isinstance(aggregate, self.aggregate_cls):
            raise TypeError(f"expected a {self.aggregate_cls.__name__}, got {aggregate!r}")
        store = self.domain.store
        unit = store.current_unit
        if unit is not None:
            self._save(store, unit, aggregate)
            return aggregate
        with store.unit_of_work() as unit:
            self._save(store, unit, aggregate)
        self.domain.dispatch(unit.records)
        return aggregate

    def get(self, aggregate_id: Any) -> Any:
        """A fresh copy read from storage; ObjectNotFoundError if there is none."""
        store = self.domain.store
        row = store.execute(self.table.select_sql, (str(aggregate_id),)).fetchone()
        if row is None:
            raise ObjectNotFoundError(
                f"no {self.aggregate_cls.__name__} is stored with id {aggregate_id}"
            )
        children = {
            name: [child.build(child_row) for child_row in
                   store.execute(child.select_children_sql, (row[0],)).fetchall()]
            for name, child in self.table.children.items()
        }
        aggregate = self.table.build(row, children)
        state = aggregate.__dict__
        state["_version"], state["_sequence"] = row[-2], row[-1]
        state["_stored_state"] = self._state(aggregate)
        return aggregate

    def _state(self, aggregate: Any) -> tuple:
        data = aggregate.__dict__
        return (
            tuple(self.table.values(aggregate)),
            tuple(
                tuple(tuple(child.values(entity)) for entity in data[name])
                for name, child in self.table.children.items()
            ),
        )

    def _save(self, store: Store, unit: UnitOfWork, aggregate: Any) -> None:
        state = self._state(aggregate)
        data = aggregate.__dict__
        events = data["_events"]
        if not events and state == data["_stored_state"]:
            return  # unchanged: nothing to write
        version, sequence = data["_version"], data["_sequence"]
        values, children = state
        try:
            if version == 0:
                store.connection.execute(
                    self.table.insert_sql, (*values, 1, sequence + len(events))
                )
            else:
                cursor = store.connection.execute(
                    self.table.update_sql,
                    (*values[1:], version + 1, sequence + len(events), values[0], version),
                )
                if cursor.rowcount == 0:
                    raise ExpectedVersionError(
                        f"{self.aggregate_cls.__name__} {aggregate.id} was changed by someone "
                        f"else since version {version} was read"
                    )
            if self.table.children and state[1] != self._stored_children(data):
                self._replace_children(store, values[0], children)
        except sqlite3.IntegrityError as error:
            raise ExpectedVersionError(
                f"{self.aggregate_cls.__name__} {aggregate.id} is already stored: {error}"
            ) from error
        except sqlite3.OperationalError as error:
            raise translate(error, store.location) from error
        for event in events:
            unit.record(store.append(event))

        previous = (version, sequence, data["_stored_state"], events)
        data["_version"], data["_sequence"] = version + 1, sequence + len(events)
        data["_stored_state"], data["_events"] = state, []

        def undo() -> None:
            data["_version"], data["_sequence"], data["_stored_state"], data["_events"] = previous

        unit.on_rollback(undo)

    @staticmethod
    def _stored_children(data: dict) -> Any:
        stored = data["_stored_state"]
        return None if stored is None else stored[1]

    def _replace_children(self, store: Store, aggregate_id: str, children: tuple) -> None:
        for (_name, child), rows in zip(self.table.children.items(), children, strict=True):
            store.connection.execute(child.delete_children_sql, (aggregate_id,))
            store.connection.executemany(
                child.insert_sql,
                [(*row, aggregate_id, index) for index, row in enumerate(rows)],
            )
