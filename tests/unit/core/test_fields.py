"""What each field kind accepts, how it stores what it accepts, and what it says when it refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.core import Domain, ValidationError
from domain.core.fields import HasMany, Identifier, String, Text, one_of
from tests.unit.core.specimens import Crate, Dimensions, Part, Size, Specimen


def make(**values: Any) -> Specimen:
    return Specimen(**{"code": "AB", **values})


def refusal(**values: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        make(**values)
    return caught.value.messages


# -- String -----------------------------------------------------------------------------

def test_a_string_longer_than_max_length_is_refused_with_its_length() -> None:
    assert refusal(code="ABCDEF") == {"code": ["may be at most 5 characters long (this is 6)"]}


def test_a_string_of_exactly_max_length_is_accepted() -> None:
    assert make(code="ABCDE").code == "ABCDE"


def test_a_string_shorter_than_min_length_is_refused() -> None:
    assert refusal(code="A") == {"code": ["must be at least 2 characters long"]}


def test_a_required_string_refuses_none_as_required() -> None:
    assert refusal(code=None) == {"code": ["is required"]}


def test_a_required_string_refuses_empty_text_as_too_short_in_protean_s_words() -> None:
    crate = Domain("Crates")

    @crate.value_object
    class Label:
        text = String(required=True)
        note = Text(required=True)
        ref = Identifier(required=True)

    with pytest.raises(ValidationError) as caught:
        Label(text="", note="", ref="")

    assert caught.value.messages == dict.fromkeys(
        ("text", "note", "ref"), ["String should have at least 1 character"])


def test_a_required_string_with_a_minimum_length_refuses_empty_text_with_its_rule() -> None:
    assert refusal(code="") == {"code": ["must be at least 2 characters long"]}


def test_a_string_is_not_trimmed() -> None:
    assert make(code=" AB ", note="  x  ").note == "  x  "
    assert make(code=" AB ").code == " AB "


def test_surrounding_spaces_count_towards_max_length() -> None:
    assert "code" in refusal(code="  ABCD")


def test_an_optional_string_keeps_the_empty_string() -> None:
    assert make(note="").note == ""


def test_a_string_refuses_a_list() -> None:
    assert refusal(note=["x"]) == {"note": ["must be text, not list"]}


# -- choices ----------------------------------------------------------------------------

def test_choices_from_an_enum_accept_a_value_of_the_enum() -> None:
    assert make(size="L").size == "L"


def test_choices_from_an_enum_accept_the_member_and_store_its_value() -> None:
    assert make(size=Size.LARGE).size == "L"


def test_a_default_given_as_an_enum_member_is_stored_as_its_value() -> None:
    assert make().size == "S"


def test_a_value_outside_the_choices_is_refused_with_the_allowed_values() -> None:
    assert refusal(size="XL") == {"size": ["Input should be 'S' or 'L'"]}


def test_the_name_of_an_enum_member_is_not_one_of_its_values() -> None:
    assert "size" in refusal(size="LARGE")


def test_choices_from_a_list_accept_only_its_items() -> None:
    assert make(grade="B").grade == "B"
    assert refusal(grade="C") == {"grade": ["Input should be 'A' or 'B'"]}


def test_the_allowed_values_are_listed_in_protean_s_words() -> None:
    assert one_of(["A"]) == "'A'"
    assert one_of(["A", "B", "C"]) == "'A', 'B' or 'C'"


# -- Integer and Float ----------------------------------------------------------------

@pytest.mark.parametrize(("raw", "stored"), [(7, 7), ("7", 7), (" 42 ", 42), (3.0, 3), ("3.0", 3)])
def test_an_integer_coerces_whole_numbers_and_numeric_strings(raw: Any, stored: int) -> None:
    specimen = make(count=raw)
    assert specimen.count == stored
    assert type(specimen.count) is int


@pytest.mark.parametrize("raw", [2.5, "2.5", "abc", True, "inf", [1]])
def test_an_integer_refuses_what_is_not_a_whole_number(raw: Any) -> None:
    assert refusal(count=raw) == {"count": [f"'{raw}' is not a whole number"]}


def test_an_integer_below_min_value_is_refused() -> None:
    assert refusal(count=-1) == {"count": ["must be at least 0"]}


def test_an_integer_above_max_value_is_refused() -> None:
    assert refusal(count=101) == {"count": ["must be at most 100"]}


def test_an_integer_at_its_bounds_is_accepted() -> None:
    assert (make(count=0).count, make(count=100).count) == (0, 100)


@pytest.mark.parametrize(("raw", "stored"), [(2, 2.0), ("2.25", 2.25), (" 1e0 ", 1.0), (7.5, 7.5)])
def test_a_float_coerces_numbers_and_numeric_strings(raw: Any, stored: float) -> None:
    specimen = make(weight=raw)
    assert specimen.weight == stored
    assert type(specimen.weight) is float


@pytest.mark.parametrize("raw", ["abc", True, b"1", [1.0]])
def test_a_float_refuses_what_is_not_a_number(raw: Any) -> None:
    assert refusal(weight=raw) == {"weight": [f"'{raw}' is not a number"]}


@pytest.mark.parametrize("raw", ["nan", "inf", float("-inf")])
def test_a_float_refuses_what_is_not_finite(raw: Any) -> None:
    assert refusal(weight=raw) == {"weight": [f"'{raw}' is not a finite number"]}


def test_a_float_outside_its_bounds_is_refused() -> None:
    assert refusal(weight=0.4) == {"weight": ["must be at least 0.5"]}
    assert refusal(weight="9.6") == {"weight": ["must be at most 9.5"]}


# -- Identifier, Boolean, DateTime, Text -----------------------------------------------

def test_an_identifier_keeps_a_string() -> None:
    assert make(ref="b-17").ref == "b-17"


def test_an_identifier_turns_an_integer_into_a_string() -> None:
    assert make(ref=17).ref == "17"


@pytest.mark.parametrize("raw", [1.5, True, ["x"]])
def test_an_identifier_refuses_what_is_neither_text_nor_integer(raw: Any) -> None:
    assert refusal(ref=raw) == {"ref": [f"'{raw}' is not a valid identifier"]}


@pytest.mark.parametrize(("raw", "stored"), [(True, True), (False, False), (1, True), (0, False),
                                             ("true", True), ("False", False)])
def test_a_boolean_accepts_booleans_and_their_usual_spellings(raw: Any, stored: bool) -> None:
    assert make(fragile=raw).fragile is stored


@pytest.mark.parametrize("raw", [2, "maybe", 0.5])
def test_a_boolean_refuses_anything_else(raw: Any) -> None:
    assert refusal(fragile=raw) == {"fragile": [f"'{raw}' is not true or false"]}


def test_a_datetime_accepts_a_timezone_aware_moment() -> None:
    moment = datetime(2024, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    assert make(seen_at=moment).seen_at == moment


def test_a_datetime_parses_an_iso_string_with_a_zone() -> None:
    assert make(seen_at="2024-05-01T10:00:00+00:00").seen_at == datetime(2024, 5, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize("naive", [datetime(2024, 5, 1, 12, 0), "2024-05-01T12:00:00"])
def test_a_naive_datetime_is_refused(naive: Any) -> None:
    assert refusal(seen_at=naive) == {"seen_at": ["must include a time zone"]}


def test_a_datetime_refuses_text_that_is_no_date() -> None:
    assert refusal(seen_at="soon") == {"seen_at": ["'soon' is not an ISO 8601 date and time"]}


def test_text_has_no_length_limit() -> None:
    assert len(make(story="word " * 10_000).story) == 50_000


# -- ValueObject ------------------------------------------------------------------------

def test_a_value_object_field_keeps_an_instance() -> None:
    dimensions = Dimensions(width=3)
    assert make(dimensions=dimensions).dimensions is dimensions


def test_a_value_object_field_converts_a_dict() -> None:
    specimen = make(dimensions={"width": "4", "unit": "mm"})
    assert specimen.dimensions == Dimensions(width=4, unit="mm")


def test_a_value_object_field_reports_the_nested_field_that_failed() -> None:
    assert refusal(dimensions={"width": 0}) == {"dimensions": ["width: must be at least 1"]}


def test_a_value_object_field_refuses_another_type() -> None:
    assert refusal(dimensions=3) == {"dimensions": ["must be a Dimensions, not int"]}


# -- HasMany ----------------------------------------------------------------------------

def test_has_many_by_name_is_resolved_at_init() -> None:
    assert Specimen._fields["parts"].entity_cls is Part


def test_has_many_by_class_accepts_the_class_itself() -> None:
    crate = Crate(labels=1, contents=[Part(name="lid")])
    assert crate.contents[0].name == "lid"


def test_has_many_defaults_to_an_empty_list() -> None:
    assert make().parts == []


def test_has_many_converts_dicts_and_gives_each_child_its_own_id() -> None:
    specimen = make(parts=[{"name": "lid"}, Part(name="box")])
    assert [part.name for part in specimen.parts] == ["lid", "box"]
    assert all(isinstance(part, Part) for part in specimen.parts)
    assert len({part.id for part in specimen.parts}) == 2


def test_has_many_reports_every_bad_child_by_its_place() -> None:
    assert refusal(parts=[{"name": ""}, {"name": "ok"}, 5]) == {
        "parts": ["item 1: name: String should have at least 1 character",
                  "item 3: must be a Part"]
    }


def test_has_many_refuses_a_value_that_is_not_a_list() -> None:
    assert refusal(parts="lid") == {"parts": ["must be a list, not str"]}


def test_has_many_naming_an_unknown_class_fails_at_init() -> None:
    broken = Domain("Testing")

    @broken.aggregate
    class Box:
        items = HasMany("Nothing")

    with pytest.raises(Exception, match="Nothing"):
        broken.init()


# -- default ------------------------------------------------------------------------------

def test_a_default_value_is_used_when_nothing_is_given() -> None:
    assert make().dimensions is None
    assert Dimensions(width=1).unit == "cm"


def test_a_callable_default_is_called_for_each_new_element() -> None:
    first, second = make(), make()
    assert second.serial == first.serial + 1


def test_a_given_value_wins_over_the_default() -> None:
    assert make(serial=99).serial == 99



# -- what no field stores, and how a refusal quotes a value ---------------------------------

@pytest.mark.parametrize("surrogate", ["\ud800", "\udfff"])
def test_text_with_a_lone_surrogate_is_refused_naming_where_it_is(surrogate: str) -> None:
    assert refusal(note=f"ab{surrogate}") == {
        "note": [f"may not contain a lone surrogate (\\u{ord(surrogate):x} at character 3)"]}


def test_an_identifier_with_a_lone_surrogate_is_refused() -> None:
    assert refusal(ref="\ud800") == {
        "ref": ["may not contain a lone surrogate (\\ud800 at character 1)"]}


def test_an_identifier_longer_than_255_characters_is_refused() -> None:
    assert refusal(ref="x" * 256) == {"ref": ["may be at most 255 characters long (this is 256)"]}


def test_an_identifier_of_five_thousand_digits_is_refused_without_writing_it_out() -> None:
    assert refusal(ref=10**4999) == {
        "ref": ["may be at most 255 characters long (this is 5,000 digits)"]}


@pytest.mark.parametrize("huge", [2**63, -(2**63) - 1, 10**4999, "9" * 5000],
                         ids=["2**63", "-2**63-1", "10**4999", "5000 nines"])
def test_an_integer_sqlite_cannot_store_is_refused(huge: Any) -> None:
    assert "serial" in refusal(serial=huge)


@pytest.mark.parametrize("huge", ["9" * 5000, 10**4999], ids=["5000 nines", "10**4999"])
def test_an_integer_of_five_thousand_digits_is_refused_by_its_bound(huge: Any) -> None:
    assert refusal(count=huge) == {"count": ["must be at most 100"]}


@pytest.mark.parametrize(("huge", "digits"), [(10**400, "401"), (10**4999, "5,000"),
                                              (-(10**4999), "5,000")],
                         ids=["10**400", "10**4999", "-10**4999"])
def test_a_float_beyond_a_floats_range_is_refused_as_not_finite(huge: int, digits: str) -> None:
    (message,) = refusal(weight=huge)["weight"]
    assert message.endswith(f"(a number of {digits} digits) is not a finite number")


def test_a_refusal_writes_control_characters_of_the_value_as_escapes() -> None:
    assert refusal(count="a\x00\x1b") == {"count": ["'a\\x00\\x1b' is not a whole number"]}


@given(value=st.text(min_size=81, max_size=10_000))
def test_a_refusal_quotes_at_most_about_80_characters_of_a_long_value(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make(weight="x" + value, count="x" + value, grade="x" + value, seen_at="x" + value)
    for messages in caught.value.messages.values():
        for message in messages:
            assert len(message) <= 200
            assert ("x" + value)[:81] not in message
