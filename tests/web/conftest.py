"""A store filled once per backend by ingesting the demo corpus, the example article and an
article with markup in it, through the real pipeline; cloned for tests that write."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql
from spacy.language import Language
from sqlalchemy import make_url

from newsgraph.jobs import ingest_paths
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.settings import Settings
from newsgraph.store import Store
from newsgraph.web.app import create_app

ROOT = Path(__file__).parents[2]
DEMO = ROOT / "demo"
EXAMPLE = ROOT / "../shared/examples/000_3070b542610b7c5b.txt"
EXAMPLE_ID = "000_3070b542610b7c5b"
TOKEN = "reviewer-token-for-tests"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
HOSTILE = {
    "id": "hostile-1",
    "date": "2024-08-01",
    "title": "<script>alert(3)</script> Council notes",
    "publisher": "<b>Evil</b> Post",
    "text": (
        f"The council posted {SCRIPT} and {IMG} on its website on Monday.\n\n"
        f"“We will remove {SCRIPT} and {IMG} from the page,” said council clerk Mara Quill.\n"
    ),
}

Cloner = Callable[[], str]


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(Settings().model)


def _fill(url: str, nlp: Language, tmp: Path) -> None:
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    errors: list[str] = []
    with Store.open(url) as store:
        summary = ingest_paths([str(DEMO), str(EXAMPLE), str(hostile)], store, nlp, Settings(), None, errors.append)
    assert not summary.failed, errors


def _postgres_clone(server: str, template: str) -> str:
    name = f"newsgraph_web_{uuid.uuid4().hex}"
    admin = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        )
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def clone_store(request: pytest.FixtureRequest, nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Cloner:
    """Makes a fresh copy of the filled store, on each backend, and returns its URL."""
    tmp = tmp_path_factory.mktemp(f"web-{request.param}")
    if request.param == "sqlite":
        template = tmp / "template.db"
        _fill(str(template), nlp, tmp)

        def clone() -> str:
            copy = tmp / f"{uuid.uuid4().hex}.db"
            shutil.copyfile(template, copy)
            return str(copy)

        return clone
    server = request.getfixturevalue("postgres_server")
    made: list[str] = []

    def clone_of(template: str) -> str:
        url = _postgres_clone(server, template)
        made.append(str(make_url(url).database))
        return url

    request.addfinalizer(lambda: _drop(server, made))
    template_url = clone_of("template1")  # an empty database, never opened again once filled
    _fill(template_url, nlp, tmp)
    return lambda: clone_of(made[0])


def _drop(server: str, names: list[str]) -> None:
    admin = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def client(clone_store: Cloner) -> Iterator[TestClient]:
    """A client of the app over a filled store that tests only read."""
    with TestClient(create_app(clone_store(), TOKEN), base_url="http://127.0.0.1") as opened:
        yield opened


@pytest.fixture
def writable(clone_store: Cloner) -> Iterator[TestClient]:
    """A client of the app over a fresh copy of the filled store, for tests that write."""
    with TestClient(create_app(clone_store(), TOKEN), base_url="http://127.0.0.1") as opened:
        yield opened


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
