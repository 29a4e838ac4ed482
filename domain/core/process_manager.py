"""Process managers (`@domain.process_manager`): state kept as transition events in a stream."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Self

import attrs

from domain.core.declarations import element_options
from domain.core.elements import BaseEntity, BaseEvent, build_element
from domain.core.errors import ConfigurationError, NotSupportedError
from domain.core.fields import Boolean, Dict, String


class BaseProcessManager(BaseEntity):
    """A stateful coordinator: each instance is found by its correlation value, changed by
    the `@handle(Event, correlate=...)` methods of its class, and stored as the events of
    a stream of its own (`<domain>::<class name in lower case>-<correlation>`), one
    transition event per handled event holding its whole state, as Protean stores one."""

    # The event class its transitions are stored as (made with the class: `transition_class`).
    _transition_cls: ClassVar[type[BaseEvent]]
    _is_complete: bool
    _stream: str  # its stream, named by its correlation (whatever its fields say later)
    _sequence: int  # how many transitions its stream holds
    _handled: frozenset[str]  # the ids of the events its transitions were caused by

    def __new__(cls, *args: object, **kwargs: object) -> Self:
        if cls is BaseProcessManager:
            raise NotSupportedError("BaseProcessManager cannot be instantiated")
        return super().__new__(cls)

    def _after_init(self) -> None:
        super()._after_init()
        self.__dict__.update(_is_complete=False, _stream="", _sequence=0, _handled=frozenset())

    def mark_as_complete(self) -> None:
        """Complete it: once its transition is stored, it handles no more events."""
        self.__dict__["_is_complete"] = True

    @property
    def is_complete(self) -> bool:
        return self._is_complete

    @classmethod
    def stream_name(cls, correlation: str) -> str:
        return f"{cls._domain.normalized_name}::{cls.__name__.lower()}-{correlation}"

    @classmethod
    def started(cls, correlation: str) -> Self:
        """A new instance: its fields at their defaults, its id the correlation value (as
        Protean makes one; the fields' rules run when its methods assign them)."""
        manager = cls._from_stored({cls._id_field or "id": correlation})
        manager.__dict__["_stream"] = cls.stream_name(correlation)
        return manager

    @classmethod
    def from_transitions(cls, transitions: Sequence[BaseEvent]) -> Self:
        """The instance its stored transitions leave: the last one's state."""
        last: Any = transitions[-1]  # Any: the transition class's fields are built at run time
        manager = cls._from_stored(last.state)
        manager.__dict__.update(
            _is_complete=any(getattr(each, "is_complete", False) for each in transitions),
            _stream=last._metadata.stream, _sequence=len(transitions),
            _handled=frozenset(str(each._metadata.causation_id) for each in transitions))
        return manager

    def transition(self, handler_name: str) -> BaseEvent:
        """The event that stores its state now, at the next place of its stream. Made while
        the event being handled is the cause, it carries that event's correlation and
        names it as its cause."""
        # Any: the transition class's fields are built at run time (transition_class).
        made: Any = self._transition_cls
        event: BaseEvent = made(state=self.to_dict(), handler_name=handler_name,
                                is_complete=self._is_complete)
        event.__dict__["_metadata"] = attrs.evolve(event._metadata, stream=self._stream,
                                                   sequence=self._sequence + 1)
        return event

    def has_handled(self, event_id: str) -> bool:
        """Whether a transition was already caused by that event (delivered again)."""
        return event_id in self._handled


@attrs.frozen
class Step:
    """What one `@handle` method of a process manager does with its event."""

    method: str
    correlate: str | Mapping[str, str] | None  # None: refused when declared
    start: bool
    end: bool

    def correlation(self, event: object) -> str | None:
        """The value that finds the instance the event belongs to (None: it has none)."""
        field = (self.correlate if isinstance(self.correlate, str)
                 else next(iter((self.correlate or {}).values())))
        value = getattr(event, field)
        return None if value is None else str(value)


def steps(manager_cls: type[BaseProcessManager]) -> dict[type, Step]:
    """Each event class the process manager handles, and its step."""
    methods: dict[str, Any] = {}
    for klass in reversed(manager_cls.__mro__):  # an abstract base's steps are inherited
        for name, member in vars(klass).items():
            if callable(member) and hasattr(member, "_handles"):
                methods[name] = member
            else:
                methods.pop(name, None)  # redefined without @handle
    found: dict[type, Step] = {}
    for name, member in methods.items():
        correlate, start, end = getattr(member, "_process_step", (None, False, False))
        event_cls = member._handles
        if event_cls in found:
            # Protean runs each, each with its own transition; one silently dropped
            # would lie about what the process manager does.
            raise ConfigurationError(
                f"{manager_cls.__name__}: {found[event_cls].method} and {name} both handle "
                f"{getattr(event_cls, '__name__', event_cls)}: several process manager steps "
                "for one event are not supported by domain.core")
        found[event_cls] = Step(name, correlate, bool(start), bool(end))
    return found


def declare(registry: Any, cls: type, options: Mapping[str, object]
            ) -> type[BaseProcessManager]:
    """Build the process manager `cls` declares, and its transition event class, for the
    registry (`Any`: it is a layer above). Its steps are checked now: every method names
    its correlation, by a field its event has, and its events are those of the aggregates
    it follows (`stream_categories` or `aggregates`, as Protean subscribes it)."""
    meta: Any = element_options("process_manager", cls.__name__, options)  # its options vary
    manager: Any = build_element(cls, BaseProcessManager, registry, options=meta)
    if meta.abstract:
        return manager  # type: ignore[no-any-return]
    manager._transition_cls = transition_class(manager, registry)
    registry.register_process_manager(manager, manager._transition_cls)
    categories = _categories(registry, cls.__name__, meta)
    meta.stream_categories = sorted(categories)
    handled = steps(manager)
    if not handled:
        raise ConfigurationError(f"{cls.__name__} handles no event: mark its methods "
                                 "@handle(Event, correlate=...)")
    for event_cls, step in handled.items():
        _check_step(registry, manager, event_cls, step, categories)
    return manager  # type: ignore[no-any-return]


def transition_class(manager: type[BaseProcessManager], registry: Any) -> type[BaseEvent]:
    """The event class of the process manager's transitions, named as Protean names it
    (`_<Name>Transition`): its whole state, the method that made it, and whether it ended."""
    declared = type(f"_{manager.__name__}Transition", (), {
        "state": Dict(required=True), "handler_name": String(max_length=255),
        "is_complete": Boolean(default=False)})
    event: Any = build_element(declared, BaseEvent, registry)
    return event  # type: ignore[no-any-return]


def _categories(registry: Any, name: str, meta: Any) -> set[str]:
    """The stream categories it follows, prefixed with the domain's name as Protean does."""
    prefix = f"{registry.normalized_name}::"
    if meta.stream_categories is not None:
        given = meta.stream_categories
        if isinstance(given, str) or not all(isinstance(each, str) for each in given):
            raise ConfigurationError(f"{name}: stream_categories must be a list of names")
        return {each if "::" in each else prefix + each for each in given}
    if meta.aggregates:
        return {prefix + _aggregate_name(aggregate).lower() for aggregate in meta.aggregates}
    raise ConfigurationError(f"{name} follows no stream: give stream_categories=[...] or "
                             "aggregates=[...]")


def _aggregate_name(aggregate: object) -> str:
    """An aggregate's name, given as the class or as its name (a part_of not resolved yet)."""
    return aggregate if isinstance(aggregate, str) else str(getattr(aggregate, "__name__", ""))


def _snake(name: str) -> str:
    """Protean's category of an aggregate (`OrderItem` is `order_item`; ours `orderitem`)."""
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower()
                   for i, c in enumerate(name))


