"""Event-sourced aggregates: `_create_new`, `@apply` on raise and on replay, their invariants."""

from __future__ import annotations

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    IncorrectUsageError,
    ValidationError,
    apply,
    atomic_change,
)
from domain.core.event_sourcing import replay
from domain.core.fields import HasMany, Identifier, String
from tests.unit.core.ledger import Account, AccountOpened, Credited


def test_create_new_gives_an_aggregate_holding_only_a_generated_identity() -> None:
    account = Account._create_new()
    assert account.id and account.holder is None and account.balance is None
    assert account._version == -1 and account._events == []


def test_create_new_keeps_a_given_identity() -> None:
    assert Account._create_new(id="acc-1").id == "acc-1"


def test_raising_an_event_applies_it_and_collects_it() -> None:
    account = Account.open("Ada")
    account.credit(25.0)
    assert (account.holder, account.balance) == ("Ada", 25.0)
    assert [type(event) for event in account._events] == [AccountOpened, Credited]


def test_the_version_counts_raised_events_from_zero() -> None:
    account = Account.open("Ada")
    assert account._version == 0
    account.credit(1.0)
    account.credit(2.0)
    assert account._version == 2
    assert [event._metadata.sequence for event in account._events] == [1, 2, 3]


def test_replaying_the_events_gives_the_same_state_and_version() -> None:
    account = Account.open("Ada")
    account.credit(25.0)
    account.credit(5.0)
    rebuilt = replay(Account._blank(), account._events)
    assert rebuilt.to_dict() == account.to_dict()
    assert rebuilt._version == 2 and rebuilt._events == []


def test_an_event_an_invariant_refuses_is_rejected_leaving_state_and_version_alone() -> None:
    account = Account.open("Ada")
    account.credit(900.0)
    with pytest.raises(ValidationError, match="must stay under 1000"):
        account.credit(200.0)
    assert account.balance == 900.0 and account._version == 1
    assert [type(event) for event in account._events] == [AccountOpened, Credited]


def test_replay_does_not_run_invariants_between_events() -> None:
    # Each event was accepted when raised; replay takes the stored history as it is.
    account = Account.open("Ada")
    over = Credited(account_id=account.id, amount=2000.0)
    over.__dict__["_metadata"] = account._events[0]._metadata
    rebuilt = replay(Account._blank(), [*account._events, over])
    assert rebuilt.balance == 2000.0 and rebuilt._version == 1


def test_an_event_without_an_apply_method_is_refused_and_not_collected() -> None:
    ledger = Domain("Bare")

    @ledger.event(part_of="Note")
    class Written:
        note_id = Identifier(required=True)

    @ledger.aggregate(event_sourced=True)
    class Note:
        text = String()

    note = Note._create_new()
    with pytest.raises(IncorrectUsageError, match="No @apply handler.*Written.*Note"):
        note.raise_(Written(note_id=note.id))
    assert note._events == [] and note._version == -1


def test_the_older_option_name_is_event_sourced_makes_an_event_sourced_aggregate() -> None:
    ledger = Domain("Older")

    @ledger.aggregate(is_event_sourced=True)
    class Note:
        text = String()

    assert Note._event_sourced
    assert Note.meta_.is_event_sourced and Note.meta_.event_sourced


def test_an_aggregate_is_state_stored_unless_it_says_otherwise() -> None:
    ledger = Domain("Plain")

    @ledger.aggregate
    class Note:
        text = String()

    assert not Note._event_sourced and not Note.meta_.is_event_sourced


def test_apply_refuses_a_method_whose_argument_is_not_an_event() -> None:
    with pytest.raises(IncorrectUsageError, match="annotated with the Event class"):
        @apply
        def applied(self, event: str) -> None:  # type: ignore[no-untyped-def]
            pass


