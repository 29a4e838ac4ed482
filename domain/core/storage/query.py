"""A query on one aggregate class's rows, described for any backend to compile."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from domain.core.errors import ConfigurationError
from domain.core.fields import Field, HasMany

# The lookups every backend compiles, as `field__lookup=value`; a bare field is `exact`.
LOOKUPS = ("exact", "iexact", "contains", "icontains", "gt", "gte", "lt", "lte", "in")
# Protean's other lookups: named so that using one says it is not supported, not unknown.
UNSUPPORTED_LOOKUPS = ("startswith", "endswith", "isnull", "any", "overlap")


@attrs.frozen
class Condition:
    """One `field__lookup=value` of a filter or an exclude."""

    field: str
    lookup: str
    value: object


@attrs.frozen
class Criterion:
    """The conditions of one filter() (all must hold) or one exclude() (not all may hold)."""

    conditions: tuple[Condition, ...]
    negated: bool = False


@attrs.frozen
class Ordering:
    field: str
    descending: bool = False


@attrs.frozen
class AggregateQuery:
    """Which aggregates to read: every criterion holds, in `order` (then as stored), the
    `limit` (None: all) after the first `offset`."""

    criteria: tuple[Criterion, ...] = ()
    order: tuple[Ordering, ...] = ()
    offset: int = 0
    limit: int | None = None


def queryable_field(cls: type, name: str, fields: Mapping[str, Field]) -> Field:
    """The field `name` of `cls` if its value is a column a query can compare; otherwise
    ConfigurationError saying why."""
    field = fields.get(name)
    if field is None:
        known = ", ".join(fields) or "none"
        raise ConfigurationError(f"{cls.__name__} has no field {name!r} to query "
                                 f"(its fields: {known})")
    # Entities and structured values are stored beside the column values (child rows, one
    # JSON text): comparing them would need a per-backend JSON query, which is not built.
    if isinstance(field, HasMany) or field.stored_as_json:
        raise ConfigurationError(
            f"querying {cls.__name__}.{name} is not supported: a {type(field).__name__} field "
            "is not stored as a column of its own; query a field of text, number, "
            "boolean or date instead")
    return field


def conditions(cls: type, fields: Mapping[str, Field], lookups: Mapping[str, object]
               ) -> tuple[Condition, ...]:
    """`field__lookup=value` arguments as conditions, each field and lookup checked."""
    parsed = []
    for key, value in lookups.items():
        name, _, lookup = key.partition("__")
        lookup = lookup or "exact"
        queryable_field(cls, name, fields)
        if lookup not in LOOKUPS:
            supported = ", ".join(LOOKUPS)
            problem = (f"the lookup {lookup!r} is not supported"
                       if lookup in UNSUPPORTED_LOOKUPS else f"{lookup!r} is not a lookup")
            raise ConfigurationError(f"{key}: {problem} (supported: {supported})")
        parsed.append(Condition(name, lookup, value))
    return tuple(parsed)


def orderings(cls: type, fields: Mapping[str, Field], names: tuple[str, ...]
              ) -> tuple[Ordering, ...]:
    """`"field"` (ascending) and `"-field"` (descending) as orderings, each field checked."""
    parsed = []
    for name in names:
        if not isinstance(name, str):
            raise ConfigurationError(f"order_by takes field names, not {name!r}")
        descending = name.startswith("-")
        field = name[1:] if descending else name
        queryable_field(cls, field, fields)
        parsed.append(Ordering(field, descending))
    return tuple(parsed)
