"""A small domain for the query tests: books with fields of every kind a query meets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from domain.core import Domain
from domain.core.fields import (
    Boolean,
    DateTime,
    Float,
    HasMany,
    Integer,
    List,
    String,
    ValueObject,
)

catalogue = Domain("Catalogue")


@catalogue.value_object
class Cover:
    colour = String(max_length=20)


@catalogue.entity(part_of="Book")
class Chapter:
    heading = String(max_length=50)


@catalogue.aggregate
class Book:
    title = String(max_length=100, required=True)
    author = String(max_length=50)
    pages = Integer()
    price = Float()
    in_print = Boolean(default=True)
    published = DateTime()
    cover = ValueObject(Cover)
    chapters = HasMany("Chapter")
    tags = List(String(max_length=20))


@contextmanager
def opened(tmp_path: Path, location: str | None = None) -> Iterator[Domain]:
    """The Catalogue domain on `location` (a PostgreSQL database's address, say), or on
    `tmp_path/catalogue.db`; closed afterwards."""
    catalogue.config["database"] = location or str(tmp_path / "catalogue.db")
    catalogue.init()
    try:
        yield catalogue
    finally:
        catalogue.close()


def shelve(domain: Domain, *books: Book) -> list[Book]:
    """Store `books` in the order given."""
    repository = domain.repository_for(Book)
    for book in books:
        repository.add(book)
    return list(books)