def test_an_apply_method_naming_an_event_declared_later_is_resolved_when_used() -> None:
    ledger = Domain("Later")

    @ledger.aggregate(event_sourced=True)
    class Note:
        text = String()

        @apply
        def written(self, event: Written) -> None:  # noqa: F821 (declared below)
            self.text = event.text

    @ledger.event(part_of=Note)
    class Written:
        note_id = Identifier(required=True)
        text = String()

    globals()["Written"] = Written  # where the annotation is looked up, as in a module
    try:
        note = Note._create_new()
        note.raise_(Written(note_id=note.id, text="hello"))
        assert note.text == "hello"
    finally:
        del globals()["Written"]


def test_an_event_sourced_aggregate_still_refuses_the_options_not_built_here() -> None:
    ledger = Domain("Defaults")
    with pytest.raises(ConfigurationError, match="fact events"):
        ledger.aggregate(type("Note", (), {"text": String()}), event_sourced=True,
                         fact_events=True)


def test_an_invariant_refusal_carries_its_messages_as_protean_prints_them() -> None:
    account = Account.open("Ada")
    with pytest.raises(ValidationError) as refused:
        account.credit(5000.0)
    assert repr(refused.value.messages) == (
        "defaultdict(<class 'list'>, {'balance': ['must stay under 1000']})")


def test_an_apply_method_can_add_the_first_entity_to_a_has_many_field() -> None:
    ledger = Domain("Signing")

    @ledger.entity(part_of="Mandate")
    class Signatory:
        name = String(required=True)

    @ledger.event(part_of="Mandate")
    class Signed:
        mandate_id = Identifier(required=True)
        name = String(required=True)

    @ledger.aggregate(event_sourced=True)
    class Mandate:
        signatories = HasMany(Signatory)

        @apply
        def signed(self, event: Signed) -> None:
            self.add_signatories(Signatory(name=event.name))

    globals()["Signed"] = Signed
    try:
        mandate = Mandate._create_new()
        mandate.raise_(Signed(mandate_id=mandate.id, name="Bo"))
        rebuilt = replay(Mandate._blank(), mandate._events)
    finally:
        del globals()["Signed"]
    assert [each.name for each in mandate.signatories] == ["Bo"]
    assert [each.name for each in rebuilt.signatories] == ["Bo"]


def test_from_events_rebuilds_an_aggregate_and_refuses_an_empty_list() -> None:
    account = Account.open("Ada")
    account.credit(3.0)
    assert Account.from_events(account._events).balance == 3.0
    with pytest.raises(IncorrectUsageError, match="empty event list"):
        Account.from_events([])


def test_a_refused_atomic_change_takes_the_versions_of_its_events_with_it() -> None:
    account = Account.open("Ada")
    account.credit(100.0)
    with pytest.raises(ValidationError):
        with atomic_change(account):
            account.credit(500.0)
            account.credit(600.0)  # 1,200 at the end of the change: refused

    assert (account.balance, account._version, len(account._events)) == (100.0, 1, 2)
    account.credit(1.0)
    assert account._version == 2 == account._events[-1]._metadata.sequence - 1


nested = Domain(name="Nested")


@nested.event(part_of="Counter")
class Started:
    counter_id = Identifier(required=True)


@nested.event(part_of="Counter")
class Outer:
    counter_id = Identifier(required=True)


@nested.event(part_of="Counter")
class Inner:
    counter_id = Identifier(required=True)


@nested.aggregate(event_sourced=True)
class Counter:
    """Its Outer event's @apply raises Inner, then fails."""

    name = String()

    @apply
    def started(self, event: Started) -> None:
        self.name = "started"

    @apply
    def outer(self, event: Outer) -> None:
        self.raise_(Inner(counter_id=self.id))
        raise RuntimeError("the outer event fails after raising the inner one")

    @apply
    def inner(self, event: Inner) -> None:
        self.name = "inner"


def test_an_apply_that_raises_an_event_then_fails_keeps_neither_event_nor_version() -> None:
    counter = Counter._create_new()
    counter.raise_(Started(counter_id=counter.id))
    with pytest.raises(RuntimeError):
        counter.raise_(Outer(counter_id=counter.id))

    assert (counter._version, [type(each) for each in counter._events]) == (0, [Started])
