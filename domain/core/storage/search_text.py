"""What a search finds in an event: its folded text, its ids, and how a typed text is read."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping

# The trigram tokenizer indexes three characters at a time: a shorter text has no trigram
# to look up, so it is matched by a bounded scan instead (counted after folding: "ß" is "ss").
SHORTEST_INDEXED = 3


# The accents of Latin, Greek and Cyrillic letters once decomposed (U+0300-U+036F). Not
# every combining mark: in Hebrew, Arabic or Devanagari the marks are vowels.
_ACCENTS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    """`text` as the search compares it: case folded the Unicode way ("CAFÉ" and "café"
    alike, "STRASSE" and "straße" too) and without accents ("cafe" finds "Café").
    SQLite 3.40's trigram tokenizer folds neither well, so Python folds the text it
    indexes and the text it looks for."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize(
        "NFD", text.casefold())))


def is_id(text: str) -> bool:
    """Whether `text` is written as a uuid (36 characters, four dashes): looked up exactly,
    as an event, correlation, causation or aggregate id, never as text."""
    return len(text) == 36 and text.count("-") == 4


def short_type(event_type: str) -> str:
    """`Domain.SomethingHappened.v1` becomes `SomethingHappened`; other names stay."""
    parts = event_type.split(".")
    return parts[1] if len(parts) == 3 else event_type


def searched_text(event_type: str, payload: Mapping[str, object]) -> str:
    """What the text search looks in: the short type name and the payload's values (ids
    aside: they are looked up exactly), folded, one space apart."""
    return fold(" ".join([short_type(event_type), *_values(payload)]))


def searched_text_of_json(event_type: str, payload: str) -> str:
    """`searched_text` of a payload as stored (JSON text); text that is not a JSON object
    is searched as it is."""
    try:
        values = json.loads(payload)
    except ValueError:
        return fold(f"{short_type(event_type)} {payload}")
    if not isinstance(values, dict):
        return fold(f"{short_type(event_type)} {payload}")
    return searched_text(event_type, values)


def _values(value: object) -> Iterator[str]:
    if isinstance(value, Mapping):
        for each in value.values():
            yield from _values(each)
    elif isinstance(value, list | tuple):
        for each in value:
            yield from _values(each)
    elif value is None:
        return
    elif isinstance(value, str):
        if not is_id(value):
            yield value
    else:
        yield str(value)


def needs_scan(text: str) -> bool:
    """Whether a search for `text` cannot be answered by the text index: too short once
    folded, and not an id."""
    return bool(text) and not is_id(text) and len(fold(text)) < SHORTEST_INDEXED


def phrase(text: str) -> str:
    """`text` as an FTS5 query that means it literally: one quoted phrase, so quotes, `*`,
    `-`, NEAR and parentheses typed by a person are characters, never syntax."""
    return '"' + fold(text).replace('"', '""') + '"'
