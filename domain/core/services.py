"""The Domain's service decorators: `domain_service` and `application_service`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, overload

from domain.core.application_service import BaseApplicationService
from domain.core.declarations import element_options
from domain.core.domain_service import BaseDomainService, guard
from domain.core.errors import IncorrectUsageError
from domain.core.registry import Registry

ServiceT = TypeVar("ServiceT", bound=type)


class ServiceDeclarations:
    """Declares services in `self.registry` (the Domain's)."""

    registry: Registry

    @overload
    def domain_service(self, cls: ServiceT, **options: object) -> ServiceT: ...

    @overload
    def domain_service(self, cls: None = None, **options: object
                       ) -> Callable[[ServiceT], ServiceT]: ...

    def domain_service(self, cls: ServiceT | None = None, **options: object
                       ) -> ServiceT | Callable[[ServiceT], ServiceT]:
        """A stateless service over `part_of=[A, B, ...]` (two aggregates or more, a class or
        its name each): the class returned is the declared one on BaseDomainService (see
        domain_service.py), its public methods run inside its invariants."""
        def wrap(target: ServiceT) -> ServiceT:
            meta = element_options("domain_service", target.__name__, options)
            if not isinstance(meta.part_of, list | tuple) or len(meta.part_of) < 2:
                raise IncorrectUsageError(f"Domain Service `{target.__name__}` needs to be "
                                          "associated with two or more Aggregates")
            meta.part_of = list(meta.part_of)
            service = _derived(target, BaseDomainService)
            service.meta_ = meta
            guard(service)
            self.registry.register_service(service, "domain_service")
            return service  # type: ignore[return-value]  # the declared class, derived

        return wrap(cls) if cls is not None else wrap

    @overload
    def application_service(self, cls: ServiceT, **options: object) -> ServiceT: ...

    @overload
    def application_service(self, cls: None = None, **options: object
                            ) -> Callable[[ServiceT], ServiceT]: ...

    def application_service(self, cls: ServiceT | None = None, **options: object
                            ) -> ServiceT | Callable[[ServiceT], ServiceT]:
        """The use cases (`@use_case` methods, application_service.py) of `part_of`, one
        aggregate (or its name); called directly, never through `process`."""
        def wrap(target: ServiceT) -> ServiceT:
            meta = element_options("application_service", target.__name__, options)
            if not meta.part_of:
                raise IncorrectUsageError(f"Application Service `{target.__name__}` needs to "
                                          "be associated with an aggregate")
            service = _derived(target, BaseApplicationService)
            service.meta_ = meta
            self.registry.register_service(service, "application_service")
            return service  # type: ignore[return-value]  # the declared class, derived

        return wrap(cls) if cls is not None else wrap


BaseT = TypeVar("BaseT", BaseDomainService, BaseApplicationService)


def _derived(target: type, base: type[BaseT]) -> type[BaseT]:
    """`target` if it is a `base` already, else a subclass of it and `base` by its name:
    its `super().__init__(...)` then reaches the base's, as in Protean."""
    if issubclass(target, base):
        return target
    return type(target.__name__, (target, base), {
        "__module__": target.__module__, "__qualname__": target.__qualname__,
        "__doc__": target.__doc__})
