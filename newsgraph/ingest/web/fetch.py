"""HTTP GET, politely: robots.txt obeyed, one request per host at a time at a set rate, retries
with exponential backoff, and limits on redirects, time and size.

Every failure is a ``FetchError`` whose message is the reason a person reads ("HTTP 404 Not Found",
"redirect loop: a -> b -> a", "too large: ..."); the caller names the URL. Bodies come back decoded
from gzip, deflate or brotli (httpx does it when the ``brotli`` package is there, and says so in its
Accept-Encoding), and the size limit counts the decoded bytes, so that a small compressed body cannot
unpack into gigabytes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from newsgraph import __version__
from newsgraph.ingest.readers import html_too_large
from newsgraph.ingest.web.robots import MAX_ROBOTS_BYTES, Loaded, Robots
from newsgraph.ingest.web.urls import host_key, is_web
from newsgraph.settings import Settings

Sleep = Callable[[float], None]
#: A response may take this many ``fetch_timeout`` in all, however steadily its bytes trickle in.
DEADLINE_TIMEOUTS = 4
Clock = Callable[[], float]


def default_agent() -> str:
    """The User-Agent sent when the ``user_agent`` setting is empty; robots.txt rules for
    ``newsgraph`` apply to it."""
    return f"newsgraph/{__version__} (+robots.txt honoured)"


class FetchError(Exception):
    """Why a URL gave nothing; the message is the reason alone."""


class Retry(Exception):
    """A response worth asking for again (429, 5xx, a timeout), and when the server says to."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.after = after


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET sends: the ETag and Last-Modified of the copy we have."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in sent.items() if value}


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: 200 with its body, or 304 (the copy we have still holds) with none."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    http_date: str | None  # the response's Date header, as sent
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP exchange, before redirects are followed."""

    status: int
    headers: httpx.Headers
    body: bytes


class HostTurns:
    """At most one request per host at a time, each host's requests at least ``interval`` apart (from
    the end of one to the start of the next)."""

    def __init__(self, sleep: Sleep, clock: Clock) -> None:
        self._sleep, self._clock = sleep, clock
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def turn(self, url: str, interval: float) -> Iterator[None]:
        key = host_key(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            wait = self._next.get(key, 0.0) - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                self._next[key] = self._clock() + interval


class Fetcher:
    """GETs under the settings' politeness rules; one per run (robots.txt is read once per origin)."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
    ) -> None:
        self.settings = settings
        self.agent = settings.user_agent or default_agent()
        self._sleep = sleep
        self._turns = HostTurns(sleep, clock)
        timeout = httpx.Timeout(settings.fetch_timeout)
        self._client = httpx.Client(headers={"User-Agent": self.agent}, timeout=timeout, transport=transport)
        self.robots = Robots(self.agent, self._load_robots)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(self, url: str, validators: Validators | None = None, accept: str = "text/html,*/*;q=0.8") -> Fetched:
        """The response to ``url`` after redirects, each hop allowed by its robots.txt."""
        headers = {"Accept": accept, **(validators.headers() if validators else {})}
        check_url(url)
        chain = [url]
        while True:
            current = chain[-1]
            if why := self.robots.refusal(current):
                raise FetchError(why)
            answer = self._retrying(current, headers)
            if answer.status in (301, 302, 303, 307, 308):
                chain.append(self._redirect(chain, answer))
                continue
            return Fetched(
                url=url,
                final_url=current,
                status=answer.status,
                body=answer.body,
                content_type=answer.headers.get("Content-Type"),
                etag=answer.headers.get("ETag"),
                last_modified=answer.headers.get("Last-Modified"),
                http_date=answer.headers.get("Date"),
                fetched_at=datetime.now(UTC),
            )

    def _redirect(self, chain: list[str], answer: Answer) -> str:
        location = answer.headers.get("Location")
        if not location:
            raise FetchError(f"HTTP {answer.status} redirect without a Location")
        target = urljoin(chain[-1], location)
        if not is_web(target):
            raise FetchError(f"redirect to {target!r}, not an http(s) URL")
        check_url(target)
        if target in chain:
            raise FetchError("redirect loop: " + " -> ".join([*chain, target]))
        if len(chain) > self.settings.max_redirects:
            raise FetchError(f"too many redirects: over {self.settings.max_redirects} (setting max_redirects)")
        return target

    def _interval(self, url: str) -> float:
        """Seconds between two requests to ``url``'s host: the rate's, or robots.txt's when longer."""
        return max(self.robots.delay(url) or 0.0, self._rate_interval())

    def _rate_interval(self) -> float:
        return 1.0 / self.settings.fetch_rate if self.settings.fetch_rate > 0 else 0.0

    def _retrying(self, url: str, headers: dict[str, str]) -> Answer:
        """One exchange, asked again on 429, 5xx or a timeout, after backoff * 2**attempt seconds
        or what Retry-After says, whichever is longer."""
        settings = self.settings
        interval = self._interval(url)
        for attempt in range(settings.fetch_retries + 1):
            try:
                with self._turns.turn(url, interval):
                    return self._exchange(url, headers)
            except Retry as retry:
                if attempt == settings.fetch_retries:
                    raise FetchError(f"{retry}, {attempt + 1} attempts") from None
                wait = max(retry.after or 0.0, settings.fetch_backoff * 2**attempt)
                if wait > settings.fetch_max_wait:
                    asked = "Retry-After" if retry.after is not None and retry.after >= wait else "the backoff"
                    raise FetchError(
                        f"{retry}: {asked} of {wait:.0f} s is over the {settings.fetch_max_wait:.0f} s"
                        " a fetch waits (setting fetch_max_wait)"
                    ) from None
                self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _exchange(self, url: str, headers: dict[str, str]) -> Answer:
        limit = self.settings.max_html_bytes
        # A server that sends a byte now and then never trips the read timeout: the whole response
        # gets a deadline too.
        deadline = time.monotonic() + DEADLINE_TIMEOUTS * self.settings.fetch_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    raise Retry(f"HTTP {status} {response.reason_phrase}", retry_after(response.headers))
                if 300 <= status < 400:
                    return Answer(status, response.headers, b"")
                if status >= 400:
                    raise FetchError(f"HTTP {status} {response.reason_phrase}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchError(html_too_large(limit))
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise FetchError(html_too_large(limit))
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("the whole response took too long")
                return Answer(status, response.headers, bytes(body))
        except httpx.TimeoutException:
            raise Retry(f"timed out (over {self.settings.fetch_timeout:g} s, setting fetch_timeout)") from None
        except httpx.DecodingError as error:
            raise FetchError(f"undecodable body: {error}") from None
        except httpx.TransportError as error:
            raise FetchError(f"no response: {error or type(error).__name__}") from None
        except (httpx.HTTPError, httpx.InvalidURL) as error:  # a URL httpx cannot send, a broken stream
            raise FetchError(f"{type(error).__name__}: {error}") from None

    def _load_robots(self, robots_url: str) -> Loaded:
        """robots.txt itself: a status and a body, or None and why nothing came back; redirects
        followed (RFC 9309 asks for at least five), no retries."""
        body = bytearray()
        try:
            with (
                self._turns.turn(robots_url, self._rate_interval()),
                self._client.stream("GET", robots_url, follow_redirects=True) as response,
            ):
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) >= MAX_ROBOTS_BYTES:
                        break
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return None, str(error) or type(error).__name__
        return response.status_code, bytes(body[:MAX_ROBOTS_BYTES])


def check_url(url: str) -> None:
    """A URL newsgraph can ask for, or a FetchError saying why not."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (it raises on a port out of range)
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as error:
        raise FetchError(f"not a valid URL: {error}") from None
    if not parts.hostname:
        raise FetchError("not a valid URL: no host")


def retry_after(headers: httpx.Headers) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date from now."""
    value = headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
