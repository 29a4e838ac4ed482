"""ISBNs: empty, or 10 or 13 characters with a valid check digit."""

from __future__ import annotations

import pytest

from domain.bookshelf import Book
from domain.bookshelf.isbn import isbn13_check_digit, isbn_problems
from domain.core import ValidationError

VALID = ["9780743273565", "9780306406157", "0306406152", "080442957X", "0743273567"]


@pytest.mark.parametrize("isbn", VALID)
def test_a_real_isbn_is_accepted(isbn: str) -> None:
    assert isbn_problems(isbn) == []
    assert Book(title="T", author="A", isbn=isbn).isbn == isbn


def test_an_empty_isbn_is_accepted() -> None:
    assert Book(title="T", author="A", isbn="").isbn == ""


@pytest.mark.parametrize("isbn", ["9780743273566", "9780306406158"])
def test_an_isbn_13_with_a_wrong_check_digit_is_refused(isbn: str) -> None:
    assert isbn_problems(isbn) == ["is not a valid ISBN-13 (check digit mismatch)"]


@pytest.mark.parametrize("isbn", ["0306406153", "0804429579", "030640615x"])
def test_an_isbn_10_with_a_wrong_check_digit_is_refused(isbn: str) -> None:
    assert isbn_problems(isbn) == ["is not a valid ISBN-10 (check digit mismatch)"]


@pytest.mark.parametrize("isbn", ["X306406152", "03064061x2", "0-306-4061", "978-0306406"])
def test_an_isbn_with_a_misplaced_x_hyphens_or_spaces_says_digits_only(isbn: str) -> None:
    assert isbn_problems(isbn) == [
        "may hold digits only (an ISBN-10 may end in X), without hyphens or spaces"]


@pytest.mark.parametrize("isbn", ["978074327356", "03064061", "97807432735"])
def test_an_isbn_of_another_length_is_refused(isbn: str) -> None:
    assert isbn_problems(isbn) == [f"must have 10 or 13 characters, not {len(isbn)}"]


def test_an_isbn_13_of_letters_is_refused() -> None:
    assert isbn_problems("978074327356A") != []


def test_non_ascii_digits_are_refused() -> None:
    assert isbn_problems("٩٧٨٠٧٤٣٢٧٣٥٦٥") != []


def test_a_book_with_a_bad_isbn_is_refused_under_the_isbn_key() -> None:
    with pytest.raises(ValidationError) as caught:
        Book(title="T", author="A", isbn="9780743273566")
    assert set(caught.value.messages) == {"isbn"}


def test_a_longer_isbn_is_refused_by_the_fields_max_length_too() -> None:
    with pytest.raises(ValidationError) as caught:
        Book(title="T", author="A", isbn="97807432735650")
    assert caught.value.messages["isbn"][0] == "may be at most 13 characters long (this is 14)"


def test_the_check_digit_helper_completes_a_prefix() -> None:
    assert isbn13_check_digit("978074327356") == "5"
