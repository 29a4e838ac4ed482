"""`bookshelf --install-desktop-entry`: the program in the desktop's application menu.

Follows the XDG specifications (a `.desktop` file in the user's applications folder, the
icon in the hicolor theme) and imports no Qt: the command line stays quick.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop.look.icon_files import ICON_NAME, PNG_SIZES, png_path, svg_path

INSTALL = "--install-desktop-entry"
UNINSTALL = "--uninstall-desktop-entry"
ENTRY_FILE = f"{ICON_NAME}.desktop"
# Characters that make the Desktop Entry spec's Exec key need the argument quoted.
RESERVED = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (the spec says
    such a value is invalid and ignored)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """This installation's `bookshelf`: the script beside the running Python (the venv's),
    else that Python running the desktop package."""
    script = Path(sys.executable).with_name("bookshelf")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "desktop"]


def exec_argument(argument: str) -> str:
    """One argument of the Exec key: quoted when it must be, with % doubled (field codes)."""
    if RESERVED.search(argument):
        argument = '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'
    return argument.replace("%", "%%")


def string_value(value: str) -> str:
    """A string key's value: backslashes escaped (the Exec key is unescaped this way first)."""
    return value.replace("\\", "\\\\")


def entry_text(command: Sequence[str]) -> str:
    exec_line = " ".join(exec_argument(argument) for argument in command)
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=Bookshelf Events",
        "GenericName=Domain events viewer",
        "Comment=Watch the domain events of a bookshelf happen",
        f"TryExec={string_value(command[0])}",
        f"Exec={string_value(exec_line)}",
        f"Icon={ICON_NAME}",
        "Terminal=false",
        "Categories=Development;Database;",
        "Keywords=events;books;orders;domain;",
        "StartupNotify=true",
        # Qt's X11 windows carry the application name as their class: the dock groups by it.
        "StartupWMClass=Bookshelf Events",
        "",
    ])


def installed_files(home: Path) -> dict[Path, Path | None]:
    """Each file the entry installs, with the icon it copies (None: the entry itself)."""
    icons = home / "icons" / "hicolor"
    files: dict[Path, Path | None] = {home / "applications" / ENTRY_FILE: None,
                                      icons / "scalable" / "apps" / f"{ICON_NAME}.svg": svg_path()}
    for size in PNG_SIZES:
        files[icons / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"] = png_path(size)
    return files


def install(home: Path | None = None) -> list[Path]:
    """Write the entry and its icons under `home` (default: data_home()); return them."""
    files = installed_files(home or data_home())
    for target, source in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        content = entry_text(launch_command()).encode() if source is None else source.read_bytes()
        # Written whole, then renamed: a desktop watching the folder never reads half a file.
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(content)
        partial.replace(target)
    return list(files)


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what install() wrote (folders stay: other programs share them); return it."""
    removed = []
    for target in installed_files(home or data_home()):
        if target.exists():
            target.unlink()
            removed.append(target)
    return removed


def main(argv: Sequence[str]) -> int:
    """The launcher's --install-desktop-entry and --uninstall-desktop-entry."""
    if list(argv) == [INSTALL]:
        for path in install():
            print(f"wrote {path}")
        return 0
    if list(argv) == [UNINSTALL]:
        removed = uninstall()
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print(f"bookshelf: no desktop entry in {data_home() / 'applications'}")
        return 0
    print(f"bookshelf: {argv[0]} takes no other arguments", file=sys.stderr)
    return 2
