"""The active domain of this thread, reachable as `current_domain` inside handlers."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from domain.core.errors import IncorrectUsageError

_active: contextvars.ContextVar[Any] = contextvars.ContextVar("active_domain", default=None)


@contextmanager
def active(domain: Any) -> Iterator[None]:
    token = _active.set(domain)
    try:
        yield
    finally:
        _active.reset(token)


class _CurrentDomain:
    """A stand-in that forwards every attribute to the domain active on this thread."""

    def _get(self) -> Any:
        domain = _active.get()
        if domain is None:
            raise IncorrectUsageError("no domain is active: use `with domain.domain_context():`")
        return domain

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)

    def __bool__(self) -> bool:
        return _active.get() is not None

    def __repr__(self) -> str:
        return f"<current_domain {_active.get()!r}>"


current_domain: Any = _CurrentDomain()
