"""The `bookshelf` command: the window when run bare (or with --db), the CLI otherwise.

Kept free of Qt imports so that `bookshelf events`, `check` and friends never load Qt.
"""

from __future__ import annotations

import sys

# The window's own options (desktop.app.parse_arguments): with a value, and without.
WINDOW_OPTIONS = {"--db": True, "--durability": True, "--read-only": False}
DESKTOP_ENTRY_FLAGS = ("--install-desktop-entry", "--uninstall-desktop-entry")


def _wants_window(argv: list[str]) -> bool:
    """Whether `argv` holds the window's options only (no CLI command such as `events`)."""
    rest = iter(argv)
    for arg in rest:
        name = arg.split("=", 1)[0]
        if name not in WINDOW_OPTIONS:
            return False
        if WINDOW_OPTIONS[name] and "=" not in arg:
            next(rest, None)  # its value
    return True


def _names_a_store(arg: str) -> bool:
    """Whether `arg`, given alone, is a store's place rather than a command's name: a file
    (a path or a name with a suffix) or a server's address. No command has "/" or "."."""
    return not arg.startswith("-") and ("/" in arg or "." in arg or arg.startswith(
        ("postgresql:", "postgres:")))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in DESKTOP_ENTRY_FLAGS:
        from desktop.desktop_entry import main as desktop_entry_main

        return desktop_entry_main(argv)
    if argv and _names_a_store(argv[0]) and _wants_window(argv[1:]):
        argv = ["--db", *argv]  # `bookshelf shop.db [--read-only]`, as `--db shop.db`
    if _wants_window(argv):
        from desktop.app import main as window_main

        return window_main(argv)
    if len(argv) > 2 and argv[0] == "--db":
        argv = [argv[2], *argv[:2], *argv[3:]]  # `bookshelf --db X events` as `events --db X`
    from domain.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
