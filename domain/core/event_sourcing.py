"""Event-sourced aggregates: `@apply` methods, run when an event is raised and on replay."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import domain.core.invariants as invariants
from domain.core.errors import IncorrectUsageError

# Why `Any` here: the aggregates are built elements (elements.py imports this module, so it
# cannot import elements.py at load time), whose fields no type checker knows.
Method = TypeVar("Method", bound=Callable[..., Any])
APPLIES = "_event_cls"  # what @apply sets on the method: the event class, None until resolved


def apply(fn: Method) -> Method:
    """Marks a method of an event-sourced aggregate as applying the event class its
    argument is annotated with (`def deposited(self, event: Deposited)`): it runs when the
    aggregate raises that event and again whenever the aggregate is rebuilt from its events.
    """
    if not callable(fn):
        raise IncorrectUsageError(f"@apply decorates a method, not {fn!r}")
    setattr(fn, APPLIES, None)
    try:
        setattr(fn, APPLIES, _event_class(fn))
    except NameError:
        pass  # an event declared later in the module: resolved when first applied
    return fn


def _event_class(fn: Callable[..., Any]) -> type:
    hints = typing.get_type_hints(fn)
    if len(hints) > 2:  # the event, and perhaps the return
        raise IncorrectUsageError(
            f"Handler method `{fn.__name__}` has incorrect number of arguments")
    # BaseEvent's own mark: elements.py imports this module, which cannot import it back.
    found = [value for value in hints.values()
             if inspect.isclass(value) and getattr(value, "_is_event", False) is True]
    if not found:
        raise IncorrectUsageError(f"Apply method `{fn.__name__}` should accept an argument "
                                  "annotated with the Event class")
    return found[0]


def appliers(cls: Any) -> dict[type, tuple[Callable[..., Any], ...]]:
    """The @apply methods of aggregate class `cls` by event class (inherited ones too),
    found once per class."""
    cached: dict[type, tuple[Callable[..., Any], ...]] | None = cls.__dict__.get("_appliers")
    if cached is not None:
        return cached
    methods: dict[str, Callable[..., Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if callable(value) and hasattr(value, APPLIES):
                methods[name] = value
            else:
                methods.pop(name, None)  # redefined without @apply
    found: dict[type, tuple[Callable[..., Any], ...]] = {}
    for method in methods.values():
        event_cls = getattr(method, APPLIES) or _event_class(method)
        setattr(method, APPLIES, event_cls)
        found[event_cls] = (*found.get(event_cls, ()), method)
    cls._appliers = found
    return found


def _handlers(aggregate: Any, event: Any) -> tuple[Callable[..., Any], ...]:
    handlers = appliers(type(aggregate)).get(type(event))
    if not handlers:
        # Every event of an event-sourced aggregate changes it through @apply: no fallback.
        raise IncorrectUsageError(f"No @apply handler registered for event "
                                  f"`{type(event).__name__}` in `{type(aggregate).__name__}`")
    return handlers


def apply_raised(aggregate: Any, event: Any) -> None:
    """Apply an event the aggregate raises, as one atomic change: its `pre` invariants run
    first, its `post` invariants after, and a refusal leaves every field as it was."""
    handlers = _handlers(aggregate, event)
    with invariants.atomic_change(aggregate):
        for handler in handlers:
            handler(aggregate, event)


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply stored `events` to a blank `aggregate`, one version each. Invariants do not
    run: the events were accepted when they were raised, and a half-rebuilt aggregate
    (between its events) need not satisfy them."""
    values = aggregate.__dict__
    values["_atomic_depth"] = values.get("_atomic_depth", 0) + 1  # suspends the checks
    try:
        for event in events:
            for handler in _handlers(aggregate, event):
                handler(aggregate, event)
            values["_version"] += 1
            values["_sequence"] += 1
    finally:
        values["_atomic_depth"] -= 1
    invariants.adopt(aggregate)
    return aggregate
