"""A real HTTP server on 127.0.0.1 for the web-ingest tests, and the settings they fetch with.

``Site`` serves routes from a thread (``http.server``); each route is a function of the request
giving a ``Reply``, and every request is logged (path, Host, User-Agent, conditional headers and the
status sent), so that a test can say what was and was not fetched. Pages carry an ETag and answer a
matching If-None-Match with 304. Nothing here reaches outside the machine.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsgraph.settings import Settings


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    path: str
    host: str
    agent: str
    if_none_match: str | None
    status: int


Route = Callable[[BaseHTTPRequestHandler], Reply]


def page_html(title: str, body: str, date: str | None = None, canonical: str | None = None, extra: str = "") -> str:
    """A news page: head metadata, a nav, the article's paragraphs and a footer."""
    meta = f'<meta property="article:published_time" content="{date}T09:00:00Z">' if date else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{meta}{link}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}{extra}</article>"
        "<footer>Copyright 2024 The Test Courier</footer></body></html>"
    )


def html_reply(markup: str | bytes, content_type: str = "text/html; charset=utf-8", etag: bool = True) -> Reply:
    body = markup.encode("utf-8") if isinstance(markup, str) else markup
    headers = {"Content-Type": content_type}
    if etag:
        headers["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers["Last-Modified"] = "Wed, 01 May 2024 09:00:00 GMT"
    return Reply(200, body, headers)


class Site:
    """The routes, the request log and the server's base URL."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Hit] = []
        self.lock = threading.Lock()
        self.robots: dict[str, str] = {}  # by host name: "127.0.0.1", "localhost"
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, route: Route | Reply | str) -> None:
        if isinstance(route, str):
            route = html_reply(route)
        if isinstance(route, Reply):
            fixed = route
            self.routes[path] = lambda _request: fixed
        else:
            self.routes[path] = route

    def hits(self, path: str) -> list[Hit]:
        with self.lock:
            return [hit for hit in self.log if hit.path == path]

    def clear(self) -> None:
        with self.lock:
            self.log.clear()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle(self) -> None:
                with contextlib.suppress(ConnectionError):  # a client that gave up mid-request
                    super().handle()

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
                route = site.routes.get(self.path)
                if route is None and self.path == "/robots.txt":
                    text = site.robots.get(host)
                    reply = Reply(200, text.encode(), {"Content-Type": "text/plain"}) if text else Reply(404)
                else:
                    reply = route(self) if route else Reply(404, b"not here")
                etag = reply.headers.get("ETag")
                asked = self.headers.get("If-None-Match")
                if reply.status == 200 and etag and asked == etag:
                    reply = Reply(304, b"", {"ETag": etag})
                with site.lock:
                    site.log.append(Hit(self.path, host, self.headers.get("User-Agent", ""), asked, reply.status))
                body = reply.body if self.command == "GET" else b""
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)  # a client that gives up (a size limit) is handle()'s

            def log_message(self, *_: object) -> None:
                pass  # the log is ``site.log``

        return Handler


@pytest.fixture(name="site")
def site_fixture() -> Iterator[Site]:
    """A fresh server for one test."""
    served = Site()
    served.thread.start()
    try:
        yield served
    finally:
        served.server.shutdown()
        served.server.server_close()


def quick(**overrides: object) -> Settings:
    """Settings for tests: no waiting between requests, short timeouts and backoffs."""
    given = {"fetch_rate": 1000.0, "fetch_backoff": 0.01, "fetch_timeout": 2.0, "fetch_retries": 2, **overrides}
    return Settings(**given)  # type: ignore[arg-type]


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)
