"""The record of failed deliveries: retried with backoff, then parked for a person to look at."""

from __future__ import annotations

from domain.core.storage.failure_records import (
    COLUMNS,
    FIRST_DELAY_S,
    MAX_ATTEMPTS,
    SLOW_COLUMNS,
    FailureRecords,
    FailureSql,
)
from domain.core.storage.port import Store

__all__ = ["COLUMNS", "FIRST_DELAY_S", "MAX_ATTEMPTS", "SqliteFailureLog", "stops_sql"]

RECORD_SQL = """
INSERT INTO failures (subscriber, position, event_id, event_type, error, attempts,
                      first_failed_at, last_failed_at, next_attempt_at, parked)
VALUES (:subscriber, :position, :event_id, :event_type, :error, 1, :now, :now, :next, 0)
ON CONFLICT(subscriber, position) DO UPDATE SET
    error = excluded.error,
    attempts = attempts + 1,
    last_failed_at = excluded.last_failed_at,
    next_attempt_at = :epoch + :delay * (1 << min(attempts, 20)),
    parked = attempts + 1 >= :limit
"""

# Where projections stopped: a waiting failure just past the subscriber's written position.
STOPS_SQL = """
SELECT f.* FROM failures AS f LEFT JOIN checkpoints AS c ON c.subscriber = f.subscriber
WHERE f.subscriber IN ({names}) AND f.position = coalesce(c.position, 0) + 1{waiting}
ORDER BY f.subscriber
"""


def stops_sql(subscribers: int, skips: bool = True) -> str:
    """STOPS_SQL for this many subscriber names (each a `?`). Without `skips` (a file of
    an older schema read as it is: no column skipped_at) every failure still waits."""
    return STOPS_SQL.format(names=", ".join("?" * subscribers),
                            waiting=" AND f.skipped_at IS NULL" if skips else "")


RECORD_SLOW_SQL = f"""
INSERT INTO slow_deliveries ({", ".join(SLOW_COLUMNS)})
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(subscriber, position) DO UPDATE SET
    -- The same delivery reported again: it ran longer, or finished. Another one of the
    -- same event (delivered again at a later start): a record of its own.
    seconds = CASE WHEN started_at = excluded.started_at
                   THEN max(seconds, excluded.seconds) ELSE excluded.seconds END,
    finished = CASE WHEN started_at = excluded.started_at
                    THEN max(finished, excluded.finished) ELSE excluded.finished END,
    started_at = excluded.started_at
"""


SQLITE_FAILURE_SQL = FailureSql(RECORD_SQL, RECORD_SLOW_SQL, "0")


class SqliteFailureLog(FailureRecords):
    """Failed (subscriber, position) pairs with their error text, attempts and next try."""

    def __init__(self, store: Store, max_attempts: int = MAX_ATTEMPTS,
                 first_delay: float = FIRST_DELAY_S) -> None:
        super().__init__(store, SQLITE_FAILURE_SQL, max_attempts, first_delay)
