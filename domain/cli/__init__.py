"""The command lines: `bookshelf events | check | rebuild | failures | demo | simulate`."""

from domain.cli.main import main

__all__ = ["main"]
