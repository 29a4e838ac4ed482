"""`@handle` marks: an event handler may give one event several methods, a command one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.core import ConfigurationError, Domain, Projection, current_domain, handle
from domain.core.fields import Identifier, String

kitchen = Domain(name="Kitchen")
heard: list[str] = []


@kitchen.aggregate
class Dish:
    name = String(required=True)


@kitchen.event(part_of=Dish)
class DishServed:
    dish_id = Identifier(required=True)


@kitchen.command(part_of=Dish)
class ServeDish:
    name = String(required=True)


@kitchen.command_handler(part_of=Dish)
class Serving:
    @handle(ServeDish)
    def serve(self, command: ServeDish) -> None:
        dish = Dish(name=command.name)
        dish.raise_(DishServed(dish_id=dish.id))
        current_domain.repository_for(Dish).add(dish)


@kitchen.event_handler(part_of=Dish)
class Waiters:
    @handle(DishServed)
    def announce(self, event: DishServed) -> None:
        heard.append("announce")

    @handle(DishServed)
    def clear_the_pass(self, event: DishServed) -> None:
        heard.append("clear_the_pass")


@pytest.fixture
def served() -> Iterator[Domain]:
    kitchen.init()
    heard.clear()
    yield kitchen
    kitchen.close()


def test_every_method_an_event_handler_gives_an_event_runs_in_their_order(
    served: Domain,
) -> None:
    served.process(ServeDish(name="Soup"))

    assert heard == ["announce", "clear_the_pass"]


def test_a_command_handled_by_two_methods_is_refused_at_init_as_protean_refuses_it() -> None:
    bistro = Domain(name="Bistro")

    @bistro.aggregate
    class Plate:
        name = String()

    @bistro.command(part_of=Plate)
    class Plating:
        name = String()

    @bistro.command_handler(part_of=Plate)
    class Cooks:
        @handle(Plating)
        def first(self, command: Plating) -> None: ...

        @handle(Plating)
        def second(self, command: Plating) -> None: ...

    with pytest.raises(ConfigurationError,
                       match=r"Plating cannot be handled by multiple handlers "
                             r"\(first, second of Cooks\)"):
        bistro.init()


def test_a_projection_applying_one_event_twice_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="DishServed cannot be handled by multiple"):
        class Tally(Projection):
            name = "tally"

            @handle(DishServed)
            def count(self, store: object, stored: object) -> None: ...

            @handle(DishServed)
            def count_again(self, store: object, stored: object) -> None: ...
