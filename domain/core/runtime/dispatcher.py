"""Delivery after the commit: each subscriber gets the events past its checkpoint, in order."""

from __future__ import annotations

import math
import time
from collections import deque
from typing import TYPE_CHECKING

from domain.core.runtime.subscribers import HandlerSubscriber, Subscriber
from domain.core.storage.sqlite.failures import FailureLog

if TYPE_CHECKING:
    from domain.core.domain import Domain
    from domain.core.storage.sqlite.store import Store, StoredEvent

CATCH_UP_PAGE = 1_000


class Dispatcher:
    """Delivers committed events to every subscriber of the domain, on the store's thread.

    Positions delivered to stateless subscribers are kept in memory and written with the
    next commit (or on idle and on close), so delivery costs no extra transaction; after a
    crash the events past the written checkpoint are delivered again: at least once.
    Projections write their checkpoint in the same transaction as their rows: exactly once.

    Each thread that commits delivers through its own dispatcher. The engine is meant to be
    the only writer of a process; a second writing thread would also deliver the engine's
    commits to stateless subscribers (at least once still holds: they would see them twice).
    """

    def __init__(self, domain: Domain, store: Store) -> None:
        self.domain = domain
        self.store = store
        self.failures = FailureLog(store)
        self.positions = store.checkpoints()
        self._queue: deque[list[StoredEvent]] = deque()
        self._busy = False
        self._next_retry_at = self.failures.next_attempt_at() or math.inf

    def position_of(self, subscriber: Subscriber) -> int:
        return self.positions.get(subscriber.name, 0)

    def deliver(self, records: list[StoredEvent]) -> None:
        """Deliver one commit's events; a call made while delivering joins the queue."""
        if records:
            self._queue.append(records)
        if self._busy:
            return
        self._busy = True
        try:
            while self._queue:
                records = self._queue.popleft()
                subscribers = self.domain.subscribers
                # Projections that are up to date share one transaction for this commit.
                in_step = [each for each in subscribers
                           if each.stateful and self._next_is(each, records)]
                if in_step:
                    self._apply([(projection, records) for projection in in_step])
                for subscriber in subscribers:
                    self._bring_up_to(subscriber, records)
        finally:
            self._busy = False
        if time.time() >= self._next_retry_at:
            self.retry_due()

    def catch_up(self) -> None:
        """Deliver whatever an earlier run committed but did not deliver."""
        last = self.store.last_position()
        for subscriber in self.domain.subscribers:
            while self.position_of(subscriber) < last:
                batch = self.store.load(after=self.position_of(subscriber), limit=CATCH_UP_PAGE)
                if not batch:
                    break
                self._send(subscriber, batch)

    def _next_is(self, subscriber: Subscriber, records: list[StoredEvent]) -> bool:
        return records[0].position == self.position_of(subscriber) + 1

    def _bring_up_to(self, subscriber: Subscriber, records: list[StoredEvent]) -> None:
        position = self.position_of(subscriber)
        if records[-1].position <= position:
            return
        if records[0].position == position + 1:
            self._send(subscriber, records)
            return
        # Behind (a failure, another process's commits): read the gap from the store.
        while self.position_of(subscriber) < records[-1].position:
            batch = self.store.load(after=self.position_of(subscriber), limit=CATCH_UP_PAGE)
            if not batch:
                break
            self._send(subscriber, batch)

    def _send(self, subscriber: Subscriber, batch: list[StoredEvent]) -> None:
        if subscriber.stateful:
            self._apply([(subscriber, batch)])
            return
        if isinstance(subscriber, HandlerSubscriber):
            for stored in batch:
                if subscriber.handles(stored):
                    self._attempt(subscriber, [stored])
        else:
            self._attempt(subscriber, batch)
        last = batch[-1].position
        self.positions[subscriber.name] = last
        self.store.pending_checkpoints[subscriber.name] = last

    def _attempt(self, subscriber: Subscriber, batch: list[StoredEvent]) -> bool:
        try:
            subscriber.deliver(self.store, batch)
        except Exception as error:  # a failing subscriber must not stop the others
            self._record_failure(subscriber, batch[0], error)
            return False
        return True

    def _record_failure(self, subscriber: Subscriber, stored: StoredEvent, error: BaseException
                        ) -> None:
        self.failures.record(subscriber.name, stored, error)
        self._next_retry_at = min(self._next_retry_at, time.time() + self.failures.first_delay)

    def _apply(self, work: list[tuple[Subscriber, list[StoredEvent]]]) -> None:
        """Apply batches to projections, each with its checkpoint, in one transaction."""
        store = self.store
        failed: list[tuple[Subscriber, StoredEvent, BaseException]] = []
        with store.unit_of_work():
            for projection, batch in work:
                applied = store.checkpoint(projection.name)  # read under the write lock
                fresh = [stored for stored in batch if stored.position > applied]
                try:
                    with store.unit_of_work():  # a savepoint per projection
                        projection.deliver(store, fresh)
                except Exception:
                    # Find the culprit: one event per savepoint, skipping (and recording) failures.
                    for stored in fresh:
                        try:
                            with store.unit_of_work():
                                projection.deliver(store, [stored])
                        except Exception as error:
                            failed.append((projection, stored, error))
                if batch[-1].position > applied:
                    store.save_checkpoint(projection.name, batch[-1].position)
        for projection, batch in work:
            self.positions[projection.name] = max(self.position_of(projection),
                                                  batch[-1].position)
        for projection, stored, error in failed:
            self._record_failure(projection, stored, error)

    def retry_due(self) -> None:
        """Try again the failed deliveries whose backoff has passed."""
        if self.store.units:
            return
        by_name = {subscriber.name: subscriber for subscriber in self.domain.subscribers}
        for name, position in self.failures.due():
            subscriber = by_name.get(name)
            loaded = self.store.load(after=position - 1, limit=1)
            if subscriber is None or not loaded:
                continue
            try:
                if subscriber.stateful:
                    with self.store.unit_of_work():
                        subscriber.deliver(self.store, loaded)
                else:
                    subscriber.deliver(self.store, loaded)
            except Exception as error:
                self.failures.record(name, loaded[0], error)
            else:
                self.failures.resolve(name, position)
        self._next_retry_at = self.failures.next_attempt_at() or math.inf

    @property
    def next_retry_at(self) -> float:
        return self._next_retry_at
