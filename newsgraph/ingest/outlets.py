"""Outlets' names for the short names that file names and feeds use ("wash-post", "nyt").

The table below covers PolNeAR's seven outlets and large English-language ones; a JSON file
of ``{"short-name": "Outlet Name"}`` named by the ``outlets`` setting adds to it or overrides
it. A publisher that is no known short name is kept as given (an HTML page's site name is
already a name).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

KNOWN = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "huffpost": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "washpost": "The Washington Post",
    "west-journal": "The Western Journal",
    "wsj": "The Wall Street Journal",
    "ap": "Associated Press",
    "reuters": "Reuters",
    "afp": "Agence France-Presse",
    "bbc": "BBC",
    "cnn": "CNN",
    "cnbc": "CNBC",
    "fox-news": "Fox News",
    "guardian": "The Guardian",
    "npr": "NPR",
    "rt": "RT",
    "the-hill": "The Hill",
    "latimes": "Los Angeles Times",
}


@cache
def table(extra: str = "") -> dict[str, str]:
    """The known names, with those of the JSON file ``extra`` (when given) over them."""
    names = dict(KNOWN)
    if extra:
        given = json.loads(Path(extra).read_text(encoding="utf-8"))
        if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
            raise ValueError(f"{extra}: give a JSON object of short name to outlet name")
        names.update({key.casefold(): value for key, value in given.items()})
    return names


def outlet_name(publisher: str | None, extra: str = "") -> str | None:
    """The outlet's name for a short name, else the publisher as given."""
    if publisher is None:
        return None
    return table(extra).get(publisher.strip().casefold(), publisher)
