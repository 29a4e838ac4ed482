"""The chapter's own program runs unchanged on domain.core and prints what the chapter shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The team's shared folder sits beside the main checkout; a CI clone may live elsewhere.
SHARED = next(
    (candidate for folder in (ROOT.parent, Path("/work"))
     if (candidate := folder / "shared" / "seed" / "chapter07_bookshelf.py").exists()),
    ROOT.parent / "shared" / "seed" / "chapter07_bookshelf.py",
)
VENDORED = ROOT / "resources" / "chapter07_bookshelf.py"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"

PROGRAMS = [
    pytest.param(VENDORED, id="vendored"),
    pytest.param(SHARED, id="shared", marks=pytest.mark.skipif(
        not SHARED.exists(), reason="../shared is not on this machine")),
]


def run(program: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(program)], cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not on this machine")
def test_the_vendored_program_is_a_byte_identical_copy_of_the_shared_one() -> None:
    assert VENDORED.read_bytes() == SHARED.read_bytes()


@pytest.mark.parametrize("program", PROGRAMS)
def test_the_chapter_program_prints_its_four_lines_and_exits_0(program: Path) -> None:
    result = run(program)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5, result.stdout
    book_id = re.fullmatch(f"Book added: ({UUID})", lines[0])
    confirmed = re.fullmatch(f"Order confirmed: ({UUID})", lines[1])
    shipped = re.fullmatch(f"Order shipped: ({UUID})", lines[2])
    assert book_id and confirmed and shipped, result.stdout
    assert shipped.group(1) == confirmed.group(1) != book_id.group(1)
    assert lines[3:] == ["", "All checks passed!"]
    assert result.stdout.endswith("All checks passed!\n")
