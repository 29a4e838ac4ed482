"""`bookshelf --install-desktop-entry` puts the program in the application menu; the
uninstall flag takes it out again; neither loads Qt."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import desktop_entry
from desktop.look.icon_files import PNG_SIZES

ROOT = Path(__file__).parents[2]
STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
NO_QT = ("import sys; from desktop.launcher import main; code = main(sys.argv[1:]); "
         "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(code)")


def launcher(data_home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    return subprocess.run([sys.executable, "-c", NO_QT, *arguments], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env=environment)


def entry(data_home: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys keep their case
    parser.read(data_home / "applications" / "bookshelf-events.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def exec_command(value: str) -> list[str]:
    """The Exec key read back as the spec says: string escapes, then quoting, then %%."""
    text = re.sub(r"\\(.)", lambda escape: STRING_ESCAPES.get(escape[1], escape[0]), value)
    words: list[str] = []
    word, quoted, characters = None, False, iter(text)
    for character in characters:
        if character == '"':
            quoted, word = not quoted, word or ""
        elif quoted and character == "\\":
            word = (word or "") + next(characters)
        elif character == " " and not quoted:
            if word is not None:
                words.append(word)
            word = None
        else:
            word = (word or "") + character
    words.extend([] if word is None else [word])
    return [word.replace("%%", "%") for word in words]


def test_installing_writes_the_entry_and_its_icons_into_xdg_data_home(tmp_path):
    result = launcher(tmp_path, "--install-desktop-entry")

    assert result.returncode == 0, result.stderr
    written = entry(tmp_path)
    assert written["Name"] == "Bookshelf Events"
    assert written["Icon"] == "bookshelf-events"
    assert written["Type"] == "Application"
    hicolor = tmp_path / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / "bookshelf-events.svg").read_text().startswith("<svg")
    for size in PNG_SIZES:
        assert (hicolor / f"{size}x{size}" / "apps" / "bookshelf-events.png").stat().st_size
    assert f"wrote {tmp_path / 'applications' / 'bookshelf-events.desktop'}" in result.stdout


def test_the_entry_runs_this_installations_bookshelf(tmp_path):
    launcher(tmp_path, "--install-desktop-entry")

    command = exec_command(entry(tmp_path)["Exec"])

    assert command == desktop_entry.launch_command()
    assert Path(command[0]).parent == Path(sys.executable).parent
    # Proof that it is this installation: the entry's own command takes the entry out again.
    environment = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    subprocess.run([*command, "--uninstall-desktop-entry"], check=True, timeout=60,
                   env=environment, capture_output=True)
    assert not (tmp_path / "applications" / "bookshelf-events.desktop").exists()


def test_uninstalling_removes_every_file_written_and_leaves_the_shared_folders(tmp_path):
    launcher(tmp_path, "--install-desktop-entry")

    result = launcher(tmp_path, "--uninstall-desktop-entry")

    assert result.returncode == 0, result.stderr
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
    assert (tmp_path / "applications").is_dir()
    assert result.stdout.count("removed ") == 2 + len(PNG_SIZES)


def test_uninstalling_when_nothing_is_installed_says_so(tmp_path):
    result = launcher(tmp_path, "--uninstall-desktop-entry")

    assert result.returncode == 0
    assert "no desktop entry" in result.stdout


def test_the_flags_take_no_other_arguments(tmp_path):
    result = launcher(tmp_path, "--install-desktop-entry", "--db", "x.db")

    assert result.returncode == 2
    assert not (tmp_path / "applications").exists()


@pytest.mark.parametrize("value", ["", "relative/share"])
def test_without_an_absolute_xdg_data_home_the_entry_goes_to_local_share(
        monkeypatch, tmp_path, value):
    monkeypatch.setenv("XDG_DATA_HOME", value)
    monkeypatch.setenv("HOME", str(tmp_path))

    assert desktop_entry.data_home() == tmp_path / ".local" / "share"


def test_an_installation_path_with_spaces_and_specials_is_quoted_as_the_spec_says():
    command = ["/opt/my apps/$HOME's \"100%\" `x`\\bin/bookshelf", "-m", "desktop"]

    text = desktop_entry.entry_text(command)

    exec_value = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_command(exec_value.removeprefix("Exec=")) == command
    assert "100%%" in exec_value
