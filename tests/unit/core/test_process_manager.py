"""`@domain.process_manager` declares a coordinator whose steps are checked when declared, and
whose state is kept as transition events of a stream of its own."""

from __future__ import annotations

from typing import Any

import pytest

from domain.core import (
    BaseProcessManager,
    ConfigurationError,
    Domain,
    NotSupportedError,
    ValidationError,
    handle,
)
from domain.core.fields import Identifier, Integer, List, String
from domain.core.metadata import Metadata, caused_by, utc_now
from domain.core.process_manager import Step, steps
from tests.unit.core.errands import (
    ErrandClosed,
    ErrandFlow,
    ErrandOpened,
    PaymentTaken,
    errands,
)


def shop() -> tuple[Domain, Any, Any]:
    """A fresh domain with an aggregate and its event, for declarations that fail."""
    domain = Domain("Shop")

    @domain.aggregate
    class Cart:
        owner = String()

    @domain.event(part_of=Cart)
    class CartOpened:
        cart_id = Identifier(required=True)

    return domain, Cart, CartOpened


def test_a_process_manager_is_built_with_an_id_and_its_fields() -> None:
    assert issubclass(ErrandFlow, BaseProcessManager)
    assert list(ErrandFlow._fields)[:3] == ["id", "errand_id", "title"]
    assert errands.registry.process_managers == {"ErrandFlow": ErrandFlow}


def test_the_base_class_itself_cannot_be_made_but_may_be_declared_from() -> None:
    domain, _cart, opened = shop()

    @domain.process_manager(stream_categories=["cart"])
    class Checkout(BaseProcessManager):
        cart_id = Identifier()

        @handle(opened, start=True, correlate="cart_id")
        def on_opened(self, event: Any) -> None: ...

    assert Checkout.started("c1").id == "c1"
    with pytest.raises(NotSupportedError, match="cannot be instantiated"):
        BaseProcessManager()


def test_a_process_manager_inherits_the_fields_and_steps_of_an_abstract_one() -> None:
    domain, _cart, opened = shop()

    @domain.process_manager(abstract=True)
    class Opening:
        cart_id = Identifier()

        @handle(opened, start=True, correlate="cart_id")
        def on_opened(self, event: Any) -> None:
            self.cart_id = event.cart_id

    @domain.process_manager(stream_categories=["cart"])
    class Checkout(Opening):
        note = String()

    assert list(Checkout._fields) == ["id", "cart_id", "note"]
    assert steps(Checkout) == {opened: Step("on_opened", "cart_id", start=True, end=False)}
    assert list(domain.registry.process_managers) == ["Checkout"]


def test_its_steps_say_how_each_event_correlates_starts_and_ends() -> None:
    assert steps(ErrandFlow) == {
        ErrandOpened: Step("opened", "errand_id", start=True, end=False),
        PaymentTaken: Step("paid_for", {"errand_id": "errand_ref"}, start=False, end=False),
        ErrandClosed: Step("closed", "errand_id", start=False, end=True),
    }


def test_a_step_reads_the_correlation_from_the_field_it_names() -> None:
    paid = PaymentTaken(payment_id="p1", errand_ref="e1", amount=2)

    assert steps(ErrandFlow)[PaymentTaken].correlation(paid) == "e1"
    assert Step("x", "errand_ref", False, False).correlation(paid) == "e1"


def test_its_stream_categories_are_prefixed_with_the_domain_s_name() -> None:
    assert ErrandFlow.meta_.stream_categories == ["errands::errand", "errands::payment"]


def test_a_started_instance_holds_its_defaults_and_the_correlation_as_its_id() -> None:
    manager = ErrandFlow.started("e1")

    assert (manager.id, manager.errand_id, manager.paid, manager.steps) == ("e1", None, 0, [])
    assert not manager.is_complete


def test_its_transition_holds_its_state_at_the_next_place_of_its_stream() -> None:
    manager = ErrandFlow.started("e1")
    manager.title = "Post a letter"
    cause = Metadata(id="cause", timestamp=utc_now(), type="x", correlation_id="chain")

    with caused_by(cause):
        transition: Any = manager.transition("opened")

    assert transition.state["title"] == "Post a letter"
    assert (transition.handler_name, transition.is_complete) == ("opened", False)
    metadata = transition._metadata
    assert (metadata.stream, metadata.sequence) == ("errands::errandflow-e1", 1)
    assert (metadata.correlation_id, metadata.causation_id) == ("chain", "cause")


def test_an_instance_rebuilt_from_its_transitions_has_the_last_state_and_knows_its_causes(
) -> None:
    manager = ErrandFlow.started("e1")
    made = []
    for number, cause_id in enumerate(["a", "b"]):
        manager.paid = number + 1
        if number == 1:
            manager.mark_as_complete()
        with caused_by(Metadata(id=cause_id, timestamp=utc_now(), type="x")):
            made.append(manager.transition("step"))

    rebuilt = ErrandFlow.from_transitions(made)

    assert rebuilt.paid == 2 and rebuilt.is_complete
    assert rebuilt.has_handled("a") and not rebuilt.has_handled("c")
    assert rebuilt.transition("next")._metadata.sequence == 3
    assert rebuilt.transition("next")._metadata.stream == "errands::errandflow-e1"


