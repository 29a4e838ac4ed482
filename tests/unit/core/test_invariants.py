"""Invariants: @invariant.post after construction and each change, @invariant.pre before each
change, on the aggregate and the entities it holds; a refused change leaves it as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import ConfigurationError, Domain, ValidationError, atomic_change, invariant
from domain.core.fields import Float, HasMany, Identifier, Integer, String

accounts = Domain("Accounts")


@accounts.aggregate
class Account:
    balance = Float(default=0.0)
    status = String(choices=["ACTIVE", "FROZEN"], default="ACTIVE")

    @invariant.pre
    def must_be_active_to_change(self) -> None:
        if self.status == "FROZEN":
            raise ValidationError({"_entity": ["Cannot modify a frozen account"]})

    @invariant.post
    def balance_must_not_be_negative(self) -> None:
        if self.balance < 0:
            raise ValidationError({"balance": ["Insufficient funds"]})

    def withdraw(self, amount: float) -> None:
        self.balance -= amount
        self.raise_(Withdrawn(account_id=self.id, amount=amount))


@accounts.event(part_of=Account)
class Withdrawn:
    account_id = Identifier(required=True)
    amount = Float(required=True)


@accounts.entity(part_of=Account)
class Line:
    quantity = Integer(default=1)
    reserved = Integer(default=0)

    @invariant.post
    def cannot_reserve_more_than_ordered(self) -> None:
        if self.reserved > self.quantity:
            raise ValidationError({"reserved": ["cannot exceed the quantity"]})


@accounts.aggregate
class Basket:
    total = Integer(default=0)
    lines = HasMany(Line)

    @invariant.post
    def total_is_the_sum_of_the_lines(self) -> None:
        if self.total != sum(line.quantity for line in self.lines):
            raise ValidationError({"_entity": ["Total should be the sum of the lines"]})


@accounts.event(part_of=Basket)
class LineAdded:
    basket_id = Identifier(required=True)


def test_a_post_invariant_refuses_an_element_constructed_invalid() -> None:
    with pytest.raises(ValidationError) as refused:
        Account(balance=-1)
    assert refused.value.messages == {"balance": ["Insufficient funds"]}


def test_refusals_print_as_protean_s_a_plain_dict_when_made_a_defaultdict_when_changed(
) -> None:
    with pytest.raises(ValidationError) as made:
        Account(balance=-1)
    with pytest.raises(ValidationError) as changed:
        Account(balance=10).balance = -5

    assert repr(made.value.messages) == "{'balance': ['Insufficient funds']}"
    assert repr(changed.value.messages) == (
        "defaultdict(<class 'list'>, {'balance': ['Insufficient funds']})")


def test_a_post_invariant_refuses_a_change_and_the_value_stays_as_it_was() -> None:
    account = Account(balance=10)
    with pytest.raises(ValidationError, match="balance: Insufficient funds"):
        account.balance = -5
    assert account.balance == 10


def test_a_pre_invariant_refuses_a_change_before_it_happens() -> None:
    account = Account(balance=10)
    account.status = "FROZEN"  # pre runs on the state before: the account was active
    with pytest.raises(ValidationError) as refused:
        account.balance = 5
    assert refused.value.messages == {"_entity": ["Cannot modify a frozen account"]}
    assert account.balance == 10


def test_pre_invariants_do_not_run_on_construction() -> None:
    assert Account(status="FROZEN", balance=3).status == "FROZEN"


def test_a_method_whose_change_is_refused_collects_no_event() -> None:
    account = Account(balance=10)
    with pytest.raises(ValidationError):
        account.withdraw(20)
    assert (account.balance, account._events) == (10, [])


def test_a_change_that_holds_is_made_and_its_event_collected() -> None:
    account = Account(balance=10)
    account.withdraw(4)
    assert account.balance == 6
    assert [type(event) for event in account._events] == [Withdrawn]


def test_every_failing_invariant_is_reported_at_once_field_by_field() -> None:
    basket = Basket(total=1, lines=[Line(quantity=1)])
    with pytest.raises(ValidationError) as refused:
        with atomic_change(basket):
            basket.total = 5
            basket.lines[0].reserved = 2
    assert refused.value.messages == {
        "_entity": ["Total should be the sum of the lines"],
        "reserved": ["cannot exceed the quantity"],
    }


def test_an_entity_runs_its_own_post_invariants_when_constructed() -> None:
    with pytest.raises(ValidationError, match="reserved: cannot exceed the quantity"):
        Line(quantity=1, reserved=2)


def test_a_change_to_a_held_entity_runs_the_invariants_of_its_aggregate() -> None:
    basket = Basket(total=2, lines=[Line(quantity=2)])
    with pytest.raises(ValidationError, match="Total should be the sum of the lines"):
        basket.lines[0].quantity = 3
    assert basket.lines[0].quantity == 2


def test_an_aggregate_runs_the_invariants_of_the_entities_it_holds() -> None:
    basket = Basket(total=2, lines=[Line(quantity=2)])
    with pytest.raises(ValidationError, match="reserved: cannot exceed the quantity"):
        basket.lines[0].reserved = 3
    assert basket.lines[0].reserved == 0


def test_adding_an_entity_runs_the_invariants_and_is_undone_if_refused() -> None:
    basket = Basket(total=1, lines=[Line(quantity=1)])
    with pytest.raises(ValidationError, match="Total should be the sum of the lines"):
        basket.add_lines(Line(quantity=2))
    assert [line.quantity for line in basket.lines] == [1]


def test_atomic_change_checks_once_at_the_end_of_several_changes() -> None:
    basket = Basket(total=1, lines=[Line(quantity=1)])
    with atomic_change(basket):
        basket.total = 3
        basket.add_lines(Line(quantity=2))
    assert basket.total == 3 and len(basket.lines) == 2


def test_a_refused_atomic_change_leaves_the_aggregate_and_its_events_as_they_were() -> None:
    basket = Basket(total=1, lines=[Line(quantity=1)])
    basket.raise_(LineAdded(basket_id=basket.id))
    first_line = basket.lines[0]
    with pytest.raises(ValidationError):
        with atomic_change(basket):
            basket.total = 7
            first_line.quantity = 4
            basket.add_lines(Line(quantity=1))
            basket.raise_(LineAdded(basket_id=basket.id))
    assert (basket.total, [line.quantity for line in basket.lines]) == (1, [1])
    assert basket.lines[0] is first_line and len(basket._events) == 1


def test_an_atomic_change_whose_block_raises_is_undone_and_the_error_passes_through() -> None:
    account = Account(balance=10)
    with pytest.raises(KeyError):
        with atomic_change(account):
            account.balance = 3
            account.raise_(Withdrawn(account_id=account.id, amount=7))
            raise KeyError("something else failed")
    assert (account.balance, account._events) == (10, [])


def test_atomic_change_runs_the_pre_invariants_on_entry() -> None:
    account = Account(balance=10, status="FROZEN")
    with pytest.raises(ValidationError, match="frozen"):
        with atomic_change(account):
            pass


def test_nested_atomic_changes_are_checked_once_by_the_outermost() -> None:
    basket = Basket(total=0)
    with atomic_change(basket):
        with atomic_change(basket):
            basket.total = 2
        basket.add_lines([Line(quantity=1), Line(quantity=1)])
    assert basket.total == 2


# -- what is refused when declared ----------------------------------------------------------

def test_a_bare_invariant_decorator_is_refused_naming_its_stages() -> None:
    with pytest.raises(ConfigurationError, match=r"@invariant.pre or @invariant.post"):
        invariant(lambda self: None)


def test_an_invariant_code_is_refused_as_unsupported() -> None:
    with pytest.raises(ConfigurationError, match="invariant diagnostic codes"):
        invariant.post(code="TOTAL_MISMATCH")


def test_a_pre_invariant_on_a_value_object_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=r"Price: @invariant.pre .* never changes"):
        @accounts.value_object
        class Price:
            amount = Float()

            @invariant.pre
            def positive(self) -> None:
                pass


def test_a_value_object_runs_its_post_invariants_when_constructed() -> None:
    @accounts.value_object
    class Range:
        low = Integer()
        high = Integer()

        @invariant.post
        def low_is_below_high(self) -> None:
            if self.low > self.high:
                raise ValidationError({"low": ["must not exceed high"]})

    with pytest.raises(ValidationError, match="low: must not exceed high"):
        Range(low=3, high=1)


def test_an_invariant_on_an_event_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="not to events or commands"):
        @accounts.event(part_of=Account)
        class Audited:
            @invariant.post
            def anything(self) -> None:
                pass


# -- after a round trip ---------------------------------------------------------------------

@pytest.fixture
def stored(tmp_path: Path) -> Iterator[Domain]:
    accounts.config["database"] = str(tmp_path / "accounts.db")
    accounts.init()
    yield accounts
    accounts.close()


def test_a_loaded_aggregate_runs_its_invariants_on_its_entities_changes(stored: Domain) -> None:
    baskets = stored.repository_for(Basket)
    basket = Basket(total=2, lines=[Line(quantity=2)])
    baskets.add(basket)
    copy = baskets.get(basket.id)
    with pytest.raises(ValidationError, match="Total should be the sum of the lines"):
        copy.lines[0].quantity = 5
    assert copy.lines[0].quantity == 2


def test_an_entity_removed_from_its_aggregate_answers_only_to_its_own_invariants() -> None:
    basket = Basket(total=1, lines=[Line(quantity=1)])
    line = basket.lines[0]
    with atomic_change(basket):
        basket.remove_lines(line)
        basket.total = 0
    with atomic_change(basket):  # suspends the basket's checks, not the line's any more
        with pytest.raises(ValidationError, match="reserved: cannot exceed the quantity"):
            line.reserved = 9
    assert line.reserved == 0


def test_an_entity_put_back_by_a_refused_atomic_change_answers_to_its_aggregate_again() -> None:
    basket = Basket(total=1, lines=[Line(quantity=1)])
    line = basket.lines[0]
    with pytest.raises(ValidationError):
        with atomic_change(basket):
            basket.remove_lines(line)
    with pytest.raises(ValidationError, match="Total should be the sum of the lines"):
        line.quantity = 5
    assert basket.lines == [line] and line.quantity == 1
