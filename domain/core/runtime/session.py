"""One thread's session on a database: its store, the dispatcher, the runner, repositories."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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

    The writer's store runs commands; the dispatcher delivers through a store of its own,
    so that delivery can later move to a thread of its own without changing its interface.
    """

    def __init__(self, registry: Registry, open_store: Callable[[bool], Store],
                 subscribers: Callable[[], Sequence[Subscriber]], face: object) -> None:
        self.registry = registry
        self.store = open_store(True)
        try:
            self.dispatcher = Dispatcher(open_store(False), subscribers)
        except BaseException:
            self.store.close()
            raise
        self.runner = CommandRunner(registry, self.store, self.dispatcher, face, self)
        self._repositories: dict[type, Repository] = {}

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
            self.dispatcher.store.close()
        finally:
            self.store.close()
