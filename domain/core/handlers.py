"""The `handle` decorator that ties a handler method to the message class it handles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from domain.core.errors import ConfigurationError

# The method is returned as it is, so it keeps its own signature.
MethodT = TypeVar("MethodT", bound=Callable[..., object])


def handle(message_cls: type) -> Callable[[MethodT], MethodT]:
    """Mark a method of a command or event handler as the handler of `message_cls`."""

    def mark(method: MethodT) -> MethodT:
        method._handles = message_cls  # type: ignore[attr-defined]
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
