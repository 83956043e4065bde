from __future__ import annotations

import dataclasses
import io
import json
import os
from pathlib import Path

import pytest

from newsgraph.ingest.readers import count_inputs, read_paths
from newsgraph.records import Article, ReadFailure, Skipped
from newsgraph.settings import Settings

SETTINGS = Settings()
HTML = """<html><head><title>Port news</title><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-05-03"></head><body><nav>Home | News</nav>
<article><h1>Bridge vote</h1><p>PORT ELLIS (AP) — The council voted on Thursday to repair the bridge, ending
a long dispute over the cost of the work.</p><p>“We could not wait another winter,” Mayor Dana Whitfield said
after the vote, adding that work would start in June.</p></article><footer>Copyright 2024</footer></body></html>"""


def read(paths: list[str], default_date: str | None = None, stdin: bytes = b"") -> list[Article | ReadFailure]:
    return list(read_paths(paths, SETTINGS, default_date, stdin=io.BytesIO(stdin)))


@pytest.mark.parametrize(
    ("name", "content", "date", "publisher"),
    [
        ("plain.txt", " date 2022-03-18 Caption here.\n\nBody.", "2022-03-18", None),
        ("nytimes_2016-10-01_some-slug.txt", "Body text.", "2016-10-01", "nytimes"),
        ("undated.txt", "Body text.", "2020-02-02", None),  # from --date
    ],
)
def test_readers_txt_date(tmp_path: Path, name: str, content: str, date: str, publisher: str | None) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    [article] = read([str(tmp_path / name)], default_date="2020-02-02")
    assert isinstance(article, Article)
    assert (article.doc_id, article.date, article.text, article.publisher) == (
        Path(name).stem,
        date,
        content,
        publisher,
    )


def test_readers_html(tmp_path: Path) -> None:
    (tmp_path / "port.html").write_text(HTML, encoding="utf-8")
    [article] = read([str(tmp_path / "port.html")])
    assert isinstance(article, Article)
    assert article.date == "2024-05-03"
    assert article.author == "Jane Roe"
    assert "“We could not wait another winter,”" in article.text
    assert "Copyright" not in article.text and "Home | News" not in article.text


def test_readers_jsonl(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a1",
            "text": "First “quoted” text.",
            "date": "2024-01-02",
            "title": "T",
            "publisher": "P",
        },
        {
            "id": 7,
            "text": "Second.",
            "date": "2024-01-03T10:00:00Z",
            "url": "https://example.org/7",
        },
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    first, second = read([str(path)])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.doc_id, first.title, first.publisher, first.text) == (
        "a1",
        "T",
        "P",
        "First “quoted” text.",
    )
    assert (second.doc_id, second.date, second.url) == ("7", "2024-01-03", "https://example.org/7")


def test_readers_stdin() -> None:
    [article] = read(["-"], stdin="date 2024-01-01\nHello “there.”".encode())
    assert isinstance(article, Article)
    assert (article.doc_id, article.date, article.text) == (
        "stdin",
        "2024-01-01",
        "date 2024-01-01\nHello “there.”",
    )


def test_readers_directory_recursive(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / "a" / "b" / "notes.md").write_text("ignored", encoding="utf-8")
    found = read([str(tmp_path)], default_date="2024-01-01")
    assert sorted(a.doc_id for a in found if isinstance(a, Article)) == ["one", "two"]
    assert [(Path(s.path).name, s.reason) for s in found if isinstance(s, Skipped)] == [
        ("notes.md", "unknown file type .md: expected one of .txt, .html, .htm, .jsonl")
    ]


