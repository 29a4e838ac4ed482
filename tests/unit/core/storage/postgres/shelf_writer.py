"""A writer process of the concurrent-store test: shelves created through the domain, on a
connection of its own over TCP (a second machine, as far as the server can tell)."""

from __future__ import annotations

from tests.unit.core.library import CreateShelf, library


def create_shelves(url: str, count: int) -> None:
    library.close()
    library.config["database"] = url
    library.init()
    try:
        for number in range(count):
            library.process(CreateShelf(name=f"Shelf {number}", titles=["a"]))
    finally:
        library.close()
