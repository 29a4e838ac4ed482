"""The versions of aggregates, numbered as Protean 0.18 numbers them."""

from __future__ import annotations

from typing import Any

# Protean's numbering: -1 for an aggregate never stored, 0 once its first write is stored,
# and one more for every later write that changed something.
NEW = -1
FIRST_STORED = NEW + 1


def is_new(version: int) -> bool:
    """Whether an aggregate at `version` has never been stored (its write is an insert)."""
    return version == NEW


def after_write(version: int) -> int:
    """The version an aggregate read at `version` has once its next write is stored."""
    return version + 1


def from_write_count(writes: int) -> int:
    """The version of a row stored when this program numbered versions by the writes so
    far (schema 3 and before: 0 never stored, 1 after the first write)."""
    return writes - 1 + FIRST_STORED


def count_version(aggregate: Any) -> None:
    """Number an event-sourced aggregate's version: its events, stored and raised, less
    one (-1 before the first, 0 after it). Counted again rather than stepped, so that an
    event refused or rolled back takes its version with it. (`Any`: the aggregate is a
    built element; elements.py imports this module.)"""
    values = aggregate.__dict__
    values["_version"] = values["_sequence"] + len(values["_events"]) - 1
