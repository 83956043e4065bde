"""URLs as newsgraph keys them: normalised for deduplication, and an article id made from one."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WEB_SCHEMES = ("http", "https")
# Parameters that say how a reader came to a page, not which page it is.
TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid")
DEFAULT_PORTS = {"http": 80, "https": 443}
# A doc id stays a readable key; a longer path is cut and made unique by a digest of the whole URL.
MAX_ID = 160


def is_web(raw: str) -> bool:
    """Whether a command-line input is a web URL rather than a path (a malformed one too: its fetch
    will say what is wrong with it)."""
    return raw.split("://", 1)[0].lower() in WEB_SCHEMES and "://" in raw


def normalise(url: str) -> str:
    """The URL with scheme and host in lower case, no default port, no fragment and no tracking
    parameters: two links to one page compare equal."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # "host:99999", "[::1": kept as written, for the fetch to fail on with httpx's reason
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    netloc = host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(TRACKING)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def host_key(url: str) -> str:
    """What politeness counts per: scheme, host and port (robots.txt is per origin too)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def doc_id_for(url: str) -> str:
    """A readable article id: host and path of the normalised URL ("example.com/world/2024/story"),
    its query too when it has one."""
    parts = urlsplit(normalise(url))
    ident = parts.netloc + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    if len(ident) <= MAX_ID:
        return ident
    return f"{ident[: MAX_ID - 13]}#{hashlib.sha256(ident.encode()).hexdigest()[:12]}"
