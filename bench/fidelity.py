"""Protean 0.18.0's getting-started programs, run on Protean and on `domain.core`, compared.

`.venv/bin/python bench/fidelity.py PROTEAN_CHECKOUT` — PROTEAN_CHECKOUT is a source tree
of Protean 0.18.0 (its `docs_src/guides/getting-started/` holds the programs: the
bookshelf tutorial's chapters, the event-sourcing tutorial's chapters, `hello.py` and, where
the tree has it, `quickstart.py`). Each program runs twice, in a subprocess with a timeout,
in a temporary working folder of its own that also holds the packages beside it: as
written, with Protean 0.18.0 (and pytest, which one chapter imports) installed in a venv
under /tmp (made on first use: from PyPI, else from the checkout), and with its imports
rewritten to `domain.core`, with this project's interpreter. A program passes when both
exit 0 and print the same standard output once ids, times and memory addresses are
normalised. The table goes to stdout and into bench/RESULTS.md (its section replaced).

The checkout: the release's source distribution is its tree (`pip download --no-deps
--no-binary :all: protean==0.18.0`, then unpack it): 40 programs, `hello.py`, the bookshelf
tutorial's chapters 1-8, 12-16 and 19-21, the event-sourcing tutorial's 1-22 and
`ch11_v3.py` (its quickstart became `examples/reference_app`). The snapshot of
proteanhq/protean the project's search tool fetches has no v0.18.0 tag; its newest tree
(0.17.0 and later commits) holds the 39 programs issue 13 counted, `quickstart.py` among
them: either tree can be given.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
PROGRAMS = Path("docs_src/guides/getting-started")
PROTEAN_VERSION = "0.18.0"
DEFAULT_VENV = Path(tempfile.gettempdir()) / f"protean-{PROTEAN_VERSION}-venv"
SECTION = "## bench/fidelity.py (issue 13): Protean's getting-started programs on domain.core"

# `from protean.fields import` keeps a module of its own; every other Protean module the
# programs import from (protean, protean.exceptions, protean.utils.globals, protean.core.*,
# ...) is `domain.core` itself.
_FROM_FIELDS = re.compile(r"^(\s*)from\s+protean\.fields\s+import\b", re.MULTILINE)
_FROM_PROTEAN = re.compile(r"^(\s*)from\s+protean(?:\.[\w.]+)?\s+import\b", re.MULTILINE)
_IMPORT_PROTEAN = re.compile(r"^(\s*)import\s+protean\s*$", re.MULTILINE)

_UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}\b")
_HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")  # a uuid4().hex
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{4,}\b")
# An ISO 8601 date with an optional time and zone, or a time of day on its own.
_DATETIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
    r"|\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b"
)
# Python's reprs of dates and times: datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=...).
_DATETIME_REPR = re.compile(r"datetime\.(?:datetime|date|time)\([^()]*(?:\([^()]*\)[^()]*)*\)")


def rewrite_imports(source: str) -> str:
    """The program with its Protean imports pointed at `domain.core`, nothing else changed."""
    source = _FROM_FIELDS.sub(r"\1from domain.core.fields import", source)
    source = _FROM_PROTEAN.sub(r"\1from domain.core import", source)
    return _IMPORT_PROTEAN.sub(r"\1import domain.core as protean", source)


def normalise(output: str) -> str:
    """`output` with what differs from run to run replaced by placeholders: ids (UUIDs),
    dates and times, memory addresses."""
    output = _UUID.sub("<id>", output)
    output = _HEX_ID.sub("<id>", output)
    output = _DATETIME_REPR.sub("<time>", output)
    output = _DATETIME.sub("<time>", output)
    return _ADDRESS.sub("<address>", output)


def programs(checkout: Path) -> list[Path]:
    """The getting-started programs in `checkout`, relative to its programs folder: the
    top-level ones (hello.py, quickstart.py), then each tutorial's chapters."""
    folder = checkout / PROGRAMS
    if not folder.is_dir():
        raise SystemExit(f"{checkout} has no {PROGRAMS}: not a Protean source tree")
    found = sorted(path.relative_to(folder) for path in folder.glob("*.py"))
    for tutorial in ("tutorial", "es-tutorial"):
        found += sorted(path.relative_to(folder) for path in (folder / tutorial).glob("ch*.py"))
    return found


