"""Application services: use cases that each run in one unit of work, as a command does."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ClassVar, ParamSpec, Self, TypeVar

from domain.core.context import active_domain, current_session
from domain.core.declarations import Options
from domain.core.errors import ConfigurationError, HandlersFailedAfterCommit, NotSupportedError
from domain.core.runtime.unit_of_work import UnitOfWork

Arguments = ParamSpec("Arguments")
Result = TypeVar("Result")

USE_CASE = "_use_case"  # set on each method @use_case wraps, as Protean marks it


class BaseApplicationService:
    """Protean's BaseApplicationService: called directly (not through `process`), declared
    `part_of` one aggregate; its `@use_case` methods each run in a unit of work."""

    meta_: ClassVar[Options]

    def __new__(cls, *args: object, **kwargs: object) -> Self:
        if cls is BaseApplicationService:
            raise NotSupportedError("BaseApplicationService cannot be instantiated")
        return object.__new__(cls)  # it takes no arguments: __init__ does


def use_case(method: Callable[Arguments, Result]) -> Callable[Arguments, Result]:
    """Run `method` in a UnitOfWork (runtime/unit_of_work.py), the path a command's
    repository writes take: what it stores commits once at the end and its events are
    delivered after the commit; if it raises, everything it wrote is rolled back. Inside a
    command or another unit of work it is a savepoint of that one."""

    @functools.wraps(method)
    def run(*args: Arguments.args, **kwargs: Arguments.kwargs) -> Result:
        if active_domain() is None and current_session() is None:
            raise ConfigurationError(
                f"Use case `{method.__qualname__}` needs an active domain context, because "
                "it runs inside a Unit of Work. Wrap the call in `with "
                "domain.domain_context():`.")
        finished = False
        try:
            with UnitOfWork():
                result = method(*args, **kwargs)
                finished = True
        except HandlersFailedAfterCommit as failed:
            if finished:  # raised by the commit's delivery: the use case's result goes with it
                failed.result = result
            raise
        return result

    setattr(run, USE_CASE, True)
    return run
