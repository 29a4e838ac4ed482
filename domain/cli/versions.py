"""What `bookshelf --version` and Help > About say: the version of this program and its parts."""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from domain.core.storage import engine_version

DISTRIBUTION = "bookshelf-events"


def program_version() -> str:
    """The installed version of Bookshelf Events ("unknown" when run from a bare checkout)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def versions() -> dict[str, str]:
    """The program's version, then Python's and SQLite's (the library Python links)."""
    return {"Bookshelf Events": program_version(), "Python": platform.python_version(),
            "SQLite": engine_version()}


def version_text() -> str:
    """`bookshelf --version`: "Bookshelf Events 0.1.0 (Python 3.11.7, SQLite 3.40.1)"."""
    (name, number), *parts = versions().items()
    return f"{name} {number} ({', '.join(f'{part} {value}' for part, value in parts)})"
