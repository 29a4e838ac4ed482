"""The registry: every element, handler and subscriber one domain declares; opens nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from domain.core.declarations import element_options
from domain.core.elements import (
    BaseAggregate,
    BaseCommand,
    BaseElement,
    BaseEntity,
    BaseEvent,
    BaseProjection,
    BaseValueObject,
    build_element,
)
from domain.core.errors import ConfigurationError, IncorrectUsageError
from domain.core.fields import Association
from domain.core.handlers import handled_messages, refuse_process_steps
from domain.core.process_manager import BaseProcessManager
from domain.core.subscriber import Subscriber

# A handler's result is whatever it returns (an id, say): the caller knows what it asked for.
CommandHandler = Callable[[BaseCommand], object]

HandlerT = TypeVar("HandlerT", bound=type)

_KIND_NAMES: dict[type[BaseElement], str] = {
    BaseAggregate: "aggregate", BaseEntity: "entity", BaseValueObject: "value_object",
    BaseEvent: "event", BaseCommand: "command", BaseProjection: "projection",
}


def camel_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", name)
                   if part)


def snake_case(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def _projector_name(projector: Subscriber) -> str:
    """The projector's class name, as declared (runtime/projector.py keeps its class)."""
    return str(getattr(getattr(projector, "projector_cls", None), "__name__", projector.name))


