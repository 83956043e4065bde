"""robots.txt, as RFC 9309 reads it: fetched once per origin and run, then obeyed.

A robots.txt that is missing (4xx) allows everything; one that cannot be had (5xx, a timeout, no
connection) forbids everything for the run, since the site may be saying "not now". Its Crawl-delay
for our user agent (or for ``*``) slows our requests to that host further.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsgraph.ingest.web.urls import host_key

#: RFC 9309: a crawler may ignore what comes after the first 500 KiB.
MAX_ROBOTS_BYTES = 500 * 1024
#: What ``load`` gives: the HTTP status and the body, or None and why nothing came back.
Loaded = tuple[int | None, bytes | str]


@dataclass(frozen=True, slots=True)
class Rules:
    """One origin's robots.txt: whether a path may be fetched, and the delay it asks for."""

    parser: RobotFileParser | None  # None: everything allowed
    forbid_all: bool = False
    why: str = ""

    def allows(self, url: str, agent: str) -> bool:
        if self.forbid_all:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)

    def delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        value = self.parser.crawl_delay(agent)
        return float(value) if value is not None else None


class Robots:
    """The rules of each origin seen, each loaded once by ``load(robots_url)``."""

    def __init__(self, agent: str, load: Callable[[str], Loaded]) -> None:
        self.agent = agent
        self._load = load
        self._rules: dict[str, Rules] = {}

    def rules(self, url: str) -> Rules:
        origin = host_key(url)
        if origin not in self._rules:
            self._rules[origin] = self._read(origin + "/robots.txt")
        return self._rules[origin]

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids ``url``, or None when it may be fetched."""
        rules = self.rules(url)
        if rules.allows(url, self.agent):
            return None
        return rules.why or f"forbidden by robots.txt ({urlsplit(url).path or '/'})"

    def delay(self, url: str) -> float | None:
        """The Crawl-delay, in seconds, that ``url``'s robots.txt asks of us."""
        return self.rules(url).delay(self.agent)

    def _read(self, robots_url: str) -> Rules:
        status, body = self._load(robots_url)
        if status is None or status >= 500 or isinstance(body, str):
            problem = f"HTTP {status}" if status is not None else f"no response: {body}"
            return Rules(None, forbid_all=True, why=f"robots.txt unavailable ({problem}): not fetching")
        if status >= 400:
            return Rules(None)
        parser = RobotFileParser(robots_url)
        parser.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").splitlines())
        return Rules(parser)
