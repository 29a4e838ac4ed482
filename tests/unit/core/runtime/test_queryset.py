"""repository.query: each lookup, their combinations, exclude, order, window and results."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

import pytest

from domain.core import ValidationError
from domain.core.runtime.queryset import DEFAULT_LIMIT, QuerySet
from tests.unit.core.catalogue import Book, Chapter, Cover, catalogue, opened, shelve
from tests.unit.core.conftest import BACKENDS, fresh_store


@pytest.fixture(params=BACKENDS)
def books(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[QuerySet]:
    """Five books on the shelf, in this order; the query on them (on either backend)."""
    with opened(tmp_path, fresh_store(request, tmp_path, "catalogue.db")) as domain:
        shelve(
            domain,
            Book(title="Dune", author="Frank Herbert", pages=412, price=9.5,
                 published=datetime(1965, 8, 1, tzinfo=UTC)),
            Book(title="Emma", author="Jane Austen", pages=474, price=7.0, in_print=False,
                 published=datetime(1815, 12, 23, tzinfo=UTC)),
            Book(title="Persuasion", author="Jane Austen", pages=249, price=6.5,
                 published=datetime(1817, 12, 20, tzinfo=UTC)),
            Book(title="Été 85", author=None, pages=190, price=12.0),
            Book(title="100%_sure", author="A. N. Other", pages=12, price=1.0,
                 cover=Cover(colour="red"), chapters=[Chapter(heading="Only")]),
        )
        yield domain.repository_for(Book).query


def titles(query: QuerySet) -> list[str]:
    return [book.title for book in query.all().items]


def test_all_returns_every_book_in_the_order_stored(books: QuerySet) -> None:
    assert titles(books) == ["Dune", "Emma", "Persuasion", "Été 85", "100%_sure"]


def test_a_bare_field_matches_exactly(books: QuerySet) -> None:
    assert titles(books.filter(author="Jane Austen")) == ["Emma", "Persuasion"]
    assert titles(books.filter(author__exact="jane austen")) == []


def test_exact_none_matches_a_missing_value(books: QuerySet) -> None:
    assert titles(books.filter(author=None)) == ["Été 85"]


def test_iexact_matches_whatever_the_case_ascii_or_not(books: QuerySet) -> None:
    assert titles(books.filter(author__iexact="JANE austen")) == ["Emma", "Persuasion"]
    assert titles(books.filter(title__iexact="été 85")) == ["Été 85"]
    assert titles(books.filter(title__iexact="Jane")) == []


def test_a_text_that_folds_to_other_letters_matches_itself(books: QuerySet) -> None:
    shelve(catalogue, Book(title="Straße", author="Σίσυφος", pages=1, price=1.0))

    assert titles(books.filter(title__iexact="Straße")) == ["Straße"]
    assert titles(books.filter(author__icontains="Σίσυφος")) == ["Straße"]


def test_contains_matches_a_part_with_its_case(books: QuerySet) -> None:
    assert titles(books.filter(author__contains="Aus")) == ["Emma", "Persuasion"]
    assert titles(books.filter(author__contains="aus")) == []


def test_icontains_matches_a_part_whatever_the_case(books: QuerySet) -> None:
    assert titles(books.filter(author__icontains="AUS")) == ["Emma", "Persuasion"]
    assert titles(books.filter(title__icontains="ÉTÉ")) == ["Été 85"]


def test_percent_and_underscore_are_characters_not_wildcards(books: QuerySet) -> None:
    assert titles(books.filter(title__icontains="0%_S")) == ["100%_sure"]
    assert titles(books.filter(title__icontains="%")) == ["100%_sure"]
    assert titles(books.filter(title__iexact="100__sure")) == []
    assert titles(books.filter(title__contains="_")) == ["100%_sure"]


def test_gt_gte_lt_lte_compare_numbers(books: QuerySet) -> None:
    assert titles(books.filter(pages__gt=412)) == ["Emma"]
    assert titles(books.filter(pages__gte=412)) == ["Dune", "Emma"]
    assert titles(books.filter(price__lt=6.5)) == ["100%_sure"]
    assert titles(books.filter(price__lte=6.5)) == ["Persuasion", "100%_sure"]


def test_comparisons_compare_text_and_dates_too(books: QuerySet) -> None:
    assert titles(books.filter(title__gt="E")) == ["Emma", "Persuasion", "Été 85"]
    assert titles(books.filter(published__lt=datetime(1900, 1, 1, tzinfo=UTC))) == [
        "Emma", "Persuasion"]


def test_a_numeric_string_compares_as_the_number(books: QuerySet) -> None:
    assert titles(books.filter(pages__gt="412")) == ["Emma"]


def test_booleans_and_enum_members_compare_as_stored(books: QuerySet) -> None:
    class Shade(Enum):
        RED = "red"

    assert titles(books.filter(in_print=False)) == ["Emma"]
    assert titles(books.filter(in_print=True, pages__lt=200)) == ["Été 85", "100%_sure"]
    assert titles(books.filter(title__in=[Shade.RED, "Emma"])) == ["Emma"]


def test_in_matches_any_of_the_values_none_included(books: QuerySet) -> None:
    assert titles(books.filter(pages__in=[12, 249, 999])) == ["Persuasion", "100%_sure"]
    assert titles(books.filter(author__in=("Frank Herbert", None))) == ["Dune", "Été 85"]
    assert titles(books.filter(pages__in=[])) == []


def test_several_lookups_and_chained_filters_must_all_hold(books: QuerySet) -> None:
    assert titles(books.filter(author="Jane Austen", pages__gt=300)) == ["Emma"]
    assert titles(books.filter(author="Jane Austen").filter(price__gt=7)) == []
    assert titles(books.filter(pages__gt=100).filter(pages__lt=300)) == [
        "Persuasion", "Été 85"]


def test_exclude_leaves_out_what_matches_all_its_lookups_together(books: QuerySet) -> None:
    assert titles(books.exclude(author="Jane Austen")) == ["Dune", "Été 85", "100%_sure"]
    assert titles(books.exclude(author="Jane Austen", pages__gt=300)) == [
        "Dune", "Persuasion", "Été 85", "100%_sure"]
    assert titles(books.exclude(pages__lt=200).exclude(title="Dune")) == ["Emma",
                                                                         "Persuasion"]


def test_exclude_keeps_a_book_whose_field_is_missing(books: QuerySet) -> None:
    assert "Été 85" in titles(books.exclude(author__contains="Austen"))
    assert titles(books.exclude(author=None)) == ["Dune", "Emma", "Persuasion", "100%_sure"]


def test_filter_and_exclude_combine(books: QuerySet) -> None:
    assert titles(books.filter(price__lt=10).exclude(author__icontains="austen")) == [
        "Dune", "100%_sure"]


def test_order_by_ascending_and_descending(books: QuerySet) -> None:
    assert titles(books.order_by("pages")) == ["100%_sure", "Été 85", "Persuasion", "Dune",
                                               "Emma"]
    assert titles(books.order_by("-price")) == ["Été 85", "Dune", "Emma", "Persuasion",
                                                "100%_sure"]


def test_order_by_several_fields_ties_broken_by_the_next(books: QuerySet) -> None:
    by_author = books.filter(author__in=["Jane Austen", "Frank Herbert"])
    assert titles(by_author.order_by(["author", "-pages"])) == ["Dune", "Emma", "Persuasion"]
    assert titles(by_author.order_by("-author").order_by("pages")) == [
        "Persuasion", "Emma", "Dune"]


def test_limit_and_offset_window_the_results(books: QuerySet) -> None:
    assert titles(books.limit(2)) == ["Dune", "Emma"]
    assert titles(books.offset(3)) == ["Été 85", "100%_sure"]
    assert titles(books.order_by("pages").offset(1).limit(2)) == ["Été 85", "Persuasion"]
    assert titles(books.limit(0)) == []
    assert titles(books.offset(10)) == []


def test_total_counts_every_match_whatever_the_window(books: QuerySet) -> None:
    page = books.filter(pages__gt=100).order_by("pages").limit(2).offset(1).all()
    assert (page.total, len(page), page.offset, page.limit) == (4, 2, 1, 2)
    assert (page.page, page.total_pages, page.has_next, page.has_prev) == (1, 2, True, True)
    assert books.filter(pages__gt=100).count() == 4


def test_first_and_last_of_a_page_and_of_an_empty_one(books: QuerySet) -> None:
    page = books.order_by("-pages").limit(3).all()
    assert (page.first.title, page.last.title) == ("Emma", "Persuasion")
    empty = books.filter(title="Nothing").all()
    assert (empty.first, empty.last, empty.total, bool(empty), empty.items) == (
        None, None, 0, False, [])
    assert empty.total_pages == 0


def test_results_are_whole_aggregates_with_their_values_and_children(books: QuerySet) -> None:
    found = books.filter(title="100%_sure").all().first
    assert found.cover == Cover(colour="red")
    assert [chapter.heading for chapter in found.chapters] == ["Only"]


def test_a_result_is_the_stored_aggregate_ready_to_change(books: QuerySet) -> None:
    emma = books.filter(title="Emma").all().first
    emma.price = 8.0
    catalogue.repository_for(Book).add(emma)
    assert books.filter(price=8.0).all().first.id == emma.id


def test_the_query_set_answers_like_its_results(books: QuerySet) -> None:
    query = books.filter(author="Jane Austen")
    assert len(query) == 2 and bool(query)
    assert [book.title for book in query] == ["Emma", "Persuasion"]
    assert query[1].title == "Persuasion"
    assert (query.total, query.first.title, query.last.title) == (2, "Emma", "Persuasion")
    assert [book.title for book in query.items] == ["Emma", "Persuasion"]


def test_each_call_returns_a_new_query_and_leaves_the_first_alone(books: QuerySet) -> None:
    narrower = books.filter(author="Jane Austen")
    assert narrower is not books
    assert len(titles(books)) == 5 and len(titles(narrower)) == 2


def test_all_returns_at_most_the_default_limit_as_protean_does(tmp_path: Path) -> None:
    with opened(tmp_path) as domain:
        shelve(domain, *(Book(title=f"Volume {number}") for number in range(DEFAULT_LIMIT + 5)))
        query = domain.repository_for(Book).query
        page = query.all()
        assert (len(page.items), page.total, page.has_next) == (DEFAULT_LIMIT, 105, True)
        assert len(query.limit(None).all().items) == 105


def test_a_negative_or_fractional_window_is_refused(books: QuerySet) -> None:
    with pytest.raises(ValidationError, match="limit: must be a whole number of 0 or more"):
        books.limit(-1)
    with pytest.raises(ValidationError, match="offset: must be a whole number"):
        books.offset(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="offset"):
        books.offset(None)  # type: ignore[arg-type]


def test_a_value_of_the_wrong_kind_for_its_lookup_is_refused(books: QuerySet) -> None:
    with pytest.raises(ValidationError, match="title: the in lookup takes a list"):
        books.filter(title__in="Emma").all()
    with pytest.raises(ValidationError, match="title: the icontains lookup takes text"):
        books.filter(title__icontains=5).all()
    with pytest.raises(ValidationError, match="pages: the gt lookup cannot compare with None"):
        books.filter(pages__gt=None).all()
    with pytest.raises(ValidationError, match="title: cannot be compared with a dict"):
        books.filter(title={"a": 1}).all()


def test_queries_run_inside_a_unit_of_work_see_its_writes(tmp_path: Path) -> None:
    with opened(tmp_path) as domain:
        store = domain.session().store
        books = domain.repository_for(Book)
        with store.unit_of_work():
            books.add(Book(title="Draft"))
            assert books.query.filter(title="Draft").all().total == 1
        assert books.query.count() == 1

