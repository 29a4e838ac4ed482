"""`UnitOfWork`: several repository writes outside a command, committed as one."""

from __future__ import annotations

from types import TracebackType
from typing import cast

from domain.core.context import active, current_domain, current_session
from domain.core.errors import IncorrectUsageError
from domain.core.runtime.session import Session
from domain.core.storage.port import UnitOfWork as StoreUnit


class UnitOfWork:
    """Protean's `with UnitOfWork(): repo.add(a); repo.add(b)`: one transaction.

    It runs on the session of the command or delivery in progress, or else on this
    thread's session of the active domain (`with domain.domain_context():`). Every
    repository write inside it commits once at the end; an exception rolls all of them
    back (the aggregates' versions and events too) and is raised on. Their events are
    delivered after the commit, as a command's are: with sync event processing a failing
    subscriber makes the exit raise HandlersFailedAfterCommit (its `result` is None).
    Inside a command, or another UnitOfWork, it is a savepoint of the unit in progress,
    whose commit delivers the events.
    """

    def __init__(self) -> None:
        self._session: Session | None = None
        self._unit: StoreUnit | None = None
        self._activation: active | None = None
        self._outermost = False

    @property
    def in_progress(self) -> bool:
        return self._unit is not None

    def __enter__(self) -> UnitOfWork:
        if self._unit is not None:
            raise IncorrectUsageError("this UnitOfWork is already in progress")
        # The context holds the session as an `object` (it sits below the runtime); a
        # domain's `session()` is its default runtime's session on this thread.
        session = cast("Session | None", current_session()) or cast(
            "Session", current_domain.session())
        activation = session.activate()  # its repositories are the ones handlers get
        activation.__enter__()
        try:
            self._outermost = session.store.current_unit is None
            unit = session.store.unit_of_work()
            unit.__enter__()
        except BaseException:
            activation.__exit__(None, None, None)
            raise
        self._session, self._unit, self._activation = session, unit, activation
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        session, unit, activation = self._session, self._unit, self._activation
        if session is None or unit is None or activation is None:
            raise IncorrectUsageError("this UnitOfWork was not started")
        self._session = self._unit = self._activation = None
        try:
            unit.__exit__(kind, error, traceback)  # commits, or rolls everything back
        finally:
            activation.__exit__(None, None, None)
        if kind is None and self._outermost:
            session.runner.hand_over(unit.records)
