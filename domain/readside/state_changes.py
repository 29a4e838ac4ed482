"""Which fields of an aggregate's state changed between two versions, to the nested leaf."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import attrs

# A field's place in a state: names and list indexes, outermost first ("items", 0, "quantity").
Path = tuple[str | int, ...]


def changed_paths(before: object, after: object) -> tuple[Path, ...]:
    """The paths whose values differ, outermost first and in the state's order.

    Mappings are compared key by key and lists item by item, so a changed quantity in an
    order's second line is `("items", 1, "quantity")`, not the whole list; a key or an
    item only one side has is changed as a whole.
    """
    found: list[Path] = []
    _compare(before, after, (), found)
    return tuple(found)


def _compare(before: object, after: object, path: Path, found: list[Path]) -> None:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key in [*before, *(key for key in after if key not in before)]:
            if key not in before or key not in after:
                found.append((*path, key))
            else:
                _compare(before[key], after[key], (*path, key), found)
    elif _is_list(before) and _is_list(after):
        assert isinstance(before, Sequence) and isinstance(after, Sequence)
        for index in range(max(len(before), len(after))):
            if index >= len(before) or index >= len(after):
                found.append((*path, index))
            else:
                _compare(before[index], after[index], (*path, index), found)
    elif before != after:
        found.append(path)


def leaves(state: object, path: Path = ()) -> list[tuple[Path, object]]:
    """Every leaf value of `state` with its path, in the state's order; an empty mapping
    or list is a leaf of its own (it has no other to show it)."""
    if isinstance(state, Mapping) and state:
        return [leaf for key, value in state.items() for leaf in leaves(value, (*path, key))]
    if _is_list(state) and state:
        assert isinstance(state, Sequence)
        return [leaf for index, value in enumerate(state) for leaf in leaves(value, (*path, index))]
    return [(path, state)]


def value_at(state: object, path: Path) -> tuple[bool, object]:
    """Whether `state` has `path`, and the value there (None when it has not)."""
    for part in path:
        if isinstance(part, int) and isinstance(state, list | tuple) and part < len(state):
            state = state[part]
        elif isinstance(part, str) and isinstance(state, Mapping) and part in state:
            state = state[part]
        else:
            return False, None
    return True, state


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple)


def path_text(path: Path) -> str:
    """`("items", 1, "unit_price", "amount")` as `items[1].unit_price.amount`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def within(path: Path, changed: Sequence[Path]) -> bool:
    """Whether `path` changed, or holds a changed path (a list whose item changed), or
    lies inside one (a field of an item added as a whole)."""
    return any(path[:len(each)] == each or each[:len(path)] == path for each in changed)


@attrs.frozen
class FieldValue:
    """A field's value on one side of a comparison; `found` is False where that side has
    no such field (added or removed, or no state at all)."""

    found: bool
    value: object

    def text(self, missing: str = "", quote_strings: bool = True) -> str:
        """The value as JSON text (a string unquoted unless `quote_strings`), `missing`
        where the side has none."""
        if not self.found:
            return missing
        if isinstance(self.value, str) and not quote_strings:
            return self.value
        return json.dumps(self.value, ensure_ascii=False)


@attrs.frozen
class ComparedField:
    """One leaf of two states side by side, and whether this write changed it."""

    path: Path
    before: FieldValue
    after: FieldValue
    changed: bool


def compared_fields(before: object, after: object,
                    changed: Sequence[Path]) -> list[ComparedField]:
    """Every leaf path of either state (the before's first, in its order), with its value
    on each side, marked when it is `within` a changed path."""
    paths = dict.fromkeys(path for state in (before, after) for path, _ in leaves(state) if path)
    return [ComparedField(path, FieldValue(*value_at(before, path)),
                          FieldValue(*value_at(after, path)), within(path, changed))
            for path in paths]