@dataclass(frozen=True)
class Run:
    """How one program ended under one implementation."""

    status: int | None  # None: stopped at the timeout
    stdout: str
    stderr: str

    def why(self, timeout: float) -> str:
        """The first line of why it failed: the exception's last traceback line."""
        if self.status is None:
            return f"timed out after {timeout:g} s"
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        for line in reversed(lines):
            if re.match(r"^[\w.]+(Error|Exception|Exit|Interrupt|Warning)\b.*", line) \
                    or re.match(r"^[\w.]+: ", line):
                return line
        return lines[-1] if lines else f"exit status {self.status}"


@dataclass(frozen=True)
class Outcome:
    program: Path
    reference: Run
    ours: Run

    @property
    def passed(self) -> bool:
        return (self.reference.status == 0 and self.ours.status == 0
                and normalise(self.reference.stdout) == normalise(self.ours.stdout))

    def why(self, timeout: float) -> str:
        if self.passed:
            return ""
        if self.reference.status != 0:
            return f"Protean itself: {self.reference.why(timeout)}"
        if self.ours.status != 0:
            return self.ours.why(timeout)
        return first_difference(normalise(self.reference.stdout), normalise(self.ours.stdout))


def first_difference(expected: str, got: str) -> str:
    """Where two outputs first differ, as one line."""
    wanted, printed = expected.splitlines(), got.splitlines()
    for number, (want, have) in enumerate(zip(wanted, printed, strict=False), start=1):
        if want != have:
            return f"output differs at line {number}: expected {want!r}, got {have!r}"
    return (f"output has {len(printed)} lines, expected {len(wanted)}"
            if len(wanted) != len(printed) else "output differs")


def sources(checkout: Path, program: Path) -> dict[Path, str]:
    """What a program needs beside it: itself, and the packages in its folder that it may
    import (the bookshelf tutorial's chapters 12 and 16 import `bookshelf`)."""
    folder = (checkout / PROGRAMS / program).parent
    found = {Path(program.name): (folder / program.name).read_text(encoding="utf-8")}
    for package in sorted(path.parent for path in folder.glob("*/__init__.py")):
        for path in sorted(package.rglob("*.py")):
            found[path.relative_to(folder)] = path.read_text(encoding="utf-8")
    return found


def run(python: Path | str, files: dict[Path, str], name: str, timeout: float,
        extra_path: Path | None = None) -> Run:
    """Run `name` of `files` with `python` in a fresh working folder that holds `files`."""
    with tempfile.TemporaryDirectory(prefix="fidelity-") as work:
        folder = Path(work)
        for relative, text in files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_STATE_HOME", "HOME"):
            env[variable] = str(folder / variable.lower())
        env.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
        if extra_path is not None:
            env["PYTHONPATH"] = str(extra_path)
        try:
            done = subprocess.run([str(python), name], cwd=folder, env=env, timeout=timeout,
                                  capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", check=False)
        except subprocess.TimeoutExpired as expired:
            return Run(None, _text(expired.stdout), _text(expired.stderr))
        return Run(done.returncode, done.stdout, done.stderr)


def _text(output: bytes | str | None) -> str:
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace")
    return output or ""


def protean_python(venv: Path, checkout: Path) -> Path:
    """The venv's interpreter with Protean 0.18.0, made if it is not there yet."""
    python = venv / "bin" / "python"
    if python.exists() and _protean_version(python) == PROTEAN_VERSION:
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    # pytest too: the event-sourcing tutorial's chapter 5 imports it.
    pip = [str(python), "-m", "pip", "install", "--quiet", "pytest"]
    if subprocess.run([*pip, f"protean=={PROTEAN_VERSION}"], check=False).returncode != 0:
        subprocess.run([*pip, str(checkout)], check=True)  # PyPI did not have it
    found = _protean_version(python)
    if found != PROTEAN_VERSION:
        raise SystemExit(f"{venv} has Protean {found}, not {PROTEAN_VERSION}")
    return python


def _protean_version(python: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('protean'))"],
        capture_output=True, text=True, check=False)
    return done.stdout.strip()


