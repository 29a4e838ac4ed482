"""An ISBN as people type it, with hyphens and spaces, reduced to what AddBook carries."""

from __future__ import annotations

import re

# Hyphens and spaces, as ISBNs are printed ("978-0-13-468599-1", "0 13 468599 1"); a
# copied one may hold Unicode's hyphen (U+2010) or non-breaking hyphen (U+2011).
SEPARATORS = re.compile(r"[\s\-\u2010\u2011]")
ISBN_CHARACTERS = re.compile(r"[0-9]*[Xx]?")


class UnreadableIsbn(ValueError):
    """Typed text holding more than an ISBN's digits, X, hyphens and spaces."""


def read_isbn(text: str) -> str:
    """The 10 or 13 characters of the ISBN `text` prints ("" for none), an ISBN-10's
    final x as X; the command checks the length and the check digit.

    Raises UnreadableIsbn when `text` holds anything else."""
    isbn = SEPARATORS.sub("", text)
    if not ISBN_CHARACTERS.fullmatch(isbn):
        raise UnreadableIsbn("may hold digits, hyphens and spaces only"
                             " (an ISBN-10 may end in X)")
    return isbn.upper()
