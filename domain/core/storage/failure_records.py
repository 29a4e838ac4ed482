"""The record of failed deliveries on either backend, through the store's `execute`:
retried with backoff, then parked for a person to look at."""

from __future__ import annotations

import time
import traceback
from collections.abc import Collection, Sequence

import attrs

from domain.core.metadata import utc_now
from domain.core.storage.port import FailureLog, Store

COLUMNS = ("subscriber", "position", "event_id", "event_type", "error", "attempts",
           "first_failed_at", "last_failed_at", "next_attempt_at", "parked")
# What a listing shows: the columns a failure is recorded with, and when a person skipped it.
LISTED = (*COLUMNS, "skipped_at")
MAX_ATTEMPTS = 5
FIRST_DELAY_S = 0.5
# A failure waits (is retried, or parked) until it is delivered or a person skips it.
WAITING = "skipped_at IS NULL"
STOPPED_AT_SQL = f"""
SELECT position FROM failures WHERE subscriber = :name AND {WAITING} AND position =
    coalesce((SELECT position FROM checkpoints WHERE subscriber = :name), 0) + 1
"""
SLOW_COLUMNS = ("subscriber", "position", "event_id", "event_type", "started_at", "seconds",
                "finished")


@attrs.frozen
class FailureSql:
    """The statements that differ between the backends: recording a failure (named
    parameters subscriber, position, event_id, event_type, error, now, next, epoch, delay,
    limit), recording a slow delivery (seven `?`, SLOW_COLUMNS), and falsehood."""

    record: str
    record_slow: str
    false: str


class FailureRecords(FailureLog):
    """Failed (subscriber, position) pairs with their error text, attempts and next try."""

    def __init__(self, store: Store, sql: FailureSql, max_attempts: int = MAX_ATTEMPTS,
                 first_delay: float = FIRST_DELAY_S) -> None:
        self.store = store
        self.sql = sql
        self.max_attempts = max_attempts
        self.first_delay = first_delay

    def record(self, subscriber: str, position: int, event_id: str, event_type: str,
               error: BaseException) -> None:
        epoch = time.time()
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        with self.store.unit_of_work():
            self.store.execute(self.sql.record, {
                "subscriber": subscriber, "position": position,
                "event_id": event_id, "event_type": event_type, "error": text,
                "now": utc_now().isoformat(), "next": epoch + self.first_delay,
                "epoch": epoch, "delay": self.first_delay, "limit": self.max_attempts,
            })

    def resolve(self, subscriber: str, position: int) -> None:
        with self.store.unit_of_work():
            self.store.execute(
                "DELETE FROM failures WHERE subscriber = ? AND position = ?", (subscriber, position)
            )

    def skip(self, subscriber: str, position: int) -> bool:
        with self.store.unit_of_work():
            cursor = self.store.execute(
                f"UPDATE failures SET skipped_at = ? WHERE subscriber = ? AND position = ? "
                f"AND {WAITING}", (utc_now().isoformat(), subscriber, position))
        return cursor.rowcount == 1

    def stopped_at(self, subscriber: str) -> int | None:
        row = self.store.execute(STOPPED_AT_SQL, {"name": subscriber}).fetchone()
        return None if row is None else int(row[0])

    def skipped(self, subscriber: str) -> set[int]:
        return {row[0] for row in self.store.execute(
            "SELECT position FROM failures WHERE subscriber = ? AND skipped_at IS NOT NULL",
            (subscriber,))}

    def forget(self, subscriber: str) -> None:
        """Drop the waiting failures of `subscriber` (its projection is being rebuilt)."""
        self.store.execute(f"DELETE FROM failures WHERE subscriber = ? AND {WAITING}",
                           (subscriber,))

    def due(self, now: float | None = None, subscribers: Collection[str] | None = None
            ) -> list[tuple[str, int]]:
        among, names = _among(subscribers, self.sql.false)
        rows: list[tuple[str, int]] = self.store.execute(
            f"SELECT subscriber, position FROM failures WHERE parked = 0 AND {WAITING} "
            f"AND next_attempt_at <= ?{among} ORDER BY position",
            (time.time() if now is None else now, *names),
        ).fetchall()
        return rows

    def next_attempt_at(self, subscribers: Collection[str] | None = None) -> float | None:
        among, names = _among(subscribers, self.sql.false)
        at: float | None = self.store.execute(
            f"SELECT min(next_attempt_at) FROM failures WHERE parked = 0 AND {WAITING}{among}",
            tuple(names),
        ).fetchone()[0]
        return at

    def listing(self, parked_only: bool = False) -> list[dict[str, object]]:
        cursor = self.store.execute(
            f"SELECT {', '.join(LISTED)} FROM failures"
            + (f" WHERE parked = 1 AND {WAITING}" if parked_only else "") + " ORDER BY position"
        )
        return [dict(zip(LISTED, row, strict=True)) for row in cursor.fetchall()]

    def unpark(self) -> int:
        """Make every parked delivery due again, with a fresh count of attempts."""
        with self.store.unit_of_work():
            cursor = self.store.execute(
                "UPDATE failures SET parked = 0, attempts = 0, next_attempt_at = 0 "
                f"WHERE parked = 1 AND {WAITING}"
            )
        count: int = cursor.rowcount
        return count

    def record_slow(self, subscriber: str, position: int, event_id: str, event_type: str,
                    started_at: str, seconds: float, finished: bool) -> None:
        with self.store.unit_of_work():
            self.store.execute(self.sql.record_slow, (subscriber, position, event_id, event_type,
                                                 started_at, seconds, int(finished)))

    def slow(self) -> list[dict[str, object]]:
        cursor = self.store.execute(
            f"SELECT {', '.join(SLOW_COLUMNS)} FROM slow_deliveries ORDER BY started_at DESC")
        return [dict(zip(SLOW_COLUMNS, row, strict=True)) for row in cursor.fetchall()]

    def settle_slow(self, subscribers: Sequence[str]) -> None:
        if not subscribers:
            return
        marks = ", ".join("?" * len(subscribers))
        with self.store.unit_of_work():
            # Still running when their run ended: interrupted (2), delivered again.
            self.store.execute(f"UPDATE slow_deliveries SET finished = 2 WHERE finished = 0 "
                               f"AND subscriber IN ({marks})", tuple(subscribers))


def _among(subscribers: Collection[str] | None, false: str) -> tuple[str, list[str]]:
    """The condition that keeps the rows of `subscribers` (every row for None)."""
    if subscribers is None:
        return "", []
    names = list(subscribers)
    if not names:
        return f" AND {false}", names
    return f" AND subscriber IN ({', '.join('?' * len(names))})", names
