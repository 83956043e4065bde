"""Database backends for the tests: a SQLite file and a real PostgreSQL server.

PostgreSQL comes from ``NEWSGRAPH_TEST_POSTGRES_URL`` when set (a server where the user
may create databases); otherwise a throwaway server is started for the session from the
installed binaries (``apt-get install -y postgresql``). Each test gets a fresh database.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import make_url

POSTGRES_URL_ENV = "NEWSGRAPH_TEST_POSTGRES_URL"
_SYSTEM_USER = "postgres"  # PostgreSQL refuses to run as root


def _postgres_bin() -> Path:
    """The directory of ``initdb`` and ``pg_ctl``: on the PATH, else the newest Debian's."""
    on_path = shutil.which("initdb")
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)],
        reverse=True,
    )
    for directory in [*([Path(on_path).parent] if on_path else []), *installed]:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    pytest.fail(
        "PostgreSQL is not installed, and the store tests need a real server: install it "
        f"(apt-get install -y postgresql) or set {POSTGRES_URL_ENV} to a server URL.",
        pytrace=False,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(command: list[str], *, as_root: bool, log: Path | None = None) -> None:
    if as_root:
        command = ["runuser", "-u", _SYSTEM_USER, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        details = log.read_text() if log and log.exists() else ""
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{details}", pytrace=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server on which databases may be created."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        yield url
        return
    bin_dir = _postgres_bin()
    as_root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="newsgraph-pg-"))
    if as_root:
        shutil.chown(base, user=_SYSTEM_USER)
    data, log, port = base / "data", base / "server.log", _free_port()
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log)]
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        _run([*initdb, "--encoding=UTF8"], as_root=as_root)
        _run([*pg_ctl, "-o", options, "-w", "start"], as_root=as_root, log=log)
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            _run([*pg_ctl, "-m", "fast", "-w", "stop"], as_root=as_root, log=log)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    name = f"newsgraph_test_{uuid.uuid4().hex}"
    server = make_url(postgres_server).set(drivername="postgresql")
    libpq = server.render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(libpq, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store URL for an empty database, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "newsgraph.db")
    return request.getfixturevalue("postgres_url")
