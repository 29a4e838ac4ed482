"""A domain service's invariants run around each of its public methods, as Protean runs them."""

from __future__ import annotations

from typing import Any

import pytest

from domain.core import Domain, ValidationError, invariant
from domain.core.fields import Integer, String

warehouse = Domain(name="Warehouse")
calls: list[str] = []


@warehouse.aggregate
class Parcel:
    weight = Integer(required=True)
    status = String(default="WAITING")


@warehouse.aggregate
class Van:
    capacity = Integer(required=True)


@warehouse.domain_service(part_of=[Parcel, Van])
class Loading:
    def __init__(self, parcel: Any, van: Any) -> None:
        super().__init__(parcel, van)
        self.parcel, self.van = parcel, van

    @invariant.pre
    def parcel_fits(self) -> None:
        calls.append("parcel_fits")
        if self.parcel.weight > self.van.capacity:
            raise ValidationError({"_service": ["The parcel is too heavy for the van"]})

    @invariant.pre
    def parcel_waits(self) -> None:
        calls.append("parcel_waits")
        if self.parcel.status != "WAITING":
            raise ValidationError({"_service": ["The parcel is not waiting"]})

    @invariant.post
    def parcel_is_loaded(self) -> None:
        calls.append("parcel_is_loaded")
        if self.parcel.status != "LOADED":
            raise ValidationError({"status": ["The parcel was not loaded"]})

    def __call__(self) -> str:
        return self.load()

    def load(self) -> str:
        calls.append("load")
        self.parcel.status = "LOADED"
        return self.parcel.status

    def forget(self) -> None:
        calls.append("forget")

    def _helper(self) -> str:
        calls.append("_helper")
        return "private"

    @staticmethod
    def describe(text: str) -> str:
        return f"loading {text}"


warehouse.init()


@pytest.fixture(autouse=True)
def no_calls_yet() -> None:
    calls.clear()


def test_a_public_method_runs_between_the_pre_and_the_post_invariants() -> None:
    assert Loading(Parcel(weight=3), Van(capacity=5)).load() == "LOADED"

    assert calls == ["parcel_fits", "parcel_waits", "load", "parcel_is_loaded"]


def test_calling_the_service_runs_its_invariants_too() -> None:
    parcel = Parcel(weight=3)

    Loading(parcel, Van(capacity=5))()

    assert parcel.status == "LOADED"
    assert calls[:2] == ["parcel_fits", "parcel_waits"] and calls[-1] == "parcel_is_loaded"


def test_every_failing_pre_invariant_is_reported_at_once_and_the_method_does_not_run() -> None:
    parcel = Parcel(weight=9, status="GONE")

    with pytest.raises(ValidationError) as refused:
        Loading(parcel, Van(capacity=5)).load()

    assert refused.value.messages == {"_service": ["The parcel is too heavy for the van",
                                                   "The parcel is not waiting"]}
    assert "load" not in calls and parcel.status == "GONE"


def test_a_failing_post_invariant_refuses_what_the_method_did() -> None:
    with pytest.raises(ValidationError) as refused:
        Loading(Parcel(weight=3), Van(capacity=5)).forget()

    assert refused.value.messages == {"status": ["The parcel was not loaded"]}
    assert calls[-2:] == ["forget", "parcel_is_loaded"]


def test_its_messages_are_a_plain_dict_as_protean_s_domain_services_give() -> None:
    with pytest.raises(ValidationError) as refused:
        Loading(Parcel(weight=9), Van(capacity=5)).load()

    assert type(refused.value.messages) is dict


def test_private_methods_static_methods_and_the_rules_themselves_run_unchecked() -> None:
    service = Loading(Parcel(weight=9), Van(capacity=5))

    assert service._helper() == "private"
    assert Loading.describe("a parcel") == "loading a parcel"
    with pytest.raises(ValidationError):
        service.parcel_fits()  # the rule itself, run once, not around itself

    assert calls == ["_helper", "parcel_fits"]


def test_a_subclass_declared_as_a_service_runs_its_own_invariants_with_its_base_s() -> None:
    @warehouse.domain_service(part_of=[Parcel, Van])
    class CarefulLoading(Loading):
        @invariant.pre
        def van_has_room(self) -> None:
            calls.append("van_has_room")

    CarefulLoading(Parcel(weight=3), Van(capacity=5)).load()

    assert calls == ["parcel_fits", "parcel_waits", "van_has_room", "load", "parcel_is_loaded"]


def test_a_service_without_invariants_only_runs_its_methods() -> None:
    @warehouse.domain_service(part_of=[Parcel, Van])
    class Weighing:
        def total(self) -> int:
            parcel, van = self._aggregates  # type: ignore[attr-defined]
            return int(parcel.weight + van.capacity)

    assert Weighing(Parcel(weight=3), Van(capacity=5)).total() == 8
