"""The consumers of delivered events: handler classes, callbacks, and projections."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import sqlite_utils

from domain.core.handlers import handled_messages
from domain.core.metadata import caused_by

if TYPE_CHECKING:
    from domain.core.storage.sqlite.store import Store, StoredEvent


class Subscriber:
    """Receives events in global order; its checkpoint is kept under `name`."""

    name: str = ""
    # A stateful subscriber writes its state and its checkpoint in one transaction of its own,
    # so it applies every event exactly once; the others get each event at least once.
    stateful: ClassVar[bool] = False

    def deliver(self, store: Store, batch: list[StoredEvent]) -> None:
        raise NotImplementedError


class HandlerSubscriber(Subscriber):
    """An @event_handler class: each event goes to the method that handles its class."""

    def __init__(self, handler_cls: type) -> None:
        self.name = f"{handler_cls.__module__}.{handler_cls.__qualname__}"
        instance = handler_cls()
        self.methods = {
            message_cls: getattr(instance, method_name)
            for message_cls, method_name in handled_messages(handler_cls).items()
        }

    def handles(self, stored: StoredEvent) -> bool:
        return type(stored.event) in self.methods

    def deliver(self, store: Store, batch: list[StoredEvent]) -> None:
        method = self.methods.get(type(batch[0].event))
        if method is not None:
            # Commands issued by the handler name this event as their cause.
            with caused_by(batch[0].metadata):
                method(batch[0].event)


class CallbackSubscriber(Subscriber):
    """A function that takes each commit's delivered events as one batch (the desktop bridge)."""

    def __init__(self, name: str, callback: Callable[[list[StoredEvent]], Any]) -> None:
        self.name = name
        self.callback = callback

    def deliver(self, store: Store, batch: list[StoredEvent]) -> None:
        self.callback(batch)


class Projection(Subscriber):
    """A read model built from events, in tables of its own, rebuilt from the log on demand."""

    stateful = True
    tables: ClassVar[tuple[str, ...]] = ()

    def create_tables(self, db: sqlite_utils.Database) -> None:
        raise NotImplementedError

    def apply(self, store: Store, stored: StoredEvent) -> None:
        raise NotImplementedError

    def deliver(self, store: Store, batch: list[StoredEvent]) -> None:
        for stored in batch:
            self.apply(store, stored)

    def reset(self, db: sqlite_utils.Database) -> None:
        for name in self.tables:
            db.execute(f'DELETE FROM "{name}"')
