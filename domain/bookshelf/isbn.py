"""ISBN-10 and ISBN-13 check digits."""

from __future__ import annotations


def isbn_problems(isbn: object) -> list[str]:
    """Empty is fine; otherwise 10 or 13 characters with a valid check digit."""
    if not isinstance(isbn, str) or isbn == "":
        return []
    if not all(char.isascii() and char.isdigit() for char in isbn[:-1]):
        return ["may hold digits only (an ISBN-10 may end in X), without hyphens or spaces"]
    if len(isbn) == 10:
        return [] if _valid_isbn10(isbn) else ["is not a valid ISBN-10 (check digit mismatch)"]
    if len(isbn) == 13:
        return [] if _valid_isbn13(isbn) else ["is not a valid ISBN-13 (check digit mismatch)"]
    return [f"must have 10 or 13 characters, not {len(isbn)}"]


def _valid_isbn10(isbn: str) -> bool:
    if not (isbn[:9].isdigit() and (isbn[9].isdigit() or isbn[9] == "X")):
        return False
    digits = [int(char) for char in isbn[:9]] + [10 if isbn[9] == "X" else int(isbn[9])]
    weighted = zip(range(10, 0, -1), digits, strict=True)
    return sum(weight * digit for weight, digit in weighted) % 11 == 0


def _valid_isbn13(isbn: str) -> bool:
    if not (isbn.isascii() and isbn.isdigit()):
        return False
    return (sum(map(int, isbn[0::2])) + 3 * sum(map(int, isbn[1::2]))) % 10 == 0


def isbn13_check_digit(first_twelve: str) -> str:
    """The digit that completes a 12-digit ISBN-13 prefix (used to make sample data)."""
    weighted = sum(int(char) * (3 if index % 2 else 1) for index, char in enumerate(first_twelve))
    return str((10 - weighted % 10) % 10)
