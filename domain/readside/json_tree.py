"""JSON data as a tree of nodes, each with its kind and, where it names something, a link."""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

Path = tuple[str | int, ...]


class Kind(StrEnum):
    """A JSON value's kind, which the tree colors it by."""

    OBJECT = "object"
    ARRAY = "array"
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    NULL = "null"


class Link(StrEnum):
    """What a value names, where following it leads: the trace of a message id, or the
    events of a stream."""

    TRACE = "trace"
    STREAM = "stream"


def kind_of(value: Any) -> Kind:
    if isinstance(value, dict):
        return Kind.OBJECT
    if isinstance(value, list):
        return Kind.ARRAY
    if isinstance(value, str):
        return Kind.STRING
    if isinstance(value, bool):  # before numbers: a bool is an int to Python
        return Kind.BOOLEAN
    if value is None:
        return Kind.NULL
    return Kind.NUMBER


class JsonNode:
    """One member of an object or item of an array (the root: the whole value), with its
    parent and its place among its siblings, as a tree view asks for them."""

    __slots__ = ("children", "key", "kind", "link", "parent", "path", "row", "value")

    def __init__(self, key: str | int | None, value: Any, parent: JsonNode | None,
                 row: int, links: Mapping[Path, Link]) -> None:
        self.key = key
        self.value = value
        self.parent = parent
        self.row = row
        self.path: Path = (*parent.path, key) if parent is not None and key is not None else ()
        self.kind = kind_of(value)
        # Only a text names something: a missing causation id (null) leads nowhere.
        self.link = links.get(self.path) if self.kind is Kind.STRING and value else None
        members = value.items() if isinstance(value, dict) else enumerate(value) \
            if isinstance(value, list) else ()
        self.children = [JsonNode(name, each, self, place, links)
                         for place, (name, each) in enumerate(members)]

    @property
    def key_text(self) -> str:
        """A member's name, or an item's place as `[0]`."""
        return f"[{self.key}]" if isinstance(self.key, int) else str(self.key or "")

    @property
    def value_text(self) -> str:
        """The value in one line: JSON for a leaf (a linked text without its quotes), a
        count for an object or array."""
        if self.kind is Kind.OBJECT:
            return f"{{{len(self.children)} fields}}" if len(self.children) != 1 \
                else "{1 field}"
        if self.kind is Kind.ARRAY:
            return f"[{len(self.children)} items]" if len(self.children) != 1 else "[1 item]"
        if self.link is not None:
            return str(self.value)
        return json_text(self.value, indent=None)


def json_tree(value: Any, links: Mapping[Path, Link] | None = None) -> JsonNode:
    """The tree of `value`; `links` says which paths (keys and places from the root) name
    something to follow."""
    return JsonNode(None, value, None, 0, links or {})


def value_at(value: Any, path: Path) -> Any:
    """The member of `value` at `path` (a JsonNode's): the same place in another document
    of the same shape, as the stored event beside the one shown."""
    for key in path:
        value = value[key]
    return value


def json_text(value: Any, indent: int | None = 2) -> str:
    """JSON as the window writes it: readable, non-ASCII letters as they are."""
    return json.dumps(value, indent=indent, ensure_ascii=False)

