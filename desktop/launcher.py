"""The `bookshelf` command: the window when run bare (or with --db), the CLI otherwise.

Kept free of Qt imports so that `bookshelf events`, `check` and friends never load Qt.
"""

from __future__ import annotations

import sys


def _wants_window(argv: list[str]) -> bool:
    words = [arg for arg in argv if not arg.startswith("-")]
    options = [arg for arg in argv if arg.startswith("-")]
    bare_db = len(argv) in (0, 2) and (not argv or argv[0] == "--db")
    return bare_db or (not words and all(arg.startswith("--db=") for arg in options))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _wants_window(argv):
        from desktop.app import main as window_main

        return window_main(argv)
    if len(argv) > 2 and argv[0] == "--db":
        argv = [argv[2], *argv[:2], *argv[3:]]  # `bookshelf --db X events` as `events --db X`
    from domain.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
