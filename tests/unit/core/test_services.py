"""Declaring services as Protean does: part_of, options, and the class a decorator returns."""

from __future__ import annotations

import pytest

from domain.core import (
    BaseApplicationService,
    BaseDomainService,
    ConfigurationError,
    Domain,
    IncorrectUsageError,
    use_case,
)
from domain.core.fields import Integer, String


def shop() -> Domain:
    """A domain of two aggregates, Order and Stock, for services to be part of."""
    domain = Domain(name="Shop")

    @domain.aggregate
    class Order:
        customer = String(required=True)

    @domain.aggregate
    class Stock:
        count = Integer(default=0)

    return domain


def test_a_plain_class_declared_a_domain_service_becomes_one_by_its_own_name() -> None:
    domain = shop()

    @domain.domain_service(part_of=["Order", "Stock"])
    class Fulfilment:
        """Checks stock before confirming."""

    assert issubclass(Fulfilment, BaseDomainService)
    assert (Fulfilment.__name__, Fulfilment.__doc__) == ("Fulfilment",
                                                         "Checks stock before confirming.")
    assert domain.registry.services["domain_service"] == {"Fulfilment": Fulfilment}


def test_its_super_init_reaches_the_base_which_keeps_the_aggregates() -> None:
    domain = shop()

    @domain.domain_service(part_of=["Order", "Stock"])
    class Fulfilment:
        def __init__(self, order: object, stocks: list[object]) -> None:
            super().__init__(order, *stocks)
            self.order = order

    service = Fulfilment("an order", ["stock 1", "stock 2"])

    assert service._aggregates == ("an order", "stock 1", "stock 2")  # type: ignore[attr-defined]


def test_a_class_that_inherits_the_base_is_declared_as_it_is() -> None:
    domain = shop()

    class Fulfilment(BaseDomainService):
        pass

    assert domain.domain_service(Fulfilment, part_of=["Order", "Stock"]) is Fulfilment


@pytest.mark.parametrize("part_of", [None, [], ["Order"], "Order"])
def test_a_domain_service_needs_two_aggregates_or_more(part_of: object) -> None:
    options = {} if part_of is None else {"part_of": part_of}

    with pytest.raises(IncorrectUsageError,
                       match="`Lonely` needs to be associated with two or more Aggregates"):
        shop().domain_service(type("Lonely", (), {}), **options)


def test_one_aggregate_twice_is_two_as_protean_counts_them() -> None:
    domain = shop()

    @domain.domain_service(part_of=["Stock", "Stock"])
    class Transfer:
        pass

    domain.init()

    stock = domain.registry.aggregates["Stock"]
    assert Transfer.meta_.part_of == [stock, stock]


def test_names_in_part_of_become_the_aggregates_at_init() -> None:
    domain = shop()
    order = domain.registry.aggregates["Order"]

    @domain.domain_service(part_of=[order, "Stock"])
    class Fulfilment:
        pass

    @domain.application_service(part_of="Order")
    class Ordering:
        pass

    domain.init()

    assert Fulfilment.meta_.part_of == [order, domain.registry.aggregates["Stock"]]
    assert Ordering.meta_.part_of is order


def test_part_of_something_other_than_an_aggregate_is_refused_at_init() -> None:
    domain = shop()

    @domain.domain_service(part_of=["Order", "Warehouse"])
    class Fulfilment:
        pass

    with pytest.raises(ConfigurationError,
                       match="Fulfilment is part_of 'Warehouse', which is not a registered"):
        domain.init()


def test_a_second_service_of_the_same_name_is_refused() -> None:
    domain = shop()
    domain.domain_service(part_of=["Order", "Stock"])(type("Fulfilment", (), {}))

    with pytest.raises(ConfigurationError, match="domain service named Fulfilment"):
        domain.domain_service(part_of=["Order", "Stock"])(type("Fulfilment", (), {}))


def test_an_application_service_needs_its_aggregate() -> None:
    with pytest.raises(IncorrectUsageError,
                       match="`Ordering` needs to be associated with an aggregate"):
        shop().application_service(type("Ordering", (), {}))


def test_a_plain_class_declared_an_application_service_becomes_one_and_keeps_its_init() -> None:
    domain = shop()

    @domain.application_service(part_of="Order")
    class Ordering:
        def __init__(self, clock: str) -> None:
            self.clock = clock

        @use_case
        def place(self) -> str:
            return self.clock

    assert issubclass(Ordering, BaseApplicationService)
    assert Ordering("noon").clock == "noon"
    assert domain.registry.services["application_service"] == {"Ordering": Ordering}


@pytest.mark.parametrize("base", [BaseDomainService, BaseApplicationService])
def test_the_bases_themselves_cannot_be_made(base: type) -> None:
    from domain.core import NotSupportedError

    with pytest.raises(NotSupportedError, match=f"{base.__name__} cannot be instantiated"):
        base()


@pytest.mark.parametrize("kind", ["domain_service", "application_service"])
def test_options_protean_has_are_refused_unless_at_their_default(kind: str) -> None:
    part_of = ["Order", "Stock"] if kind == "domain_service" else "Order"
    declare = getattr(shop(), kind)

    declare(type("Fine", (), {}), part_of=part_of, suppress_checks=())
    with pytest.raises(ConfigurationError, match="suppressed checks are not supported"):
        declare(type("Quiet", (), {}), part_of=part_of, suppress_checks=("x",))
    with pytest.raises(ConfigurationError, match="Unknown option"):
        declare(type("Odd", (), {}), part_of=part_of, colour="red")
