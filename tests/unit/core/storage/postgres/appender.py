"""A writer process of the concurrent-append test: one account, one event a transaction."""

from __future__ import annotations

import psycopg

from domain.core.storage.postgres import event_log
from tests.unit.core.ledger import Account


def append_credits(url: str, count: int) -> None:
    account = Account.open("Writer")
    for _ in range(count - 1):
        account.credit(1.0)
    with psycopg.connect(url) as connection:
        for event in account._events:
            event_log.append(connection, event)
            connection.commit()
