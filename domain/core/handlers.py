"""The `handle` decorator that ties a handler method to the message class it handles."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from domain.core.errors import ConfigurationError

# The method is returned as it is, so it keeps its own signature.
MethodT = TypeVar("MethodT", bound=Callable[..., object])
# A process manager's correlation: the field named the same on the event and on the process
# manager, or a mapping {process manager field: event field}.
Correlate = str | Mapping[str, str]


def handle(message_cls: type, *, start: bool = False, end: bool = False,
           correlate: Correlate | None = None) -> Callable[[MethodT], MethodT]:
    """Mark a method of a command or event handler as the handler of `message_cls`.

    On a process manager's method (domain/core/process_manager.py), `correlate` says which
    instance the event belongs to, `start=True` starts one when none is found, and
    `end=True` completes it once the method has run.
    """

    def mark(method: MethodT) -> MethodT:
        method._handles = message_cls  # type: ignore[attr-defined]
        if start or end or correlate is not None:
            method._process_step = (correlate, start, end)  # type: ignore[attr-defined]
        return method

    return mark


def handled_messages(handler_cls: type) -> dict[type, str]:
    """Map each message class the handler class declares to its method name."""
    return {
        member._handles: name
        for name, member in vars(handler_cls).items()
        if callable(member) and hasattr(member, "_handles")
    }


def refuse_process_steps(handler_cls: type) -> None:
    """`start`, `end` and `correlate` belong to a process manager's methods: on a command
    or event handler's they would mean nothing, so they are refused (not ignored)."""
    for name, member in vars(handler_cls).items():
        if callable(member) and hasattr(member, "_process_step"):
            raise ConfigurationError(
                f"{handler_cls.__name__}.{name}: start, end and correlate are for a process "
                "manager's @handle methods")
