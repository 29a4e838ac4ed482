"""A table of bad inputs for every field kind, and the exact keys each puts in `messages`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from domain.core import ValidationError
from tests.unit.core.specimens import Dimensions, Part, Specimen

GOOD = {"code": "AB"}

BAD_INPUTS = [
    # (field kind, bad values, the keys that must be in messages)
    ("String max_length", {"note": "x" * 11}, {"note"}),
    ("String min_length", {"code": "A"}, {"code"}),
    ("String required, None", {"code": None}, {"code"}),
    ("String required, empty", {"code": ""}, {"code"}),
    ("String wrong type", {"note": {"a": 1}}, {"note"}),
    ("String choices from an Enum", {"size": "M"}, {"size"}),
    ("String choices from a list", {"grade": "Z"}, {"grade"}),
    ("Integer non-numeric", {"count": "abc"}, {"count"}),
    ("Integer fraction", {"count": 2.5}, {"count"}),
    ("Integer min_value", {"count": -1}, {"count"}),
    ("Integer max_value", {"count": 1000}, {"count"}),
    ("Float non-numeric", {"weight": "heavy"}, {"weight"}),
    ("Float min_value", {"weight": 0.0}, {"weight"}),
    ("Float max_value", {"weight": "10"}, {"weight"}),
    ("Float not finite", {"weight": "nan"}, {"weight"}),
    ("Identifier", {"ref": 1.5}, {"ref"}),
    ("Boolean", {"fragile": "perhaps"}, {"fragile"}),
    ("DateTime naive", {"seen_at": datetime(2024, 1, 1)}, {"seen_at"}),
    ("DateTime not a date", {"seen_at": "tomorrow"}, {"seen_at"}),
    ("Text wrong type", {"story": 3.5j}, {"story"}),
    ("ValueObject bad dict", {"dimensions": {"width": "wide"}}, {"dimensions"}),
    ("ValueObject wrong type", {"dimensions": "3x4"}, {"dimensions"}),
    ("HasMany bad child", {"parts": [{"name": "x" * 11}]}, {"parts"}),
    ("HasMany not a list", {"parts": 3}, {"parts"}),
    ("all at once", {"code": "", "size": "M", "count": "abc", "weight": -1, "fragile": "?",
                     "seen_at": "2024-01-01T00:00:00", "dimensions": {}, "parts": [{}]},
     {"code", "size", "count", "weight", "fragile", "seen_at", "dimensions", "parts"}),
]


@pytest.mark.parametrize(("kind", "bad", "keys"), BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_a_bad_input_names_exactly_the_failing_fields(
    kind: str, bad: dict[str, Any], keys: set[str],
) -> None:
    with pytest.raises(ValidationError) as caught:
        Specimen(**{**GOOD, **bad})

    messages = caught.value.messages
    assert set(messages) == keys
    assert all(isinstance(texts, list) and texts for texts in messages.values())
    assert all(isinstance(text, str) and text for texts in messages.values() for text in texts)


SINGLE_FIELD = BAD_INPUTS[:-1]


@pytest.mark.parametrize(("kind", "bad", "keys"), SINGLE_FIELD, ids=[r[0] for r in SINGLE_FIELD])
def test_assigning_a_bad_value_to_an_aggregate_names_the_field_and_keeps_the_old_value(
    kind: str, bad: dict[str, Any], keys: set[str],
) -> None:
    specimen = Specimen(**GOOD)
    ((name, value),) = bad.items()
    before = getattr(specimen, name)

    with pytest.raises(ValidationError) as caught:
        setattr(specimen, name, value)

    assert set(caught.value.messages) == keys
    assert getattr(specimen, name) == before


def test_assigning_a_good_value_to_an_aggregate_stores_it_cleaned() -> None:
    specimen = Specimen(**GOOD)
    specimen.count = "12"
    assert specimen.count == 12


def test_assigning_a_bad_value_to_an_entity_raises_a_validation_error() -> None:
    part = Part(name="lid")
    with pytest.raises(ValidationError) as caught:
        part.name = ""
    assert caught.value.messages == {"name": ["String should have at least 1 character"]}
    assert part.name == "lid"


def test_a_value_object_reports_all_its_failing_fields_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        Dimensions(width=0, unit="metres")
    assert set(caught.value.messages) == {"width", "unit"}


def test_the_error_text_names_each_field_and_its_complaint() -> None:
    with pytest.raises(ValidationError, match=r"count: must be at most 100"):
        Specimen(**GOOD, count=101)
