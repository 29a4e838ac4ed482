"""The event count on a thread of its own, with its own reader, told what to count by a mailbox."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import NamedTuple

from domain.core.errors import StorageError
from domain.core.storage.reading import EventFilter, Reader
from domain.readside.event_count import EventCount
from domain.readside.event_log import EventLog, SearchScope

log = logging.getLogger(__name__)


class Progress(NamedTuple):
    """What a count has found so far: `request` is the number `count` returned."""

    request: int
    counted: int
    done: bool
    exact: bool


class _Count(NamedTuple):
    request: int
    selection: EventFilter
    scope: SearchScope
    last: int


class _Extend(NamedTuple):
    last: int


_STOP = object()


class BackgroundCount:
    """Counts events under a filter (EventCount) on its own thread, so that whoever asks
    is never held: a count of a million events may take a second where the search
    index cannot answer it in short steps (a text in one type: about 50 ms a query).

    The thread opens its reader with `open_reader` (SQLite connections never cross
    threads) and closes it when stopped. `count` starts a count anew (the one under way
    is dropped after its current step), `extend` adds events committed since; each step
    is reported to `report`, on the counting thread.
    """

    def __init__(self, open_reader: Callable[[], Reader],
                 report: Callable[[Progress], None]) -> None:
        self._open_reader = open_reader
        self._report = report
        self._mailbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._requests = 0
        # A daemon: a window that never stops it must not keep the program alive.
        self._thread = threading.Thread(target=self._run, name="event-count", daemon=True)
        self._thread.start()

    def count(self, selection: EventFilter, scope: SearchScope, last: int) -> int:
        """Count the events up to `last` that pass `selection` within `scope`; returns the
        number its reports carry."""
        self._requests += 1
        self._mailbox.put(_Count(self._requests, selection, scope, last))
        return self._requests

    def extend(self, last: int) -> None:
        """Events were committed up to `last`: count them too."""
        self._mailbox.put(_Extend(last))

    def stop(self, timeout: float = 10.0) -> None:
        """Drop the count, close the reader, and end the thread (waits for its step)."""
        self._mailbox.put(_STOP)
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            reader = self._open_reader()
        except StorageError as error:  # a vanished file, say: the window says why elsewhere
            log.warning("cannot count the events: %s", error)
            return
        try:
            self._serve(EventLog(reader))
        except StorageError as error:
            log.warning("stopped counting the events: %s", error)
        finally:
            reader.close()

    def _serve(self, events: EventLog) -> None:
        count: EventCount | None = None
        request = 0
        while True:
            # Idle, wait for work; counting, take what came in between two steps.
            idle = count is None or count.done
            try:
                message = self._mailbox.get() if idle else self._mailbox.get_nowait()
            except queue.Empty:
                message = None
            if message is _STOP:
                return
            if isinstance(message, _Count):
                request = message.request
                count = EventCount(events, message.selection, message.scope, message.last)
            elif isinstance(message, _Extend) and count is not None:
                count.extend(message.last)
            if count is not None and not count.done:
                count.step()
                self._report(Progress(request, count.counted, count.done, count.exact))
            elif isinstance(message, _Count) and count is not None:
                self._report(Progress(request, 0, True, count.exact))  # nothing to count
