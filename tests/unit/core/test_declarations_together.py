"""What the declarations of issue 13 ask of the other pieces: queries on a custom identity
and on `referenced_as` columns, invariants over a HasOne entity, indexes on columns only."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    Index,
    ValidationError,
    atomic_change,
    invariant,
)
from domain.core.fields import HasMany, HasOne, Identifier, Integer, String


def shop_on(path: Path) -> tuple[Domain, type, type]:
    shop = Domain(name="Together")

    @shop.aggregate
    class Book:
        isbn: Identifier(identifier=True)
        title: String(max_length=100, referenced_as="book_title")
        pages: Integer()
        cover: HasOne("Cover")

        @invariant.post
        def covers_are_not_red(self) -> None:
            if self.cover is not None and self.cover.colour == "red":
                raise ValidationError({"cover": ["a cover is never red"]})

    @shop.entity(part_of="Book")
    class Cover:
        colour: String(max_length=20)

    shop.config["database"] = str(path)
    shop.init()
    return shop, Book, Cover


@pytest.fixture
def together(tmp_path: Path):
    shop, book, cover = shop_on(tmp_path / "together.db")
    yield shop, book, cover
    shop.close()


def test_queries_use_a_custom_identity_and_referenced_as_columns(together) -> None:
    shop, book, _cover = together
    books = shop.repository_for(book)
    for isbn, title, pages in (("1", "Dune", 600), ("2", "Emma", 400), ("3", "Ulysses", 700)):
        books.add(book(isbn=isbn, title=title, pages=pages))

    assert [each.isbn for each in books.query.all().items] == ["1", "2", "3"]
    assert [each.title for each in books.query.filter(title="Emma").all().items] == ["Emma"]
    assert [each.title for each in books.query.order_by("-title").all().items] == [
        "Ulysses", "Emma", "Dune"]
    assert books.find_by(title__icontains="uly").isbn == "3"
    assert books.query.filter(pages__gte=600).all().total == 2


def test_a_has_one_entity_answers_to_its_aggregate_s_invariants(together) -> None:
    _shop, book, cover = together
    shelved = book(isbn="1", title="Dune", pages=600, cover=cover(colour="blue"))

    with pytest.raises(ValidationError, match="never red"):
        shelved.cover.colour = "red"
    assert shelved.cover.colour == "blue"

    with pytest.raises(ValidationError, match="never red"), atomic_change(shelved):
        shelved.cover.colour = "red"
    assert shelved.cover.colour == "blue"  # as it was on entry


def test_an_index_on_an_association_is_refused_where_it_is_declared() -> None:
    shop = Domain(name="Refused")
    with pytest.raises(ConfigurationError, match="chapters"):
        @shop.aggregate(indexes=[Index("chapters")])
        class Book:
            title: String(max_length=20)
            chapters: HasMany("Chapter")