def test_its_stream_is_its_correlation_s_whatever_its_id_field_is_set_to() -> None:
    manager = ErrandFlow.started("e1")
    manager.id = "e2"

    assert manager.transition("step")._metadata.stream == "errands::errandflow-e1"


def test_an_assignment_is_checked_by_its_field() -> None:
    manager = ErrandFlow.started("e1")

    with pytest.raises(ValidationError, match="paid"):
        manager.paid = "a lot"


def test_a_step_without_correlate_is_refused() -> None:
    domain, _cart, opened = shop()

    with pytest.raises(ConfigurationError, match="must specify a `correlate`"):
        @domain.process_manager(stream_categories=["cart"])
        class Checkout:
            @handle(opened, start=True)
            def on_opened(self, event: Any) -> None: ...


def test_two_steps_for_one_event_are_refused_rather_than_one_dropped() -> None:
    domain, _cart, opened = shop()

    with pytest.raises(ConfigurationError, match="first and second both handle"):
        @domain.process_manager(stream_categories=["cart"])
        class Checkout:
            @handle(opened, start=True, correlate="cart_id")
            def first(self, event: Any) -> None: ...

            @handle(opened, start=True, correlate="cart_id")
            def second(self, event: Any) -> None: ...


def test_handle_takes_start_correlate_and_end_in_protean_s_order() -> None:
    domain, _cart, opened = shop()

    @domain.process_manager(stream_categories=["cart"])
    class Checkout:
        cart_id = Identifier()

        @handle(opened, True, "cart_id")
        def on_opened(self, event: Any) -> None: ...

    assert steps(Checkout)[opened] == Step("on_opened", "cart_id", True, False)


def test_a_correlation_by_a_field_its_event_lacks_is_refused() -> None:
    domain, _cart, opened = shop()

    with pytest.raises(ConfigurationError, match="'basket_id', which is not a field"):
        @domain.process_manager(stream_categories=["cart"])
        class Checkout:
            @handle(opened, start=True, correlate={"cart_id": "basket_id"})
            def on_opened(self, event: Any) -> None: ...


def test_an_event_outside_its_stream_categories_is_refused() -> None:
    domain, _cart, opened = shop()

    with pytest.raises(ConfigurationError, match=r"\(shop::cart\) is not one of its stream"):
        @domain.process_manager(stream_categories=["shop::payment"])
        class Checkout:
            @handle(opened, start=True, correlate="cart_id")
            def on_opened(self, event: Any) -> None: ...


def test_aggregates_give_its_stream_categories_too() -> None:
    domain, cart, opened = shop()

    @domain.process_manager(aggregates=[cart])
    class Checkout:
        cart_id = Identifier()

        @handle(opened, start=True, correlate="cart_id")
        def on_opened(self, event: Any) -> None: ...

    assert Checkout.meta_.stream_categories == ["shop::cart"]


def test_a_process_manager_that_follows_no_stream_is_refused() -> None:
    domain, _cart, opened = shop()

    with pytest.raises(ConfigurationError, match="follows no stream"):
        @domain.process_manager
        class Checkout:
            @handle(opened, start=True, correlate="cart_id")
            def on_opened(self, event: Any) -> None: ...


@pytest.mark.parametrize(("option", "feature"), [
    ({"sequential_by": True}, "sequential processing"),
    ({"subscription_type": "stream"}, "subscription settings"),
    ({"stream_category": "checkouts"}, "custom stream categories"),
])
def test_protean_s_options_not_honoured_here_are_refused(option: dict[str, object],
                                                         feature: str) -> None:
    domain, _cart, opened = shop()

    with pytest.raises(ConfigurationError, match=feature):
        @domain.process_manager(stream_categories=["cart"], **option)
        class Checkout:
            @handle(opened, start=True, correlate="cart_id")
            def on_opened(self, event: Any) -> None: ...


def test_process_steps_on_an_event_handler_are_refused() -> None:
    domain, cart, opened = shop()

    with pytest.raises(ConfigurationError, match="for a process manager's @handle"):
        @domain.event_handler(part_of=cart)
        class Notifier:
            @handle(opened, start=True, correlate="cart_id")
            def on_opened(self, event: Any) -> None: ...


def test_its_transitions_decode_from_the_log_by_their_type() -> None:
    assert errands.registry.event_class("Errands._ErrandFlowTransition.v1") is (
        ErrandFlow._transition_cls)


def test_a_second_process_manager_of_the_same_name_is_refused() -> None:
    domain, _cart, opened = shop()

    def declare() -> None:
        @domain.process_manager(stream_categories=["cart"])
        class Checkout:
            count = Integer()
            lines = List(String())

            @handle(opened, start=True, correlate="cart_id")
            def on_opened(self, event: Any) -> None: ...

    declare()
    with pytest.raises(ConfigurationError, match="already registered"):
        declare()
