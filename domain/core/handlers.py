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


def handle(message_cls: type, start: bool = False, correlate: Correlate | None = None,
           end: bool = False) -> Callable[[MethodT], MethodT]:
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


def handler_methods(handler_cls: type) -> dict[type, list[str]]:
    """Map each message class the handler class declares to its methods' names, in the
    order they are defined: an event handler may give an event several, as in Protean."""
    methods: dict[type, list[str]] = {}
    for name, member in vars(handler_cls).items():
        if callable(member) and hasattr(member, "_handles"):
            methods.setdefault(member._handles, []).append(name)
    return methods


def handled_messages(handler_cls: type) -> dict[type, str]:
    """Map each message class the handler class declares to the one method that handles
    it: a command (as in Protean) or a projection's event has one, and two are refused."""
    methods = handler_methods(handler_cls)
    for message_cls, names in methods.items():
        if len(names) > 1:
            raise ConfigurationError(
                f"{message_cls.__name__} cannot be handled by multiple handlers "
                f"({', '.join(names)} of {handler_cls.__name__})")
    return {message_cls: names[0] for message_cls, names in methods.items()}


def refuse_process_steps(handler_cls: type) -> None:
    """`start`, `end` and `correlate` belong to a process manager's methods: on a command
    or event handler's they would mean nothing, so they are refused (not ignored)."""
    for name, member in vars(handler_cls).items():
        if callable(member) and hasattr(member, "_process_step"):
            raise ConfigurationError(
                f"{handler_cls.__name__}.{name}: start, end and correlate are for a process "
                "manager's @handle methods")
