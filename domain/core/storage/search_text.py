"""What a search finds in an event: its folded text, its ids, and how a typed text is read."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping

# The trigram tokenizer indexes three characters at a time: a shorter text has no trigram
# to look up, so it is matched by a bounded scan instead (counted after folding: "ß" is "ss").
SHORTEST_INDEXED = 3
# Supplementary private use area A: type markers (type_marker) for 65,534 types.
TYPE_MARKERS = 0xF0000


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


def searched_values(payload: Mapping[str, object]) -> str:
    """What the text search looks in besides the type's name: the payload's values (ids
    aside: they are looked up exactly), folded, one space apart."""
    return fold(" ".join(_values(payload)))


def type_marker(type_id: int) -> str:
    """Three characters of Unicode's private use area that only events of this type carry
    in the text index: a type and a text meet in one walk of the index, without the
    type's name, whose trigrams ("der", "add") every event would share."""
    return chr(TYPE_MARKERS + type_id) * 3


def names_type(folded: str, event_type: str) -> bool:
    """Whether a folded text is in the short name of `event_type`."""
    return folded in fold(short_type(event_type))


def text_matches(text: str, event_type: str, payload: str) -> bool:
    """Whether `text` is in the short name of `event_type` or in the values of `payload`
    (JSON text as stored; text that is not a JSON object is searched as it is)."""
    folded = fold(text)
    if names_type(folded, event_type):
        return True
    try:
        values = json.loads(payload)
    except ValueError:
        return folded in fold(payload)
    if not isinstance(values, dict):
        return folded in fold(payload)
    return folded in searched_values(values)


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
    folded, or holding a character of the types' markers (it would find the markers),
    and not an id."""
    if not text or is_id(text):
        return False
    return len(fold(text)) < SHORTEST_INDEXED or any(
        ord(character) >= TYPE_MARKERS for character in text)


def phrase(text: str) -> str:
    """`text` as an FTS5 query that means it literally: one quoted phrase, so quotes, `*`,
    `-`, NEAR and parentheses typed by a person are characters, never syntax."""
    return '"' + fold(text).replace('"', '""') + '"'
