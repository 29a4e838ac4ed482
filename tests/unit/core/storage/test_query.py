"""A query names fields that are columns and lookups every backend compiles, or is refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.core import ConfigurationError
from domain.core.runtime.queryset import QuerySet
from domain.core.storage.query import Condition, Ordering, conditions, orderings
from tests.unit.core.catalogue import Book, opened


@pytest.fixture
def books(tmp_path: Path) -> Iterator[QuerySet]:
    with opened(tmp_path) as domain:
        yield domain.repository_for(Book).query


def test_a_bare_field_is_an_exact_condition_and_a_suffix_names_the_lookup() -> None:
    assert conditions(Book, Book._fields, {"title": "Emma", "pages__gte": 3}) == (
        Condition("title", "exact", "Emma"), Condition("pages", "gte", 3))


def test_a_minus_sign_orders_descending() -> None:
    assert orderings(Book, Book._fields, ("-pages", "title")) == (
        Ordering("pages", descending=True), Ordering("title"))


def test_an_unknown_field_is_refused_naming_the_fields_there_are(books: QuerySet) -> None:
    with pytest.raises(ConfigurationError,
                       match="Book has no field 'titel' to query .its fields: id, title"):
        books.filter(titel="Emma")
    with pytest.raises(ConfigurationError, match="Book has no field 'rating'"):
        books.order_by("-rating")
    with pytest.raises(ConfigurationError, match="Book has no field 'rating'"):
        books.exclude(rating__gt=3)


@pytest.mark.parametrize("name, kind", [("cover", "ValueObject"), ("chapters", "HasMany"),
                                        ("tags", "List")])
def test_a_field_not_stored_as_a_column_is_refused_naming_the_feature(
        books: QuerySet, name: str, kind: str) -> None:
    expected = (f"querying Book.{name} is not supported: a {kind} field is not stored as a "
                "column of its own")
    with pytest.raises(ConfigurationError, match=expected):
        books.filter(**{name: None})
    with pytest.raises(ConfigurationError, match=expected):
        books.order_by(name)


def test_a_nested_lookup_through_a_value_object_is_refused(books: QuerySet) -> None:
    with pytest.raises(ConfigurationError, match="querying Book.cover is not supported"):
        books.filter(cover__colour="red")


def test_an_unknown_lookup_is_refused_listing_the_supported_ones(books: QuerySet) -> None:
    with pytest.raises(ConfigurationError,
                       match="title__like: 'like' is not a lookup .supported: "
                             "exact, iexact, contains, icontains, gt, gte, lt, lte, in."):
        books.filter(title__like="E%")


@pytest.mark.parametrize("lookup", ["startswith", "endswith", "isnull", "any", "overlap"])
def test_protean_lookups_not_built_are_refused_as_not_supported(books: QuerySet,
                                                                lookup: str) -> None:
    with pytest.raises(ConfigurationError, match=f"the lookup '{lookup}' is not supported"):
        books.filter(**{f"title__{lookup}": "E"})


def test_order_by_takes_names_only(books: QuerySet) -> None:
    with pytest.raises(ConfigurationError, match="order_by takes field names, not 3"):
        books.order_by([3])  # type: ignore[list-item]

