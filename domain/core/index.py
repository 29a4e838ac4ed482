"""Index declarations on aggregates and entities (`indexes=[Index("isbn", unique=True)]`)."""

from __future__ import annotations

from typing import Any

import attrs

from domain.core.errors import ConfigurationError, IncorrectUsageError


@attrs.frozen(init=False)
class Index:
    """An index the storage creates on an element's table, as Protean 0.18 declares one:
    one or more field names in order, an optional `name`, `unique`, and the fields of
    `desc` in descending order. `nocase` (an addition to Protean's) names text fields the
    index orders without regard to ASCII case, as a sort by `COLLATE NOCASE` reads them.
    A unique index refuses a save that would repeat its values
    (ValidationError), as a `unique` field does. Partial (`where`) and covering (`include`)
    indexes are not supported."""

    fields: tuple[str, ...]
    name: str | None = None
    unique: bool = False
    desc: tuple[str, ...] = ()
    nocase: tuple[str, ...] = ()

    def __init__(self, *fields: str, name: str | None = None, unique: bool = False,
                 desc: tuple[str, ...] | list[str] = (), where: Any = None,
                 include: Any = None, nocase: tuple[str, ...] | list[str] = ()) -> None:
        if where is not None:
            raise ConfigurationError("Index(where=...): partial indexes are not supported by "
                                     "domain.core")
        if include is not None:
            raise ConfigurationError("Index(include=...): covering indexes are not supported "
                                     "by domain.core")
        if not fields or not all(isinstance(each, str) and each for each in fields):
            raise IncorrectUsageError("Index needs one or more field names")
        if len(set(fields)) != len(fields):
            raise IncorrectUsageError(f"Index{fields}: a field is named twice")
        for option, named in (("desc", desc), ("nocase", nocase)):
            outside = [each for each in named if each not in fields]
            if outside:
                raise IncorrectUsageError(
                    f"Index{fields}: {option} names {', '.join(outside)}, not among its fields")
        self.__attrs_init__(tuple(fields), name, bool(unique), tuple(desc), tuple(nocase))


def check_indexes(indexes: object, cls_name: str, field_names: set[str]) -> tuple[Index, ...]:
    """`indexes` as given to the decorator, checked: a list of Index on `field_names`, the
    fields stored in the element's own table (not its associations)."""
    if not isinstance(indexes, list | tuple) or not all(
            isinstance(each, Index) for each in indexes):
        raise ConfigurationError(f"{cls_name}: indexes must be a list of Index")
    for index in indexes:
        unknown = [each for each in index.fields if each not in field_names]
        if unknown:
            raise ConfigurationError(
                f"{cls_name}: Index{index.fields} names {', '.join(unknown)}, which "
                f"{cls_name} does not declare as a field of its own table")
    names = [index.name for index in indexes if index.name]
    if len(set(names)) != len(names):
        raise ConfigurationError(f"{cls_name}: two indexes share a name")
    return tuple(indexes)