class Registry:
    """Elements by kind, command handlers by command, and the declared subscribers.

    `init()` resolves names and wires handlers; nothing here touches storage, so one
    registry serves every database a process opens.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.camel_name = camel_case(name)
        self.normalized_name = snake_case(name)
        self.aggregates: dict[str, type[BaseAggregate]] = {}
        self.entities: dict[str, type[BaseEntity]] = {}
        self.value_objects: dict[str, type[BaseValueObject]] = {}
        self.events: dict[str, type[BaseEvent]] = {}
        self.commands: dict[str, type[BaseCommand]] = {}
        self.projections: dict[str, type[BaseProjection]] = {}
        # Process managers (process_manager.py): their streams are theirs, their
        # transitions' event classes decode from the log like any event.
        self.process_managers: dict[str, type[BaseProcessManager]] = {}
        self.command_handler_classes: list[type] = []
        self.event_handler_classes: list[type] = []
        # Services by kind ("domain_service", "application_service"), then by name.
        self.services: dict[str, dict[str, type]] = {
            "domain_service": {}, "application_service": {}}
        # Projections and event handlers; replaced, never appended to, so that a delivery
        # in progress keeps iterating the list it started with.
        self.subscribers: tuple[Subscriber, ...] = ()
        self._command_handlers: dict[type, CommandHandler] = {}
        self._events_by_type: dict[str, type[BaseEvent]] = {}
        self.initialized = False

    # -- declaring -----------------------------------------------------------------------

    def register(self, target: type, base: type[BaseElement], options: dict[str, object]
                 ) -> type[BaseElement]:
        kind = _KIND_NAMES[base]
        meta = element_options(kind, target.__name__, options)
        part_of = meta.part_of if kind not in ("aggregate", "projection") else None
        if part_of is None and kind in ("entity", "event", "command") and not meta.abstract:
            raise ConfigurationError(
                f"{target.__name__} needs part_of: the aggregate (or its name) it belongs to")
        if isinstance(part_of, str):
            # An aggregate declared later is named: resolved when it is, or at init().
            part_of = self.aggregates.get(part_of, part_of)
        element = build_element(target, base, self, part_of=part_of, options=meta)
        if kind not in ("aggregate", "projection"):
            meta.part_of = part_of
        for field in element._fields.values():
            if isinstance(field, Association):
                # Resolved when first used, so elements work before init(), as in the chapter.
                field.resolver = self._resolve_entity
        if meta.abstract:
            return element  # a base to inherit from: not an element of the domain itself
        # Any: each kind's dict holds its own base's classes (dict is invariant), and
        # `base` says which one this element goes to.
        kinds: dict[type[BaseElement], dict[str, Any]] = {
            BaseAggregate: self.aggregates, BaseEntity: self.entities,
            BaseValueObject: self.value_objects, BaseEvent: self.events,
            BaseCommand: self.commands, BaseProjection: self.projections,
        }
        kinds[base][element.__name__] = element
        if issubclass(element, BaseEvent):
            self._events_by_type[element._type] = element
        if issubclass(element, BaseAggregate):
            self._resolve_part_of(final=False)
        return element

    def register_process_manager(self, manager: type[BaseProcessManager],
                                 transition: type[BaseEvent]) -> None:
        if manager.__name__ in self.process_managers:
            raise ConfigurationError(f"a process manager named {manager.__name__} is already "
                                     "registered")
        self.process_managers[manager.__name__] = manager
        self._events_by_type[transition._type] = transition

    def _resolve_part_of(self, *, final: bool) -> None:
        """Turn the aggregate names given as part_of into the aggregates; at init() (`final`)
        a name that names none is refused."""
        for element in [*self.entities.values(), *self.value_objects.values(),
                        *self.events.values(), *self.commands.values()]:
            named = element._part_of
            if not isinstance(named, str):
                continue
            if named in self.aggregates:
                element._part_of = element.meta_.part_of = self.aggregates[named]
            elif final:
                raise ConfigurationError(f"{element.__name__} is part_of {named!r}, "
                                         "which is not a registered aggregate")

    def register_handler(self, target: HandlerT, part_of: type, *, events: bool) -> HandlerT:
        refuse_process_steps(target)
        target._part_of = part_of  # type: ignore[attr-defined]
        (self.event_handler_classes if events else self.command_handler_classes).append(target)
        return target

    def register_projector(self, projector: Subscriber, projection_cls: type,
                           aggregates: tuple[type, ...]) -> Subscriber:
        """A projector (runtime/projector.py) keeps one registered projection, from its
        aggregates' events."""
        named = _projector_name(projector)
        if projection_cls not in self.projections.values():
            raise ConfigurationError(f"{named}: projector_for "
                                     f"{getattr(projection_cls, '__name__', projection_cls)} "
                                     "is not a registered projection")
        if not aggregates:
            raise ConfigurationError(f"{named} needs aggregates: those whose events it projects")
        if any(getattr(each, "projection_cls", None) is projection_cls
               for each in self.subscribers):
            # Each projector's table is rebuilt on its own: two sharing one cannot be.
            raise ConfigurationError(f"{projection_cls.__name__} already has a projector: "
                                     "domain.core supports one per projection")
        return self.add_subscriber(projector)

    def _check_projectors(self) -> None:
        """A projector handles events of the aggregates it names only (runtime/projector.py
        keeps them as `aggregates`, its @on events as `methods`): one it did not name would
        be projected all the same, which its declaration says it is not."""
        for projector in self.subscribers:
            aggregates = getattr(projector, "aggregates", None)
            handled = getattr(projector, "methods", None)
            if aggregates is None or handled is None:
                continue
            strays = sorted(event.__name__ for event in handled
                            if getattr(event, "_part_of", None) not in aggregates)
            if strays:
                raise ConfigurationError(
                    f"{_projector_name(projector)} handles {', '.join(strays)}, of an "
                    "aggregate not in its aggregates=[...]")

    def projector_of(self, projection_cls: type) -> Subscriber:
        """The subscriber that keeps `projection_cls`: its projector, as delivered to."""
        for subscriber in self.subscribers:
            if getattr(subscriber, "projection_cls", None) is projection_cls:
                return subscriber
        raise ConfigurationError(f"{projection_cls.__name__} has no projector")

    def add_subscriber(self, subscriber: Subscriber) -> Subscriber:
        if any(each.name == subscriber.name for each in self.subscribers):
            raise ConfigurationError(f"a subscriber named {subscriber.name} is already registered")
        self.subscribers = (*self.subscribers, subscriber)
        return subscriber

    def _resolve_entity(self, name: str) -> type:
        known: dict[str, type[BaseElement]] = {
            **self.aggregates, **self.entities, **self.value_objects}
        if name not in known:
            raise ConfigurationError(f"HasMany or HasOne names {name!r}, which is not registered")
        return known[name]

    def register_service(self, service: type, kind: str) -> type:
        """A service (services.py), kept by kind; its `meta_.part_of` names aggregates
        (classes, or names resolved at init())."""
        if service.__name__ in self.services[kind]:
            raise ConfigurationError(f"a {kind.replace('_', ' ')} named {service.__name__} is "
                                     "already registered")
        self.services[kind][service.__name__] = service
        return service

    def _resolve_services(self) -> None:
        """Each service's part_of as aggregates of this domain: a name becomes its class,
        and anything else is refused."""
        for kind, services in self.services.items():
            for service in services.values():
                meta = cast(Any, service).meta_  # set by services.py
                named = meta.part_of if kind == "domain_service" else [meta.part_of]
                resolved = [self.aggregates.get(each, each) if isinstance(each, str) else each
                            for each in named]
                strays = [each for each in resolved if each not in self.aggregates.values()]
                if strays:
                    raise ConfigurationError(
                        f"{service.__name__} is part_of {', '.join(map(_named, strays))}, "
                        "which is not a registered aggregate")
                meta.part_of = resolved if kind == "domain_service" else resolved[0]

    # -- wiring ----------------------------------------------------------------------------

    def init(self) -> None:
        """Resolve every name now (a typo fails here) and wire the handlers."""
        from domain.core.subscriber import HandlerSubscriber

        self._resolve_part_of(final=True)
        self._check_projectors()
        self._resolve_services()
        for element in [*self.aggregates.values(), *self.entities.values()]:
            for field in element._fields.values():
                if isinstance(field, Association):
                    field.entity_cls  # noqa: B018  (resolves now, so a typo fails at init)
        handlers: dict[type, CommandHandler] = {}
        for handler_cls in self.command_handler_classes:
            instance = handler_cls()
            for command_cls, method_name in handled_messages(handler_cls).items():
                if command_cls in handlers:
                    raise ConfigurationError(f"{command_cls.__name__} has two handlers")
                handlers[command_cls] = getattr(instance, method_name)
        self._command_handlers = handlers
        names = {each.name for each in self.subscribers}
        for handler_cls in self.event_handler_classes:
            subscriber = HandlerSubscriber(handler_cls)
            if subscriber.name not in names:
                self.add_subscriber(subscriber)
        self.initialized = True

    # -- looking up ------------------------------------------------------------------------

    def handler_for(self, command: BaseCommand) -> CommandHandler:
        if not isinstance(command, BaseCommand) or command._domain is not self:
            raise IncorrectUsageError(f"{command!r} is not a command of {self.name}")
        if not self.initialized:
            raise IncorrectUsageError(f"call init() on {self.name} before processing commands")
        try:
            handler: CommandHandler = self._command_handlers[type(command)]
        except KeyError:
            raise ConfigurationError(
                f"no handler is registered for {type(command).__name__}"
            ) from None
        return handler

    def event_class(self, type_name: str) -> type[BaseEvent]:
        try:
            return self._events_by_type[type_name]
        except KeyError:
            raise ConfigurationError(f"no event of type {type_name} is registered") from None

    def event_types(self) -> tuple[str, ...]:
        """The type names ("<Domain>.<Event>.v1") of every registered event."""
        return tuple(event._type for event in self.events.values())


def _named(thing: object) -> str:
    return repr(thing) if isinstance(thing, str) else getattr(thing, "__name__", repr(thing))
