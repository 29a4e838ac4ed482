"""One throwaway PostgreSQL cluster for the whole test run (issue 16): `initdb` into a
temporary folder, `pg_ctl start` on a free TCP port, removed afterwards.

As root the cluster is made and run by the `postgres` user (initdb refuses root), in a
folder of its own under the system's temporary folder (pytest's are not open to it). When
no server can be started the PostgreSQL tests are skipped, saying why, unless
BOOKSHELF_REQUIRE_POSTGRES=1 (CI sets it): then they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REQUIRED = os.environ.get("BOOKSHELF_REQUIRE_POSTGRES") == "1"
SUPERUSER = "bookshelf"  # the cluster's own superuser, trusted on 127.0.0.1 only
GUARDED_ROLE = "guarded"  # a role whose password is asked for (see Cluster.start)
START_TIMEOUT_S = 30
START_ATTEMPTS = 3


def unavailable(reason: str) -> None:
    message = f"PostgreSQL tests not run: {reason}"
    if REQUIRED:
        pytest.fail(f"{message} (BOOKSHELF_REQUIRE_POSTGRES=1)", pytrace=False)
    pytest.skip(message)


def require_psycopg() -> ModuleType:
    """psycopg, for a test module of the PostgreSQL adapter: without it the module is
    skipped, saying why (failed under BOOKSHELF_REQUIRE_POSTGRES=1)."""
    try:
        import psycopg
    except ImportError:
        message = ("PostgreSQL tests not run: psycopg is not installed "
                   "(pip install -e '.[postgres]')")
        if REQUIRED:
            pytest.fail(f"{message} (BOOKSHELF_REQUIRE_POSTGRES=1)", pytrace=False)
        pytest.skip(message, allow_module_level=True)
    return psycopg


def server_binaries() -> Path | None:
    """The newest installed server's bin folder (Debian keeps it out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda path: int(Path(path).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Cluster:
    """A running throwaway cluster: `url(database)` connects over TCP to it."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="bookshelf-pg-"))
        self.data = self.folder / "data"
        # initdb refuses root: as root, the cluster is the postgres user's.
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.owner is not None:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
            os.chmod(self.folder, 0o700)

    def _run(self, *argv: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.binaries / argv[0]), *argv[1:]]
        if self.owner is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120,
                              cwd=self.folder, check=False)

    def start(self) -> None:
        made = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                         "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        # One role asks for its password over TCP, for the tests of a refused one; the
        # rest are trusted (first matching line wins).
        rules = self.data / "pg_hba.conf"
        rules.write_text(f"host all {GUARDED_ROLE} 127.0.0.1/32 scram-sha-256\n"
                         + rules.read_text())
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.folder} -c fsync=off")
        started = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                            str(self.folder / "server.log"), "-w", "-t",
                            str(START_TIMEOUT_S), "start")
        if started.returncode != 0:
            log = (self.folder / "server.log")
            raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()} "
                               f"{log.read_text() if log.exists() else ''}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    require_psycopg()
    binaries = server_binaries()
    if binaries is None:
        unavailable("no PostgreSQL server is installed (Debian: apt-get install postgresql)")
        raise AssertionError  # unavailable() raised; this line tells the type checker
    cluster = None
    problem: BaseException | None = None
    for _attempt in range(START_ATTEMPTS):  # a free port may be taken before the server binds
        try:
            cluster = Cluster(binaries)
            cluster.start()
            break
        except KeyError:
            unavailable("running as root, and there is no postgres user to run the server")
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            problem = error
            if cluster is not None:
                cluster.stop()
            cluster = None
    if cluster is None:
        unavailable(f"the throwaway cluster did not start: {problem}")
        raise AssertionError  # unavailable() raised; this line tells the type checker
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: Cluster) -> Iterator[str]:
    """A new, empty database on the run's cluster for one test, dropped after it."""
    import psycopg

    name = f"t{time.monotonic_ns()}"
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres_cluster.url(name)
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
