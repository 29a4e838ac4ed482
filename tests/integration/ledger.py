"""A test projection that refuses to apply any event twice: one row per applied position."""

from __future__ import annotations

import sqlite_utils

from domain.core import Projection, StoredEvent
from domain.core.subscriber import ProjectionStore as Store


class Ledger(Projection):
    """Plain INSERT on the position: a second application fails loudly (and is recorded)."""

    name = "test.ledger"
    tables = ("ledger",)

    def create_tables(self, db: sqlite_utils.Database) -> None:
        db["ledger"].create({"position": int, "type": str}, pk="position", if_not_exists=True)

    def apply(self, store: Store, stored: StoredEvent) -> None:
        store.execute("INSERT INTO ledger (position, type) VALUES (?, ?)",
                      (stored.position, stored.type))
