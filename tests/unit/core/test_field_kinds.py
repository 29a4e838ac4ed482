"""Date, Dict, bare and typed Lists, HasOne, Reference, and the options every field takes."""

# No `from __future__ import annotations` here: the annotated fields are evaluated when the
# class is made, as in Protean's documentation programs.

from datetime import date, datetime
from pathlib import Path

import pytest

from domain.core import (
    ConfigurationError,
    Date,
    DateTime,
    Dict,
    Domain,
    HasOne,
    Integer,
    List,
    Reference,
    String,
    ValidationError,
)

shelf = Domain("FieldKinds")


def no_spaces(value: object) -> None:
    if " " in str(value):
        raise ValidationError({"value": ["may not contain spaces"]})


def not_zero(value: object) -> None:
    if value == 0:
        raise ValueError("may not be zero")


@shelf.entity(part_of="Book")
class Cover:
    colour: String(required=True)
    book: Reference("Book")


@shelf.aggregate
class Book:
    title: String(max_length=20, required=True, description="as printed")
    published: Date()
    added_at: DateTime()
    tags: List(content_type=String)
    anything: List()
    extra: Dict()
    cover: HasOne(Cover)
    code: String(validators=[no_spaces], error_messages={"required": "give a code"},
                 required=True)
    rank: Integer(validators=[not_zero])
    blurb: String(sanitize=True)
    isbn: String(unique=True, referenced_as="isbn_13")


def a_book(**values: object) -> Book:
    return Book(**{"title": "Dune", "code": "D1", **values})


def test_date_takes_a_date_a_datetime_or_an_iso_string() -> None:
    assert a_book(published="1965-08-01").published == date(1965, 8, 1)
    assert a_book(published=datetime(1965, 8, 1, 9)).published == date(1965, 8, 1)
    with pytest.raises(ValidationError) as refused:
        a_book(published="1st of August")
    assert refused.value.messages == {"published": ["'1st of August' is not an ISO 8601 date"]}


def test_datetime_takes_an_iso_string_with_its_zone() -> None:
    assert a_book(added_at="2024-05-01T10:00:00+02:00").added_at.hour == 10


def test_a_list_takes_its_content_type_as_a_field_class_and_a_bare_list_takes_anything() -> None:
    book = a_book(tags=["classic", "jazz-age"], anything=[1, "two", {"three": 3}])

    assert book.tags == ["classic", "jazz-age"]  # a list on an aggregate, as in Protean
    assert book.anything == [1, "two", {"three": 3}]
    with pytest.raises(ValidationError) as refused:
        a_book(tags=["ok", 5.5, None])
    assert refused.value.messages == {"tags": ["item 3: is empty (None)"]}


def test_a_list_refuses_an_item_kind_it_cannot_hold() -> None:
    with pytest.raises(ConfigurationError, match="not a content type"):
        List(content_type=object)


def test_a_dict_holds_a_mapping_with_text_keys() -> None:
    assert a_book(extra={"signed": True}).extra == {"signed": True}
    with pytest.raises(ValidationError) as refused:
        a_book(extra=["signed"])
    assert refused.value.messages == {"extra": ["must be a dict, not list"]}


def test_has_one_holds_one_entity_or_none_and_a_reference_holds_an_id() -> None:
    book = a_book(cover={"colour": "blue"})
    cover = Cover(colour="red", book=book)

    assert book.cover.colour == "blue" and a_book().cover is None
    assert cover.book == book.id


def test_validators_run_after_the_field_rules_and_all_messages_come_at_once() -> None:
    with pytest.raises(ValidationError) as refused:
        Book(title="x" * 21, code="has space", rank=0)

    assert refused.value.messages == {
        "title": ["may be at most 20 characters long (this is 21)"],
        "code": ["may not contain spaces"],
        "rank": ["may not be zero"],
    }


def test_error_messages_replace_the_words_and_an_unknown_key_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        Book(title="Dune")
    assert refused.value.messages == {"code": ["give a code"]}
    with pytest.raises(ConfigurationError, match="String has no error message called colour"):
        String(error_messages={"colour": "red"})


def test_sanitize_escapes_markup_and_description_is_kept() -> None:
    assert a_book(blurb="<b>bold</b> & more").blurb == "&lt;b&gt;bold&lt;/b&gt; &amp; more"
    assert Book._fields["title"].description == "as printed"


def test_an_unknown_field_option_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="Unknown option.*colour for String"):
        String(colour="red")  # type: ignore[call-arg]


def test_unique_is_checked_when_saved_and_a_custom_column_name_is_used(tmp_path: Path) -> None:
    shelf.config["database"] = str(tmp_path / "kinds.db")
    shelf.init()
    try:
        books = shelf.repository_for(Book)
        first = a_book(isbn="9780441013593", published="1965-08-01", cover={"colour": "b"})
        books.add(first)
        books.add(first)  # saving it again is not a clash with itself
        with pytest.raises(ValidationError) as refused:
            books.add(a_book(isbn="9780441013593"))
        loaded = books.get(first.id)
        columns = [row[1] for row in shelf.session().store.execute(
            'PRAGMA table_info("book")').fetchall()]
    finally:
        shelf.close()

    assert refused.value.messages == {
        "isbn": ["'9780441013593' is already used by another Book"]}
    assert loaded.published == date(1965, 8, 1) and loaded.cover.colour == "b"
    assert "isbn_13" in columns and "isbn" not in columns
