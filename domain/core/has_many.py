"""The helpers a HasMany field gives its element: add_<field>, remove_<field>, filter_<field>,
get_one_from_<field>."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.core.errors import (
    IncorrectUsageError,
    ObjectNotFoundError,
    TooManyObjectsError,
    ValidationError,
)
from domain.core.fields import HasMany

# Why `Any` here: the helpers work on built elements (elements.py), whose fields are
# attributes no type checker knows.


def install(cls: Any) -> None:
    """Give `cls` the four helpers of each of its HasMany fields, unless it defines one itself."""
    for name, field in cls._fields.items():
        if not isinstance(field, HasMany):
            continue
        helpers: dict[str, Callable[..., Any]] = {
            f"add_{name}": _adder(name), f"remove_{name}": _remover(name),
            f"filter_{name}": _filterer(name), f"get_one_from_{name}": _getter(name),
        }
        for helper_name, helper in helpers.items():
            if not hasattr(cls, helper_name):
                helper.__name__ = helper.__qualname__ = helper_name
                setattr(cls, helper_name, helper)


def _as_list(items: object) -> list[object]:
    return list(items) if isinstance(items, list | tuple) else [items]


def _adder(name: str) -> Callable[[Any, object], None]:
    def add(self: Any, items: object) -> None:
        """Add one entity or a list of them; one whose id is already held replaces it where
        it stands. The change is an assignment: the field's rules and the invariants hold."""
        current = list(getattr(self, name))
        places = {getattr(child, "id", None): index for index, child in enumerate(current)}
        for item in _as_list(items):
            index = places.get(getattr(item, "id", None)) if not isinstance(item, dict) else None
            if index is None:
                current.append(item)  # a dict or a wrong kind is refused by the field's rules
            else:
                current[index] = item
        setattr(self, name, current)

    return add


def _remover(name: str) -> Callable[[Any, object], None]:
    def remove(self: Any, items: object) -> None:
        """Remove one entity or a list of them (by id); one not held is passed over."""
        cls = type(self)._fields[name].entity_cls
        doomed: list[Any] = _as_list(items)
        wrong = [item for item in doomed if not isinstance(item, cls)]
        if wrong:
            raise ValidationError({name: [f"can only remove a {cls.__name__}, not "
                                          f"{type(item).__name__}" for item in wrong]})
        ids = {item.id for item in doomed}
        setattr(self, name, [child for child in getattr(self, name) if child.id not in ids])

    return remove


def _matching(element: Any, name: str, criteria: dict[str, object]) -> list[Any]:
    """The entities of `element`'s `name` whose attributes equal all of `criteria`, in order."""
    cls = type(element)._fields[name].entity_cls
    unknown = [key for key in criteria if key not in cls._fields and not hasattr(cls, key)]
    if unknown:
        raise IncorrectUsageError(
            f"{cls.__name__} has no attribute {', '.join(map(repr, unknown))} to filter "
            f"{name} by")
    return [child for child in getattr(element, name)
            if all(getattr(child, key) == value for key, value in criteria.items())]


def _filterer(name: str) -> Callable[..., list[Any]]:
    def filter_(self: Any, **criteria: object) -> list[Any]:
        """The entities whose attributes equal every one of `criteria`, in order."""
        return _matching(self, name, criteria)

    return filter_


def _getter(name: str) -> Callable[..., Any]:
    def get_one_from(self: Any, **criteria: object) -> Any:
        """The one entity matching `criteria`: ObjectNotFoundError if none does,
        TooManyObjectsError if several do."""
        found = _matching(self, name, criteria)
        if len(found) == 1:
            return found[0]
        asked = ", ".join(f"{key}={value!r}" for key, value in criteria.items())
        if not found:
            raise ObjectNotFoundError(f"no entity in {name} matches {asked}")
        raise TooManyObjectsError(f"{len(found)} entities in {name} match {asked}")

    return get_one_from
