"""The active domain of this thread, reachable as `current_domain` inside handlers."""

from __future__ import annotations

import contextvars
from typing import Any

from domain.core.errors import IncorrectUsageError

_active: contextvars.ContextVar[Any] = contextvars.ContextVar("active_domain", default=None)


class active:  # noqa: N801  (used like a function: `with active(domain):`)
    """While active, `current_domain` is `domain` on this thread (a class: it wraps every
    command, and @contextmanager would cost twice as much)."""

    __slots__ = ("domain", "token")

    def __init__(self, domain: Any) -> None:
        self.domain = domain

    def __enter__(self) -> None:
        self.token = _active.set(self.domain)

    def __exit__(self, *exc_info: object) -> None:
        _active.reset(self.token)


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
