"""What changed in a list of rows, told to whoever shows it (a Qt model, a test)."""

from __future__ import annotations

from typing import Protocol

import attrs


@attrs.frozen
class Reset:
    """Every row was replaced."""


@attrs.frozen
class Inserted:
    """`count` rows were inserted, the first of them at `first`."""

    first: int
    count: int


@attrs.frozen
class Removed:
    """`count` rows were removed, the first of them from `first`."""

    first: int
    count: int


RowChange = Reset | Inserted | Removed


class RowListener(Protocol):
    """Told about each change just before it is made and just after.

    The rows must not be changed back from these calls; asking for more rows there is
    ignored until the change is done.
    """

    def rows_changing(self, change: RowChange) -> None: ...

    def rows_changed(self, change: RowChange) -> None: ...

    def types_seen(self, types: list[str]) -> None:
        """Event types met for the first time, sorted."""


class NoListener:
    """A listener that ignores everything: the default until someone listens."""

    def rows_changing(self, change: RowChange) -> None:
        pass

    def rows_changed(self, change: RowChange) -> None:
        pass

    def types_seen(self, types: list[str]) -> None:
        pass
