"""One thread's session on a database: its store, the dispatcher, the runner, repositories."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, cast

from domain.core.context import active
from domain.core.elements import BaseAggregate, BaseProjection
from domain.core.errors import IncorrectUsageError
from domain.core.registry import Registry
from domain.core.runtime.dispatcher import Dispatcher
from domain.core.runtime.event_sourced_repository import EventSourcedRepository
from domain.core.runtime.projection_repository import ProjectionRepository, ProjectionView
from domain.core.runtime.repository import Repository
from domain.core.runtime.runner import CommandRunner, Deliver
from domain.core.storage.port import Store
from domain.core.subscriber import Subscriber


class Session:
    """Everything one thread uses to run commands; connections never cross threads.

    The dispatcher is given the store it writes projections and positions with: the
    session's own, on the session's thread. A thread that runs commands hands what they
    committed to its own dispatcher (sync) or to the runtime's delivery lanes (async),
    each a thread with a session of its own (see delivery.py).
    """

    def __init__(self, registry: Registry, open_store: Callable[[], Store],
                 subscribers: Callable[[], Sequence[Subscriber]], face: object, *,
                 hand_over: Deliver | None = None,
                 contain_everything: bool = False, slow_after: float = math.inf) -> None:
        """`hand_over` takes the events each command committed (the runtime's delivery
        lanes); without it, this session's dispatcher delivers them on this thread. The
        other two are the dispatcher's (see Dispatcher)."""
        self.registry = registry
        self.face = face
        self.store = open_store()
        try:
            self.dispatcher = Dispatcher(self.store, subscribers, self.activate,
                                         contain_everything=contain_everything,
                                         slow_after=slow_after)
        except BaseException:
            self.store.close()
            raise
        self.runner = CommandRunner(registry, self.store, hand_over or self.dispatcher.deliver,
                                    self.activate)
        self._repositories: dict[type, Repository] = {}

    def activate(self) -> active:
        """`current_domain` is the domain's face and its repositories are this session's."""
        return active(self.face, self)

    def repository_for(self, aggregate_cls: type[BaseAggregate]) -> Repository:
        if isinstance(aggregate_cls, type) and issubclass(aggregate_cls, BaseProjection):
            # Any: Protean's one `repository_for` serves projections too; they get theirs.
            projection_repository: Any = self.projection_repository(aggregate_cls)
            return cast(Repository, projection_repository)
        repository = self._repositories.get(aggregate_cls)
        if repository is None:
            if aggregate_cls not in self.registry.aggregates.values():
                raise IncorrectUsageError(
                    f"{getattr(aggregate_cls, '__name__', aggregate_cls)} is not an aggregate "
                    f"of {self.registry.name}"
                )
            kind: type[Repository] = (EventSourcedRepository if aggregate_cls._event_sourced
                                      else Repository)
            repository = kind(aggregate_cls, self.store, self.runner.run_unit)
            self._repositories[aggregate_cls] = repository
        return repository

    def _projection(self, projection_cls: type[BaseProjection]) -> type[BaseProjection]:
        if projection_cls not in self.registry.projections.values():
            raise IncorrectUsageError(f"{getattr(projection_cls, '__name__', projection_cls)} "
                                      f"is not a projection of {self.registry.name}")
        return projection_cls

    def projection_repository(self, projection_cls: type[BaseProjection]
                              ) -> ProjectionRepository:
        """The projection's records, read-only: its projectors write them (through the
        `current_domain` they run with, runtime/projector.py)."""
        return ProjectionRepository(self._projection(projection_cls),
                                    self.store.projection_records(projection_cls),
                                    writable=False)

    def view_for(self, projection_cls: type[BaseProjection]) -> ProjectionView:
        return ProjectionView(self._projection(projection_cls),
                              self.store.projection_records(projection_cls))

    def close(self) -> None:
        """Write the positions still held, then close both connections."""
        try:
            self.dispatcher.flush_positions()
        finally:
            self.store.close()
