"""A small domain for the core's tests: shelves of volumes, created and renamed by commands."""

from __future__ import annotations

from enum import Enum
from typing import Any

from domain.core import Domain, current_domain, handle
from domain.core.fields import Boolean, HasMany, Identifier, List, String, ValueObject

library = Domain("Testing")


class Colour(Enum):
    WHITE = "white"
    OAK = "oak"


class Boom(Exception):
    """Raised by a handler on purpose, after its aggregate raised events."""


@library.value_object
class Label:
    text = String(max_length=20, required=True)
    colour = String(choices=Colour, default=Colour.WHITE)


@library.aggregate
class Shelf:
    name = String(max_length=30, required=True)
    label = ValueObject(Label)
    volumes = HasMany("Volume")
    public = Boolean()  # None until said

    def create(self) -> None:
        self.raise_(ShelfCreated(shelf_id=self.id, name=self.name))
        for volume in self.volumes:
            self.raise_(VolumeShelved(shelf_id=self.id, volume_id=volume.id, title=volume.title))

    def rename(self, name: str) -> None:
        self.name = name
        self.raise_(ShelfRenamed(shelf_id=self.id, name=name))


@library.entity(part_of=Shelf)
class Volume:
    title = String(max_length=50, required=True)


@library.event(part_of=Shelf)
class ShelfCreated:
    shelf_id = Identifier(required=True)
    name = String(required=True)


@library.event(part_of=Shelf)
class VolumeShelved:
    shelf_id = Identifier(required=True)
    volume_id = Identifier(required=True)
    title = String(required=True)


@library.event(part_of=Shelf)
class ShelfRenamed:
    shelf_id = Identifier(required=True)
    name = String(required=True)


@library.aggregate
class Reader:
    name = String(required=True)


@library.event(part_of=Reader)
class ReaderJoined:
    reader_id = Identifier(required=True)


@library.command(part_of=Shelf)
class CreateShelf:
    name = String(max_length=30, required=True)
    titles = List(String(max_length=50, required=True))
    fail_after_raise = Boolean(default=False)


@library.command(part_of=Shelf)
class RenameShelf:
    shelf_id = Identifier(required=True)
    name = String(max_length=30, required=True)


@library.command_handler(part_of=Shelf)
class ShelfCommandHandler:
    @handle(CreateShelf)
    def create_shelf(self, command: CreateShelf) -> str:
        shelf = Shelf(name=command.name, volumes=[Volume(title=title) for title in command.titles])
        shelf.create()
        current_domain.repository_for(Shelf).add(shelf)
        if command.fail_after_raise:
            raise Boom("the handler failed after its shelf was added")
        return shelf.id

    @handle(RenameShelf)
    def rename_shelf(self, command: RenameShelf) -> str:
        shelves = current_domain.repository_for(Shelf)
        shelf = shelves.get(command.shelf_id)
        shelf.rename(command.name)
        shelves.add(shelf)
        return shelf.id


# What the event handler saw: (event, the shelf as the repository then returned it).
journal: list[tuple[Any, Any]] = []


@library.event_handler(part_of=Shelf)
class ShelfEventHandler:
    @handle(ShelfCreated)
    def on_created(self, event: ShelfCreated) -> None:
        journal.append((event, current_domain.repository_for(Shelf).get(event.shelf_id)))

    @handle(VolumeShelved)
    def on_shelved(self, event: VolumeShelved) -> None:
        journal.append((event, current_domain.repository_for(Shelf).get(event.shelf_id)))

    @handle(ShelfRenamed)
    def on_renamed(self, event: ShelfRenamed) -> None:
        journal.append((event, current_domain.repository_for(Shelf).get(event.shelf_id)))


def table_names(domain: Domain) -> list[str]:
    """The tables of the domain's database, on either backend."""
    store = domain.session().store
    return [row[0] for row in store.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        if getattr(store, "dialect", "sqlite") == "postgresql" else
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def table_counts(domain: Domain) -> dict[str, int]:
    """The number of rows in every table of the domain's database."""
    return {name: domain.session().store.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in table_names(domain)}


library.init()
