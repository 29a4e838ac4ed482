"""What is running on this thread: `current_domain` for handlers, and the session it uses."""

from __future__ import annotations

import contextvars
from typing import Any

from domain.core.errors import IncorrectUsageError

# Both are held as `object`: the domain and the session are defined in layers above this one.
_active: contextvars.ContextVar[object] = contextvars.ContextVar("active_domain", default=None)
# The runtime session of the command or delivery in progress: repositories asked for by
# handlers write to the database that is running them, whichever one the process opened.
_session: contextvars.ContextVar[object] = contextvars.ContextVar("active_session", default=None)


class active:  # noqa: N801  (used like a function: `with active(domain):`)
    """While active, `current_domain` is `domain` on this thread, and `session` (if given)
    serves its repositories (a class: it wraps every command, and @contextmanager would cost
    twice as much)."""

    __slots__ = ("domain", "session", "tokens")

    def __init__(self, domain: object, session: object = None) -> None:
        self.domain = domain
        self.session = session

    def __enter__(self) -> None:
        self.tokens = (_active.set(self.domain), _session.set(self.session))

    def __exit__(self, *exc_info: object) -> None:
        _session.reset(self.tokens[1])
        _active.reset(self.tokens[0])


def active_domain() -> object:
    """The domain active on this thread, or None."""
    return _active.get()


def current_session() -> object:
    """The session of the command or delivery running on this thread, or None."""
    return _session.get()


class _CurrentDomain:
    """A stand-in that forwards every attribute to the domain active on this thread."""

    def _get(self) -> object:
        domain = _active.get()
        if domain is None:
            raise IncorrectUsageError("no domain is active: use `with domain.domain_context():`")
        return domain

    # Any: a proxy, so what it forwards is whatever the active domain has (it is defined
    # in a layer above this one, and handlers use it as that domain).
    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)

    def __bool__(self) -> bool:
        return _active.get() is not None

    def __repr__(self) -> str:
        return f"<current_domain {_active.get()!r}>"


current_domain: Any = _CurrentDomain()  # Any: handlers use it as the active Domain
