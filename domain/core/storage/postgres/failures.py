"""Failed and slow deliveries on PostgreSQL: the statements SQLite writes with `max`, `min`
and a comparison stored as 0 or 1."""

from __future__ import annotations

from domain.core.storage.failure_records import (
    FIRST_DELAY_S,
    MAX_ATTEMPTS,
    SLOW_COLUMNS,
    FailureRecords,
    FailureSql,
)
from domain.core.storage.port import Store

RECORD_SQL = """
INSERT INTO failures (subscriber, position, event_id, event_type, error, attempts,
                      first_failed_at, last_failed_at, next_attempt_at, parked)
VALUES (:subscriber, :position, :event_id, :event_type, :error, 1, :now, :now, :next, 0)
ON CONFLICT(subscriber, position) DO UPDATE SET
    error = excluded.error,
    attempts = failures.attempts + 1,
    last_failed_at = excluded.last_failed_at,
    next_attempt_at = :epoch + :delay * (1::bigint << least(failures.attempts, 20)),
    parked = CASE WHEN failures.attempts + 1 >= :limit THEN 1 ELSE 0 END
"""
RECORD_SLOW_SQL = f"""
INSERT INTO slow_deliveries ({", ".join(SLOW_COLUMNS)})
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(subscriber, position) DO UPDATE SET
    seconds = CASE WHEN slow_deliveries.started_at = excluded.started_at
                   THEN greatest(slow_deliveries.seconds, excluded.seconds)
                   ELSE excluded.seconds END,
    finished = CASE WHEN slow_deliveries.started_at = excluded.started_at
                    THEN greatest(slow_deliveries.finished, excluded.finished)
                    ELSE excluded.finished END,
    started_at = excluded.started_at
"""
POSTGRESQL_FAILURE_SQL = FailureSql(RECORD_SQL, RECORD_SLOW_SQL, "FALSE")


class PostgresFailureLog(FailureRecords):
    """Failed (subscriber, position) pairs with their error text, attempts and next try."""

    def __init__(self, store: Store, max_attempts: int = MAX_ATTEMPTS,
                 first_delay: float = FIRST_DELAY_S) -> None:
        super().__init__(store, POSTGRESQL_FAILURE_SQL, max_attempts, first_delay)
