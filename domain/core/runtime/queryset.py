"""Repository queries as Protean chains them: filter, exclude, order, window, then results."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import attrs

from domain.core.elements import BaseElement
from domain.core.errors import ObjectNotFoundError, TooManyObjectsError, ValidationError
from domain.core.storage.port import AggregateRows, ProjectionRecords
from domain.core.storage.query import AggregateQuery, Criterion, conditions, orderings

# As Protean's aggregates (their `limit` option): all() returns at most this many items
# unless limit() says otherwise; limit(None) returns them all. `total` counts every match.
DEFAULT_LIMIT = 100


class ResultSet:
    """One page of matching aggregates (`items`) and how many match in all (`total`)."""

    def __init__(self, offset: int, limit: int | None, total: int,
                 items: list[Any]) -> None:
        self.offset = offset
        self.limit = limit
        self.total = total
        self.items = items

    @property
    def first(self) -> Any | None:
        return self.items[0] if self.items else None

    @property
    def last(self) -> Any | None:
        return self.items[-1] if self.items else None

    @property
    def has_prev(self) -> bool:
        return bool(self.items) and self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.limit is not None and self.offset + self.limit < self.total

    @property
    def page(self) -> int:
        """The page these items are, counted from 1 (1 when there is no limit)."""
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def page_size(self) -> int | None:
        return self.limit

    @property
    def total_pages(self) -> int:
        if self.total == 0:
            return 0
        return math.ceil(self.total / self.limit) if self.limit else 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"<ResultSet: {len(self.items)} items>"

    def to_dict(self) -> dict[str, object]:
        return {"offset": self.offset, "limit": self.limit, "total": self.total,
                "page": self.page, "page_size": self.page_size,
                "total_pages": self.total_pages, "has_next": self.has_next,
                "has_prev": self.has_prev, "items": self.items}


def _window_value(name: str, value: object, allow_none: bool) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        also = ", or None" if allow_none else ""
        raise ValidationError({name: [f"must be a whole number of 0 or more{also}, "
                                      f"not {value!r}"]})
    return value


class QuerySet:
    """A query on one aggregate class, built call by call; each call returns a new QuerySet
    and nothing is read until all() (or a result property) runs it."""

    def __init__(self, aggregate_cls: type[BaseElement], rows: AggregateRows | ProjectionRecords,
                 query: AggregateQuery | None = None) -> None:
        """`aggregate_cls`: an aggregate, or a `@domain.projection` class with its records."""
        self._cls = aggregate_cls
        self._rows = rows
        self._query = query or AggregateQuery(limit=DEFAULT_LIMIT)
        self._results: ResultSet | None = None

    def _with(self, **changes: Any) -> QuerySet:
        return QuerySet(self._cls, self._rows, attrs.evolve(self._query, **changes))

    def _criterion(self, lookups: dict[str, object], negated: bool) -> QuerySet:
        criterion = Criterion(conditions(self._cls, self._cls._fields, lookups), negated)
        return self._with(criteria=(*self._query.criteria, criterion))

    def filter(self, **lookups: object) -> QuerySet:
        """Only the aggregates matching every `field__lookup=value` (and the earlier ones)."""
        return self._criterion(lookups, negated=False)

    def exclude(self, **lookups: object) -> QuerySet:
        """Leave out the aggregates matching every one of `lookups` together."""
        return self._criterion(lookups, negated=True)

    def order_by(self, order_by: str | list[str] | tuple[str, ...]) -> QuerySet:
        """Order by these fields ("-field": descending), after the ones already given."""
        names = (order_by,) if isinstance(order_by, str) else tuple(order_by)
        added = [ordering for ordering in orderings(self._cls, self._cls._fields, names)
                 if ordering not in self._query.order]
        return self._with(order=(*self._query.order, *added))

    def limit(self, limit: int | None) -> QuerySet:
        """At most `limit` items (None: all of them)."""
        return self._with(limit=_window_value("limit", limit, allow_none=True))

    def offset(self, offset: int) -> QuerySet:
        """Skip the first `offset` matches."""
        return self._with(offset=_window_value("offset", offset, allow_none=False))

    def all(self, with_total: bool = True) -> ResultSet:
        """Run the query: the window of matching aggregates, and the count of all matches
        (without `with_total`, not counted: `total` is then the number of items)."""
        query = self._query
        items = self._rows.select(query)
        total = self._rows.count(query) if with_total else len(items)
        self._results = ResultSet(query.offset, query.limit, total, items)
        return self._results

    def only(self, **lookups: object) -> Any:
        """The one element matching `lookups` (`find_by`): ObjectNotFoundError when none
        does, TooManyObjectsError when several do."""
        # Two are enough to tell "several" from "one", and no more are read.
        found = self.filter(**lookups).limit(2).all(with_total=False).items
        described = ", ".join(f"{key}={value!r}" for key, value in lookups.items())
        name = self._cls.__name__
        if not found:
            raise ObjectNotFoundError(f"no {name} is stored with {described}")
        if len(found) > 1:
            raise TooManyObjectsError(f"more than one {name} is stored with {described}")
        return found[0]

    def count(self) -> int:
        """How many aggregates match, the window aside; none is read."""
        return self._rows.count(self._query)

    def _data(self) -> ResultSet:
        return self._results if self._results is not None else self.all()

    @property
    def items(self) -> list[Any]:
        return self._data().items

    @property
    def total(self) -> int:
        return self._data().total

    @property
    def first(self) -> Any | None:
        return self._data().first

    @property
    def last(self) -> Any | None:
        return self._data().last

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data())

    def __len__(self) -> int:
        return self._data().total  # as Protean: every match, not the window's size

    def __bool__(self) -> bool:
        return bool(self._data())

    def __getitem__(self, index: int | slice) -> Any:
        return self._data().items[index]

    def __repr__(self) -> str:
        return f"<QuerySet of {self._cls.__name__}: {self._query}>"
