"""Elements are declared as Protean's documentation writes them, and a bad declaration is
refused by name."""

# The annotated fields below (`title: String()`) are Protean's style: a call in an annotation,
# which type checkers do not read; this file is not type-checked (see pyproject's mypy files).

from __future__ import annotations

from pathlib import Path

import pytest

from domain.core import (
    ConfigurationError,
    Domain,
    Identifier,
    IncorrectUsageError,
    Integer,
    String,
    ValidationError,
)
from domain.core.fields import DateTime


def test_annotated_and_assigned_fields_both_declare_fields() -> None:
    shelf = Domain("Shelf")

    @shelf.aggregate
    class Book:
        title: String(max_length=200, required=True)
        pages = Integer(min_value=1)

    book = Book(title="Dune", pages=412)

    assert (book.title, book.pages) == ("Dune", 412)
    assert list(Book._fields) == ["id", "title", "pages"]
    with pytest.raises(ValidationError) as refused:
        Book(pages=0)
    assert refused.value.messages == {"title": ["is required"], "pages": ["must be at least 1"]}


def test_fields_are_inherited_from_a_plain_base_class_and_methods_with_them() -> None:
    shelf = Domain("Shelf")

    class Named:
        name: String(required=True)

        def shout(self) -> str:
            return self.name.upper()

    @shelf.aggregate
    class Author(Named):
        born = Integer()

    assert Author(name="Le Guin", born=1929).shout() == "LE GUIN"
    assert list(Author._fields) == ["id", "name", "born"]


def test_an_abstract_base_gives_its_fields_but_is_not_an_element_itself() -> None:
    shelf = Domain("Shelf")

    @shelf.aggregate(abstract=True)
    class Timestamped:
        created_at = DateTime()

        def age(self) -> str:
            return "new"

    @shelf.aggregate
    class Book(Timestamped):
        title: String()

    book = Book(title="Dune", created_at="2024-05-01T10:00:00+00:00")

    assert book.created_at.year == 2024 and book.age() == "new"
    assert isinstance(book, Timestamped)
    assert "Timestamped" not in shelf.registry.aggregates and Book.meta_.abstract is False
    assert Timestamped.meta_.abstract is True and "id" not in Timestamped._fields
    with pytest.raises(IncorrectUsageError, match="Timestamped is abstract"):
        Timestamped()


def test_part_of_may_name_an_aggregate_declared_later() -> None:
    shelf = Domain("Shelf")

    @shelf.event(part_of="Book")
    class BookAdded:
        title: String()

    @shelf.command(part_of="Book")
    class AddBook:
        title: String()

    @shelf.aggregate
    class Book:
        title: String()

    shelf.init()

    assert BookAdded.meta_.part_of is Book and AddBook._part_of is Book
    book = Book(title="Dune")
    book.raise_(BookAdded(title="Dune"))
    assert [type(event) for event in book._events] == [BookAdded]


def test_part_of_naming_no_aggregate_is_refused_at_init() -> None:
    shelf = Domain("Shelf")

    @shelf.event(part_of="Bok")
    class BookAdded:
        title: String()

    with pytest.raises(ConfigurationError, match="BookAdded is part_of 'Bok'"):
        shelf.init()


def test_an_event_without_part_of_is_refused() -> None:
    shelf = Domain("Shelf")

    with pytest.raises(ConfigurationError, match="BookAdded needs part_of"):
        @shelf.event
        class BookAdded:
            title: String()


def test_identifier_true_makes_a_custom_identity_generated_when_not_given(tmp_path: Path
                                                                           ) -> None:
    shelf = Domain("Shelf")

    @shelf.aggregate
    class Book:
        isbn: Identifier(identifier=True)
        title: String()

    shelf.config["database"] = str(tmp_path / "shelf.db")
    shelf.init()
    try:
        given = Book(isbn="9780441013593", title="Dune")
        generated = Book(title="Emma")
        shelf.repository_for(Book).add(given)
        loaded = shelf.repository_for(Book).get("9780441013593")
    finally:
        shelf.close()

    assert "id" not in Book._fields and Book._id_field == "isbn"
    assert loaded.title == "Dune" and loaded.id == "9780441013593"
    assert len(generated.isbn) == 36  # a uuid
    assert given == Book(isbn="9780441013593", title="changed")  # equal by identity


def test_two_identifier_fields_are_refused() -> None:
    shelf = Domain("Shelf")

    with pytest.raises(ConfigurationError, match="more than one identifier field: a, b"):
        @shelf.aggregate
        class Book:
            a: Identifier(identifier=True)
            b: Identifier(identifier=True)


def test_auto_add_id_field_off_needs_an_identifier_of_its_own() -> None:
    shelf = Domain("Shelf")

    @shelf.entity(part_of="Book", auto_add_id_field=False)
    class Page:
        number: Integer(identifier=True)

    assert Page._id_field == "number" and "id" not in Page._fields
    with pytest.raises(ConfigurationError, match="Chapter has no identity"):
        @shelf.entity(part_of="Book", auto_add_id_field=False)
        class Chapter:
            title: String()


def test_meta_holds_every_option_of_the_kind() -> None:
    shelf = Domain("Shelf")

    @shelf.aggregate
    class Book:
        title: String()

    @shelf.entity(part_of=Book)
    class Page:
        number: Integer()

    assert Book.meta_.abstract is False and Book.meta_.auto_add_id_field is True
    assert Book.meta_.fact_events is False and Page.meta_.part_of is Book
    with pytest.raises(AttributeError, match="meta_ has no option 'colour'"):
        Book.meta_.colour  # noqa: B018


def test_an_unknown_option_is_refused_by_name() -> None:
    shelf = Domain("Shelf")

    with pytest.raises(ConfigurationError, match="Unknown option.*colour.*@domain.aggregate"):
        @shelf.aggregate(colour="red")
        class Book:
            title: String()


@pytest.mark.parametrize(("options", "feature"), [
    ({"fact_events": True}, "fact events"),
    ({"stream_category": "books"}, "custom stream categories"),
    ({"provider": "postgres"}, "database providers"),
])
def test_an_option_this_core_does_not_honour_is_refused_naming_the_feature(
        options: dict[str, object], feature: str) -> None:
    shelf = Domain("Shelf")

    with pytest.raises(ConfigurationError, match=feature):
        shelf.aggregate(type("Book", (), {"title": String()}), **options)


def test_an_option_at_its_default_changes_nothing_and_is_accepted() -> None:
    shelf = Domain("Shelf")

    @shelf.aggregate(event_sourced=False, fact_events=False, provider="default")
    class Book:
        title: String()

    assert Book(title="Dune").title == "Dune"


def test_a_handler_option_other_than_part_of_is_refused() -> None:
    shelf = Domain("Shelf")

    @shelf.aggregate
    class Book:
        title: String()

    with pytest.raises(ConfigurationError, match="stream_category for @domain.event_handler"):
        shelf.event_handler(part_of=Book, stream_category="x")


def test_an_element_inherits_only_from_its_own_kind() -> None:
    shelf = Domain("Shelf")

    @shelf.value_object
    class Money:
        amount: Integer()

    with pytest.raises(ConfigurationError, match="Book cannot inherit from Money"):
        @shelf.aggregate
        class Book(Money):
            title: String()


def test_a_postponed_annotation_that_cannot_be_evaluated_is_refused_not_dropped() -> None:
    shelf = Domain("Shelf")

    with pytest.raises(ConfigurationError, match=r"Book.title: the annotation 'Strin\(\)'"):
        @shelf.aggregate
        class Book:
            title: Strin()  # type: ignore[name-defined]  # noqa: F821
