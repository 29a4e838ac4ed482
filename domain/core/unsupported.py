"""Protean's names for what domain.core does not build: each refuses to be used, by name."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any, NoReturn

from domain.core.errors import ConfigurationError


def refuse(name: str, feature: str) -> NoReturn:
    raise ConfigurationError(f"{name} ({feature}) is not supported by domain.core")


def _refusing(name: str, feature: str) -> Callable[..., NoReturn]:
    def refused(*args: object, **kwargs: object) -> NoReturn:
        refuse(name, feature)

    refused.__name__ = refused.__qualname__ = name.rsplit(".", 1)[-1]
    refused.__doc__ = f"Not supported: {feature}. Raises ConfigurationError."
    return refused


# protean.testing: the given/when/then test helper.
given = _refusing("given", "protean.testing")
# protean.utils.processing: priority lanes.
processing_priority = _refusing("processing_priority", "priority lanes")


class Priority(IntEnum):
    """Protean's processing priorities; naming one is harmless, using one is refused
    (processing_priority)."""

    BULK = -100
    LOW = -50
    NORMAL = 0
    HIGH = 50
    CRITICAL = 100


class BaseUpcaster:
    """protean.core.upcaster.BaseUpcaster: declaring an upcaster is refused."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        refuse(f"BaseUpcaster ({cls.__name__})", "upcasters")


def _refusing_class(name: str, feature: str) -> type:
    """A class by Protean's name that may be named (in an annotation, say) but neither made
    nor subclassed."""

    def refuse_use(cls: type[Any], *args: object, **kwargs: object) -> Any:
        refuse(name, feature)

    def refuse_subclass(cls: type[Any], /, **kwargs: object) -> None:
        refuse(f"{name} ({cls.__name__})", feature)

    return type(name, (), {
        "__doc__": f"Not supported: {feature}. Raises ConfigurationError when used.",
        "__new__": refuse_use, "__init_subclass__": classmethod(refuse_subclass)})


# protean.port.event_store: the causation tree of a message.
CausationNode = _refusing_class("CausationNode", "causation trees")
# protean.utils.eventing: a message as the event store holds it.
Message = _refusing_class("Message", "event store messages")


class UnsupportedDomainFeatures:
    """The Domain methods Protean has for features built elsewhere or not at all."""

    def upcaster(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.upcaster", "upcasters")

    def event_enricher(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.event_enricher", "event enrichers")

    def command_enricher(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.command_enricher", "command enrichers")

    def create_snapshot(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.create_snapshot", "snapshots")

    def create_snapshots(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.create_snapshots", "snapshots")

    def create_all_snapshots(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.create_all_snapshots", "snapshots")

    def subscriber(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.subscriber", "broker subscribers")

    def register_external_event(self, *args: object, **kwargs: object) -> NoReturn:
        refuse("domain.register_external_event", "events of other domains")

    @property
    def event_store(self) -> NoReturn:
        refuse("domain.event_store", "the event store API")