def test_readers_directory_walk_says_what_it_skips(tmp_path: Path) -> None:
    """A FIFO, a dangling link and an unknown type in a directory are skipped with a reason, never opened."""
    (tmp_path / "good.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / "page.html.gz").write_bytes(b"\x1f\x8b")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    found = read([str(tmp_path)], default_date="2024-01-01")
    assert [a.doc_id for a in found if isinstance(a, Article)] == ["good"]
    assert {Path(s.path).name: s.reason for s in found if isinstance(s, Skipped)} == {
        "gone.txt": "dangling link",
        "page.html.gz": "unknown file type .gz: expected one of .txt, .html, .htm, .jsonl",
        "pipe.txt": "not a regular file: a FIFO",
    }
    assert not [f for f in found if isinstance(f, ReadFailure)]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1.txt", "caf\u00e9 said".encode("latin-1"), "not UTF-8"),
        ("broken.html", b"<html><body><", "malformed HTML"),
        ("undated.txt", b"No date anywhere.", "no date"),
        ("bad.jsonl", b'{"id": "x", "text": "ok", "date": "2024-01-01"\n', "malformed JSON"),
        ("missing.jsonl", b'{"id": "x", "date": "2024-01-01"}\n', "missing field 'text'"),
        ("notobject.jsonl", b"[1, 2]\n", "must be a JSON object"),
        ("baddate.jsonl", b'{"id": "x", "text": "ok", "date": "yesterday"}\n', "bad date"),
        ("image.png", b"\x89PNG", "unknown file type"),
    ],
)
def test_readers_bad_input(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [failure] = read([str(path)])
    assert isinstance(failure, ReadFailure)
    assert failure.path.startswith(str(path))
    assert reason in failure.reason


def test_readers_bad_jsonl_line_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "a", "text": "A.", "date": "2024-01-01"}\nnot json\n{"id": "b", "text": "B.", "date": "2024-01-01"}\n'
    )
    first, failure, last = read([str(path)])
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(failure, ReadFailure) and failure.path == f"{path}:2"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\n \n", "empty"), (b'{"id": "x\x00\x01"}', "binary file, not text")],
)
def test_readers_bad_jsonl_file(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    assert read([str(path)]) == [ReadFailure(str(path), reason)]


def test_readers_jsonl_size_limit_is_per_article(tmp_path: Path) -> None:
    small = json.dumps({"id": "small", "text": "Short.", "date": "2024-01-01"})
    big = json.dumps({"id": "big", "text": "word " * (SETTINGS.max_bytes // 5), "date": "2024-01-01"})
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join([small, big, small.replace("small", "again")]) + "\n", encoding="utf-8")
    first, failure, last = read([str(path)])
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(failure, ReadFailure) and failure.path == f"{path}:2" and "too large" in failure.reason


def test_readers_oversized(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (SETTINGS.max_bytes // 5 + 1))
    [failure] = read([str(path)], default_date="2024-01-01")
    assert isinstance(failure, ReadFailure) and "too large" in failure.reason


def test_readers_missing_and_unreadable(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    # Reading /proc/self/mem fails with EIO whoever reads it, root included.
    (tmp_path / "unreadable.txt").symlink_to("/proc/self/mem")
    names = ["dangling.txt", "nowhere.txt", "unreadable.txt"]
    results = read([str(tmp_path / name) for name in names], "2024-01-01")
    assert [(Path(r.path).name, r.reason) for r in results if isinstance(r, ReadFailure)] == [
        ("dangling.txt", "dangling link"),
        ("nowhere.txt", "no such file"),
        ("unreadable.txt", "unreadable: Input/output error"),
    ]


@pytest.mark.parametrize(
    ("name", "outlets", "publisher"),
    [
        ("wash-post_2016-09-08_virginian.txt", None, "The Washington Post"),  # a known short name
        ("nytimes_2016-10-01_some-slug.txt", None, "nytimes"),  # unknown: as given
        ("nytimes_2016-10-01_some-slug.txt", {"NYTimes": "The New York Times"}, "The New York Times"),
        ("nyt_2016-10-01_some-slug.txt", {"nyt": "NYT"}, "NYT"),  # the setting's file wins
    ],
)
def test_readers_outlet_names(tmp_path: Path, name: str, outlets: dict[str, str] | None, publisher: str) -> None:
    (tmp_path / name).write_text("Body text.", encoding="utf-8")
    settings = SETTINGS
    if outlets is not None:
        (tmp_path / "outlets.json").write_text(json.dumps(outlets), encoding="utf-8")
        settings = dataclasses.replace(SETTINGS, outlets=str(tmp_path / "outlets.json"))
    [article] = read_paths([str(tmp_path / name)], settings)
    assert isinstance(article, Article) and article.publisher == publisher


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": 4.2, "text": "x", "date": "2022-03-18"}', "field 'id' must be a string, not float"),
        ('{"id": true, "text": "x", "date": "2022-03-18"}', "field 'id' must be a string, not bool"),
        ('{"id": null, "text": "x", "date": "2022-03-18"}', "field 'id' must be a string, not NoneType"),
        ('{"id": "a", "text": ["x"], "date": "2022-03-18"}', "field 'text' must be a string, not list"),
        ('{"id": "a", "text": "x", "title": {"a": 1}, "date": "2022-03-18"}', "field 'title' must be a string"),
        ('{"id": " ", "text": "x", "date": "2022-03-18"}', "field 'id' is empty"),
        ('{"id": "a", "text": "a \\ud800 b", "date": "2022-03-18"}', "lone surrogate (\\ud800)"),
        ('{"id": "a", "text": "x", "date": "9999-12-31"}', "between 1000 and 2999"),
        ('{"id": "a", "text": "x", "date": "0999-01-01"}', "between 1000 and 2999"),
    ],
)
def test_readers_jsonl_line_of_the_wrong_shape_fails_alone(tmp_path: Path, line: str, reason: str) -> None:
    good = '{"id": "good", "text": "Body.", "date": "2022-03-18"}'
    (tmp_path / "mixed.jsonl").write_text(f"{line}\n{good}\n", encoding="utf-8")
    failure, article = read([str(tmp_path / "mixed.jsonl")])
    assert isinstance(failure, ReadFailure) and failure.path.endswith("mixed.jsonl:1")
    assert reason in failure.reason
    assert isinstance(article, Article) and article.doc_id == "good"


def test_readers_special_files_are_refused_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer forever
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    paths = [str(tmp_path / "pipe.txt"), "/dev/null", str(tmp_path / "dangling.txt"), str(tmp_path / "loop.txt")]
    found = read(paths, default_date="2022-01-01")
    assert all(isinstance(f, ReadFailure) for f in found)
    assert [f.reason for f in found[:3]] == [  # type: ignore[union-attr]
        "not a regular file: a FIFO",
        "not a regular file: a character device",
        "dangling link",
    ]
    assert "symbolic links" in found[3].reason  # type: ignore[union-attr]


def test_readers_count_inputs_as_read_paths_gives_them(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text("<p>Two.</p>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "1", "text": "x"}\n\n{"id": "2", "text": "y"}\n', encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")  # one failure
    (tmp_path / "notes.md").write_text("skipped", encoding="utf-8")
    given = [str(tmp_path)]
    read = [r for r in read_paths(given, Settings()) if not isinstance(r, Skipped)]
    assert count_inputs(given) == len(read) == 5
    assert count_inputs([str(tmp_path / "a.txt"), "-"]) is None  # stdin: no total
