"""The `handle` decorator that ties a handler method to the message class it handles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

# The method is returned as it is, so it keeps its own signature.
MethodT = TypeVar("MethodT", bound=Callable[..., object])


def handle(message_cls: type) -> Callable[[MethodT], MethodT]:
    """Mark a method of a command or event handler as the handler of `message_cls`."""

    def mark(method: MethodT) -> MethodT:
        method._handles = message_cls  # type: ignore[attr-defined]
        return method

    return mark


def handled_messages(handler_cls: type) -> dict[type, str]:
    """Map each message class the handler class declares to its method name."""
    return {
        member._handles: name
        for name, member in vars(handler_cls).items()
        if callable(member) and hasattr(member, "_handles")
    }