def _check_step(registry: Any, manager: type[BaseProcessManager], event_cls: type, step: Step,
                categories: set[str]) -> None:
    where = f"{manager.__name__}.{step.method}"
    if not (isinstance(event_cls, type) and issubclass(event_cls, BaseEvent)):
        raise ConfigurationError(f"{where} handles {event_cls!r}: a process manager handles "
                                 "events only")
    if step.correlate is None:
        raise ConfigurationError(f"{where} must specify a `correlate` parameter")
    field = step.correlate
    if isinstance(field, Mapping):
        if len(field) != 1:
            raise ConfigurationError(f"{where}: correlate maps one process manager field to "
                                     f"one event field, not {dict(field)!r}")
        field = next(iter(field.values()))
    if not isinstance(field, str) or field not in event_cls._fields:
        raise ConfigurationError(f"{where}: correlate names {field!r}, which is not a field "
                                 f"of {event_cls.__name__}")
    owner = _aggregate_name(event_cls._part_of)
    prefix = f"{registry.normalized_name}::"
    if not {prefix + owner.lower(), prefix + _snake(owner)} & categories:
        raise ConfigurationError(
            f"{where} handles {event_cls.__name__}, whose stream ({prefix}{owner.lower()}) is "
            f"not one of its stream categories: {', '.join(sorted(categories))}")

