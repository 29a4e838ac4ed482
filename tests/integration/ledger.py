"""A test projection that refuses to apply any event twice: one row per applied position."""

from __future__ import annotations

from domain.core import Projection, StoredEvent
from domain.core.subscriber import DatabaseHandle
from domain.core.subscriber import ProjectionStore as Store


class Ledger(Projection):
    """Plain INSERT on the position: a second application fails loudly (and is recorded)."""

    name = "test.ledger"
    tables = ("ledger",)

    def create_tables(self, db: DatabaseHandle) -> None:
        # Either backend's handle: the one statement both take.
        db.execute("CREATE TABLE IF NOT EXISTS ledger (position INTEGER PRIMARY KEY, type TEXT)")

    def apply(self, store: Store, stored: StoredEvent) -> None:
        store.execute("INSERT INTO ledger (position, type) VALUES (?, ?)",
                      (stored.position, stored.type))
