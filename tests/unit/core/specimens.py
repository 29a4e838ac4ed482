"""Elements with one field of every kind, for the field-semantics tests (no storage needed)."""

from __future__ import annotations

from enum import Enum

from domain.core import Domain
from domain.core.fields import (
    Boolean,
    DateTime,
    Float,
    HasMany,
    Identifier,
    Integer,
    String,
    Text,
    ValueObject,
)

specimens = Domain("Testing")


class Size(Enum):
    SMALL = "S"
    LARGE = "L"


def next_serial() -> int:
    next_serial.count += 1  # type: ignore[attr-defined]
    return next_serial.count  # type: ignore[attr-defined]


next_serial.count = 0  # type: ignore[attr-defined]


@specimens.value_object
class Dimensions:
    width = Integer(required=True, min_value=1)
    unit = String(max_length=2, default="cm")


@specimens.aggregate
class Specimen:
    code = String(max_length=5, min_length=2, required=True)
    note = String(max_length=10)
    size = String(choices=Size, default=Size.SMALL)
    grade = String(choices=["A", "B"])
    count = Integer(min_value=0, max_value=100)
    weight = Float(min_value=0.5, max_value=9.5)
    ref = Identifier()
    fragile = Boolean()
    seen_at = DateTime()
    story = Text()
    dimensions = ValueObject(Dimensions)
    parts = HasMany("Part")
    serial = Integer(default=next_serial)


@specimens.entity(part_of=Specimen)
class Part:
    name = String(max_length=10, required=True)


@specimens.aggregate
class Crate:
    contents = HasMany(Part)
    labels = Integer(required=True)


@specimens.aggregate
class Span:
    """A rule across two fields, from the element's own clean()."""

    low = Integer(required=True)
    high = Integer(required=True)

    def clean(self) -> dict[str, list[str]]:
        return {"high": ["must not be below low"]} if self.high < self.low else {}


specimens.init()
