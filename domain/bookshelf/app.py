"""The composition root: open the bookshelf on one database, and close all of it again."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from domain.bookshelf.book import Book
from domain.bookshelf.bounded_context import bookshelf
from domain.bookshelf.order import Order
from domain.core.elements import BaseAggregate, BaseCommand, BaseProjection
from domain.core.errors import StorageError
from domain.core.runtime.dispatcher import Dispatcher
from domain.core.runtime.engine import Engine
from domain.core.runtime.integrity import IntegrityReport, check_integrity
from domain.core.runtime.projection_repository import ProjectionView
from domain.core.runtime.rebuild import Progress
from domain.core.runtime.repository import Repository
from domain.core.runtime.runtime import Runtime
from domain.core.runtime.session import Session
from domain.core.storage import (
    Snapshot,
    open_reader,
    open_snapshot,
    probe_write_lock,
    save_copy,
)
from domain.core.storage.reading import Reader
from domain.core.subscriber import Subscriber

# Imported for their registrations: the command handlers and the two projections.
from domain.bookshelf import handlers as _handlers  # noqa: F401  isort: skip
from domain.bookshelf import projections as _projections  # noqa: F401  isort: skip

__all__ = ["Book", "Bookshelf", "Order", "open_bookshelf"]


class Bookshelf:
    """Everything opened for one database: its runtime (a session per thread) and engine.

    Several can be open in one process at once (the window switches databases; a copy
    goes from one to another): each has its own runtime over the one registry of the
    bookshelf's elements. `close()` closes all of it.
    """

    def __init__(self, database: str | Path, subscribers: Sequence[Subscriber] | None = None,
                 durability: str = "normal") -> None:
        """`subscribers`, when given, replace the bookshelf's handlers and projections on
        this database (see Runtime). `durability` "full" syncs every commit to disk;
        "normal" may lose the last commits on power loss (see Runtime)."""
        if not bookshelf.registry.initialized:
            bookshelf.registry.init()
        self.location = str(database)
        config = bookshelf.config
        self.runtime = Runtime(bookshelf.registry, self.location, face=bookshelf,
                               subscribers=subscribers, durability=durability,
                               event_processing=config["event_processing"],
                               slow_handler_s=config["slow_handler_s"])
        self.engine: Engine | None = None
        self._readers: list[Reader] = []

    # -- on the calling thread ---------------------------------------------------------------

    def session(self) -> Session:
        """This thread's session, opened now if it is not yet (a bad file raises here)."""
        return self.runtime.open()

    def process(self, command: BaseCommand) -> Any:
        """Run `command` on this thread in one transaction; its events are then delivered."""
        return self.runtime.process(command)

    def repository_for(self, aggregate_cls: type[BaseAggregate]) -> Repository:
        return self.runtime.repository_for(aggregate_cls)

    def view_for(self, projection_cls: type[BaseProjection]) -> ProjectionView:
        """A projection's records as this thread's session reads them."""
        return self.session().view_for(projection_cls)

    def rebuild_projections(self, names: Collection[str] | None = None,
                            progress: Progress | None = None,
                            cancelled: Callable[[], bool] | None = None) -> int:
        """Rebuild every projection (or those named) from the whole log while commands go
        on being committed, and swap the new tables in (see Runtime.rebuild_projections);
        the last position applied.

        On a thread of its own beside a running engine, it opens a session there that
        delivers nothing (the engine's lanes do) and closes it after."""
        beside = self.engine is not None and self.engine.running and not self.runtime.is_open()
        if beside:
            self.runtime.open(lanes=True)
        try:
            return self.runtime.rebuild_projections(names, progress, cancelled)
        finally:
            if beside:
                self.runtime.close()

    def retry_failures(self) -> tuple[int, int, int]:
        """Unpark every failed delivery and try them all now, those waiting for their next
        attempt too: (unparked, delivered, failing).

        A projection whose failure is delivered goes on past it; skipped failures are not
        retried."""
        dispatcher = self.session().dispatcher
        unparked = dispatcher.failures.unpark()
        before = _waiting(dispatcher.failures.listing())
        after = _retried(dispatcher, None)
        return unparked, len(before - after), len(after)

    def retry_failure(self, subscriber: str, position: int) -> bool:
        """Try the failed delivery of the event at `position` to `subscriber` once more,
        now, parked or not; whether it was delivered (failing again, it is recorded again
        and stays parked if it was)."""
        waiting = _retried(self.session().dispatcher, {(subscriber, position)})
        return (subscriber, position) not in waiting

    def skip_failure(self, subscriber: str, position: int) -> bool:
        """A person skips the failed delivery of the event at `position` to `subscriber`:
        recorded with when, never retried; a projection stopped there goes on past it.
        False when no such failure waits."""
        return self.session().dispatcher.skip(subscriber, position)

    def refuse_locked(self) -> None:
        """Raise DatabaseLockedError within half a second when another program holds the
        database's write lock; nothing is written."""
        probe_write_lock(self.runtime.location)

    # -- on a worker thread ------------------------------------------------------------------

    def start_engine(self, **options: Any) -> Engine:
        """Start the engine: its worker opens the database on its own thread."""
        if self.engine is not None and self.engine.running:
            raise RuntimeError("the engine of this bookshelf is already running")
        self.engine = Engine(self.runtime, **options).start()
        return self.engine

    # -- reading -----------------------------------------------------------------------------

    def open_reader(self, create_nothing: bool = False) -> Reader:
        """A read-only connection for the calling thread (the window's panels read through
        one); `close()` closes it. `create_nothing`: not even the -wal and -shm files
        SQLite creates beside a database that no program has open (a read-only window)."""
        reader = open_reader(self.runtime.location, create_nothing,
                             self.runtime.registry.event_class)
        self._readers.append(reader)
        return reader

    def snapshot(self) -> Snapshot:
        """One read-only transaction on the database (the caller closes it)."""
        return open_snapshot(self.runtime.location)

    def verify(self) -> None:
        """Refuse a damaged file before writing to it: SQLite's `PRAGMA quick_check` (about
        a second per million events, see bench/RESULTS.md) through a read-only snapshot.

        Raises StorageError naming the first findings and `bookshelf check`; a file that
        does not exist yet passes (there is nothing to check).
        """
        location = self.runtime.location
        if location.startswith(("file:", ":memory:")) or not Path(location).is_file():
            return
        try:
            snapshot = self.snapshot()
        except StorageError as error:
            if " is damaged " in str(error):
                raise
            return  # the writer's own open refuses it in its words (or makes it a database)
        try:
            findings = snapshot.quick_check()
        finally:
            snapshot.close()
        if findings:
            shown = "; ".join(findings[:3]) + ("; ..." if len(findings) > 3 else "")
            raise StorageError(
                f"{location} is damaged ({shown}); nothing was written to it. Run "
                f"`bookshelf check --db {location}` to see what is damaged, or restore the "
                f"file from a backup.")

    def save_copy(self, target: str | Path) -> int:
        """Copy the database, as of one moment, to `target` while others go on writing; the
        copy's size in bytes. No partial file is ever left at `target`."""
        return save_copy(self.runtime.location, target)

    def check(self) -> IntegrityReport:
        """Check the whole store from one snapshot; nothing is written."""
        snapshot = self.snapshot()
        try:
            return check_integrity(snapshot, bookshelf.registry)
        finally:
            snapshot.close()

    # -- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop the engine (it finishes every accepted command), close this thread's session
        and the readers it opened."""
        try:
            if self.engine is not None:
                self.engine.stop()
        finally:
            try:
                self.runtime.close()
                self.runtime.stop_delivery()  # async `process` started lanes of their own
            finally:
                readers, self._readers = self._readers, []
                for reader in readers:
                    reader.close()

    def __enter__(self) -> Bookshelf:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _waiting(listing: list[dict[str, object]]) -> set[tuple[str, int]]:
    """The (subscriber, position) of the failures not skipped."""
    return {(str(each["subscriber"]), cast(int, each["position"])) for each in listing
            if each["skipped_at"] is None}


def _retried(dispatcher: Dispatcher, only: set[tuple[str, int]] | None
             ) -> set[tuple[str, int]]:
    """Try the waiting failures (all, or `only` those) now, oldest first; those still
    waiting after (a delivery may also have been delivered by a lane meanwhile)."""
    chosen = _waiting(dispatcher.failures.listing())
    if only is not None:
        chosen &= only
    dispatcher.retry(sorted(chosen, key=lambda each: (each[1], each[0])))
    return _waiting(dispatcher.failures.listing())


def open_bookshelf(database: str | Path, *, subscribers: Sequence[Subscriber] | None = None,
                   engine: bool = False, durability: str = "normal",
                   **engine_options: Any) -> Bookshelf:
    """Open the bookshelf on `database` (":memory:" or a file); a bad file raises here.

    With `engine`, the engine's worker opens it (no domain code runs on the calling thread,
    catch-up delivery included); otherwise the calling thread does. `durability` "full"
    syncs every commit (PRAGMA synchronous=FULL); "normal" may lose the last on power loss.
    """
    opened = Bookshelf(database, subscribers, durability)
    try:
        if engine:
            opened.start_engine(**engine_options)
        else:
            opened.session()
    except BaseException:
        opened.close()
        raise
    return opened
