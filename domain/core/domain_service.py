"""Domain services: stateless operations over several aggregates, guarded by invariants."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ClassVar, Self

from domain.core.declarations import Options
from domain.core.errors import NotSupportedError, ValidationError
from domain.core.invariants import STAGE, declared_rules

GUARDED = "_checks_service_invariants"  # set on each method wrapped here


class BaseDomainService:
    """Protean's BaseDomainService: made with the aggregates it works on (`_aggregates`),
    declared `part_of` two or more aggregates. Its `@invariant.pre` methods run before each
    public method (and `__call__`), its `@invariant.post` methods after; every rule that
    does not hold is reported at once in one ValidationError."""

    meta_: ClassVar[Options]
    # Set by `guard`: the service's invariant methods by stage.
    _invariants: ClassVar[dict[str, tuple[Callable[..., Any], ...]]] = {}

    def __new__(cls, *args: object, **kwargs: object) -> Self:
        if cls is BaseDomainService:
            raise NotSupportedError("BaseDomainService cannot be instantiated")
        return super().__new__(cls)

    def __init__(self, *aggregates: object) -> None:
        self._aggregates = aggregates


def guard(service: type[BaseDomainService]) -> None:
    """Record `service`'s invariants and wrap its public methods in them."""
    service._invariants = declared_rules(service)
    defined: dict[str, object] = {}
    for klass in service.__mro__:  # the most derived definition of each name
        if klass is not BaseDomainService and klass is not object:
            for name, value in vars(klass).items():
                defined.setdefault(name, value)
    for name, value in defined.items():
        public = name == "__call__" or not name.startswith("_")
        # Plain functions only: a static or class method has no service to check, and a
        # rule is not run around itself.
        if (public and inspect.isfunction(value) and not hasattr(value, STAGE)
                and not getattr(value, GUARDED, False)):
            setattr(service, name, _checked(value))


def _checked(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def checked(self: BaseDomainService, *args: object, **kwargs: object) -> Any:
        _check(self, "pre")
        result = method(self, *args, **kwargs)
        _check(self, "post")
        return result

    setattr(checked, GUARDED, True)
    return checked


def _check(service: BaseDomainService, stage: str) -> None:
    # A plain dict, as Protean's domain services report (an aggregate's is a defaultdict).
    errors: dict[str, list[str]] = {}
    for rule in type(service)._invariants.get(stage, ()):
        try:
            rule(service)
        except ValidationError as error:
            for field, texts in error.messages.items():
                errors.setdefault(field, []).extend(texts)
    if errors:
        raise ValidationError(errors)