def compare(checkout: Path, program: Path, reference_python: Path, timeout: float) -> Outcome:
    files = sources(checkout, program)
    reference = run(reference_python, files, program.name, timeout)
    rewritten = {path: rewrite_imports(text) for path, text in files.items()}
    ours = run(sys.executable, rewritten, program.name, timeout, extra_path=ROOT)
    return Outcome(program, reference, ours)


def table(outcomes: Iterable[Outcome], timeout: float) -> str:
    rows = ["| program | Protean 0.18.0 | domain.core | same output | why not |",
            "|---|---|---|---|---|"]
    for outcome in outcomes:
        # Paths relative to this project, so two checkouts record the same line.
        why = outcome.why(timeout).replace(f"{ROOT}/", "").replace("|", "\\|")
        rows.append(f"| `{outcome.program}` | {_status(outcome.reference)} | "
                    f"{_status(outcome.ours)} | {'pass' if outcome.passed else 'FAIL'} | "
                    f"{why} |")
    return "\n".join(rows)


def _status(result: Run) -> str:
    return "timeout" if result.status is None else f"exit {result.status}"


def section(outcomes: list[Outcome], checkout: Path, timeout: float) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    passed = sum(outcome.passed for outcome in outcomes)
    reference_ran = sum(outcome.reference.status == 0 for outcome in outcomes)
    how = (f"`.venv/bin/python bench/fidelity.py {checkout}` at "
           f"{commit or 'an unknown commit'}, {datetime.now(UTC):%Y-%m-%d}: the programs of "
           f"`{PROGRAMS}/` run as written with Protean {PROTEAN_VERSION} and with their "
           f"imports rewritten to `domain.core`, a {timeout:g} s timeout each; outputs "
           f"compared once ids, times and memory addresses are normalised.")
    summary = (f"**{passed} of {len(outcomes)} pass** (same output); Protean "
               f"{PROTEAN_VERSION} itself runs {reference_ran} of them to the end.")
    return (f"{SECTION}\n\n{textwrap.fill(how, 92)}\n\n{textwrap.fill(summary, 92)}\n\n"
            f"{table(outcomes, timeout)}\n")


def record(text: str, results: Path = RESULTS) -> None:
    """Put `text` in place of the section it heads in `results`, or at its end."""
    current = results.read_text(encoding="utf-8")
    start = current.find(SECTION)
    if start < 0:
        results.write_text(current.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    following = current.find("\n## ", start + len(SECTION))
    rest = "" if following < 0 else current[following:]
    results.write_text(current[:start] + text + rest, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a source tree of Protean 0.18.0")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV,
                        help=f"where Protean {PROTEAN_VERSION} is installed (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--jobs", type=int, default=2, help="programs run at once")
    parser.add_argument("--no-record", action="store_true", help="leave RESULTS.md as it is")
    arguments = parser.parse_args()
    checkout = arguments.checkout.resolve()
    found = programs(checkout)
    reference_python = protean_python(arguments.venv, checkout)
    with ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
        outcomes = list(pool.map(
            lambda program: compare(checkout, program, reference_python, arguments.timeout),
            found))
    text = section(outcomes, checkout, arguments.timeout)
    print(text)
    if not arguments.no_record:
        record(text)


if __name__ == "__main__":
    main()
