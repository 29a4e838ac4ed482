"""One thread's session on a database: its store, the dispatcher, the runner, repositories."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from domain.core.context import active
from domain.core.elements import BaseAggregate
from domain.core.errors import IncorrectUsageError
from domain.core.registry import Registry
from domain.core.runtime.dispatcher import Dispatcher
from domain.core.runtime.repository import Repository
from domain.core.runtime.runner import CommandRunner
from domain.core.storage.port import Store
from domain.core.subscriber import Subscriber


class Session:
    """Everything one thread uses to run commands; connections never cross threads.

    The dispatcher is given the store it writes projections and positions with. On this
    thread it is the writer's: a second connection to the same file costs a sixth of every
    command (each one's commit empties the other's page cache; measured with bench/kernel.py,
    see the note in bench/RESULTS.md). When delivery moves to a thread of its own, that
    thread gives it a store of its own, and nothing in the dispatcher changes.
    """

    def __init__(self, registry: Registry, open_store: Callable[[], Store],
                 subscribers: Callable[[], Sequence[Subscriber]], face: object) -> None:
        self.registry = registry
        self.face = face
        self.store = open_store()
        try:
            self.dispatcher = Dispatcher(self.store, subscribers, self.activate)
        except BaseException:
            self.store.close()
            raise
        self.runner = CommandRunner(registry, self.store, self.dispatcher, self.activate)
        self._repositories: dict[type, Repository] = {}

    def activate(self) -> active:
        """`current_domain` is the domain's face and its repositories are this session's."""
        return active(self.face, self)

    def repository_for(self, aggregate_cls: type[BaseAggregate]) -> Repository:
        repository = self._repositories.get(aggregate_cls)
        if repository is None:
            if aggregate_cls not in self.registry.aggregates.values():
                raise IncorrectUsageError(
                    f"{getattr(aggregate_cls, '__name__', aggregate_cls)} is not an aggregate "
                    f"of {self.registry.name}"
                )
            repository = Repository(aggregate_cls, self.store, self.runner.run_unit)
            self._repositories[aggregate_cls] = repository
        return repository

    def close(self) -> None:
        """Write the positions still held, then close both connections."""
        try:
            self.dispatcher.flush_positions()
        finally:
            self.store.close()
