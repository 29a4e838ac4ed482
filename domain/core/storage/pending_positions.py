"""Positions delivered to at-least-once subscribers, written with the next transaction
rather than one more write per commit: the same bookkeeping for either backend's store."""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Iterable
from typing import Any

from domain.core.errors import StorageError
from domain.core.storage.port import Store

# Written at most this often, with the next transaction; between writes a crash means
# redelivery, which those subscribers tolerate.
POSITION_INTERVAL_S = 0.25


class PendingPositions(Store):
    """A store's `pending_positions`, written before a commit when due, or on their own."""

    units: list[Any]  # the open units of work, outermost first
    _positions_written_at = 0.0

    @abstractmethod
    def save_positions(self, positions: Iterable[tuple[str, int]]) -> None: ...

    def before_commit(self) -> None:
        if self.pending_positions and (
            time.monotonic() - self._positions_written_at >= POSITION_INTERVAL_S
        ):
            self._write_pending_positions()

    def _write_pending_positions(self) -> None:
        self.save_positions(self.pending_positions.items())
        self.pending_positions.clear()
        self._positions_written_at = time.monotonic()

    def flush_positions(self) -> None:
        """Write pending positions in a transaction of their own (on idle and on close)."""
        if not self.pending_positions or self.units:
            return
        try:
            with self.unit_of_work():
                self._write_pending_positions()
        except StorageError:
            pass  # they ride along with the next commit; redelivery is safe meanwhile
