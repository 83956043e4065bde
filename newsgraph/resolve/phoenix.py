"""Build newsgraph's actor dictionary from PETRARCH-2's Phoenix dictionaries (MIT licence).

Read at build time only (``newsgraph build-actors --petrarch DIR``); the result,
``newsgraph/resolve/data/phoenix_actors.json.gz``, is package data, and nothing
reads the PETRARCH directory at run time.

The actor files (``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt``) are in TABARI's format: an entry's name on a line of
its own, its synonyms on ``+`` lines after it, and its CAMEO codes, each with the dates
it held, in brackets on the name line or on the lines after the synonyms::

    GEORGE_W._BUSH_  # CountryInfo.txt
    +PRESIDENT_BUSH_
        [USAELI 640101-010120]
        [USAGOV 010120-090120]
        [USAELI]

A code without dates holds whenever no dated one does; ``>D`` is "from D", ``<D``
"until D"; six-digit dates are YYMMDD, with years up to 30 read as 20YY (PETRARCH's
own pivot), eight-digit ones YYYYMMDD. ``_`` joins the words of a name; ``#`` starts a
comment.

The agents file (``Phoenix.agents.txt``) gives the words for kinds of actors: ``POLICE {} [~COP]``
(a suffix to the country's code), ``PEACEKEEPING_TROOPS {} [IGO~]`` (a prefix), with
substitution sets (``!MINIST! = MINISTER, MINISTRY, ...``), explicit plurals in braces
(``{}`` for none) and, as PETRARCH 0.5 does, regular plurals of the last word made for
the others (POLICE_OFFICER -> POLICE_OFFICERS, AUTHORITY -> AUTHORITIES).

Names are stored under ``phrase_key``, the key the resolver computes from an article's words.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
DATA_DIR = Path(__file__).parent / "data"
DICTIONARY = DATA_DIR / "phoenix_actors.json.gz"
NOTICE = DATA_DIR / "PHOENIX_LICENSE.txt"
YEAR_PIVOT = 30  # two-digit years up to 30 are 20YY, later ones 19YY

_CODE = re.compile(r"\[([^\]]*)\]")
_SUBSTITUTION = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
_PLURALS = re.compile(r"\{([^}]*)\}")


def words_of(text: str) -> list[str]:
    """The words of a name, case kept: accents, dots and a possessive 's dropped, any other
    punctuation a word break: "U.S. President George W. Bush's" -> US, President, George, W, Bush."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’][sS]\b", "", text).replace(".", "").replace("'", "")
    return [w for w in re.split(r"[\W_]+", text) if w]


def phrase_key(text: str) -> str:
    """The words of a name as the dictionary keys them, upper case and space-joined:
    "U.S. President George W. Bush's" -> "US PRESIDENT GEORGE W BUSH"; "BAN_KI-MOON" -> "BAN KI MOON"."""
    return " ".join(words_of(text)).upper()


def tabari_date(text: str) -> str:
    """An ISO date from a TABARI date: 010120 -> 2001-01-20, 19290101 -> 1929-01-01."""
    digits = text.strip()[-8:]  # a ten-digit slip ("1920030320") ends with the date meant
    if len(digits) == 6:
        year = int(digits[:2])
        year += 2000 if year <= YEAR_PIVOT else 1900
        month, day = digits[2:4], digits[4:6]
    else:  # eight digits, or a seven-digit slip ("2004017"): the year and what can be read
        year, month, day = int(digits[:4]), digits[4:6] or "01", digits[6:8] or "01"
    return f"{year:04d}-{int(month or 1):02d}-{max(int(day or 1), 1):02d}"


def parse_code(text: str) -> list[str] | None:
    """[code, start, end] of a bracketed code ("" for an open end), or None if it is no code."""
    parts = text.split(None, 1)
    if not parts or not re.fullmatch(r"[A-Z0-9-]+", parts[0]) or len(parts[0]) < 3:
        return None
    code, dates = parts[0], (parts[1].replace(" ", "") if len(parts) > 1 else "")
    if not dates:
        return [code, "", ""]
    if dates.startswith(">"):
        return [code, tabari_date(dates[1:]), ""]
    if dates.startswith("<"):
        return [code, "", tabari_date(dates[1:])]
    start, _, end = dates.partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    return [code, tabari_date(start), tabari_date(end)]


def _name(text: str) -> str:
    """A name's key without its parenthesised abbreviation: ADEN_ISLAMIC_ARMY_(AAIA)_ -> ADEN ISLAMIC ARMY."""
    return phrase_key(re.sub(r"\([^)]*\)", " ", text))


def read_actors(path: Path) -> list[list[Any]]:
    """[names, codes] for each entry of a TABARI actor file; the first name is the entry's own."""
    entries: list[list[Any]] = []
    names: list[str] = []
    codes: list[list[str]] = []

    def close() -> None:
        if names and codes:
            entries.append([list(dict.fromkeys(n for n in names if n)), codes])

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        found = [c for c in (parse_code(m) for m in _CODE.findall(line)) if c]
        text = _CODE.sub(" ", line).strip()
        if text.startswith("+"):
            names.append(_name(text[1:]))
        elif text:  # a new entry's name
            close()
            names, codes = [_name(text)], []
        codes += found
    close()
    return entries


def _plural(word: str) -> str:
    """PETRARCH's regular English plural of an agent's last word."""
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    if word.endswith("Y") and word[-2:-1] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "X", "CH", "SH")):
        return word + "ES"
    return word + "S"


def read_agents(path: Path) -> dict[str, str]:
    """Agent words (keyed as ``phrase_key``) -> their code: "~COP" for a suffix, "IGO~" for a prefix."""
    substitutions: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip().replace("[~ENV}", "[~ENV]")
        if match := _SUBSTITUTION.match(line):
            substitutions[match[1]] = [w.strip() for w in match[2].split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes or "~" not in codes[0]:
            continue
        code = codes[0].strip()
        braces = _PLURALS.search(line)
        phrase = _PLURALS.sub(" ", _CODE.sub(" ", line)).strip()
        forms = [phrase]
        for name, words in substitutions.items():
            if f"!{name}!" in phrase:
                forms = [f.replace(f"!{name}!", w) for f in forms for w in words]
        explicit = braces is not None
        plurals = [p for p in re.split(r"[,;]", braces[1]) if p.strip()] if braces else []
        for form in forms:
            key = phrase_key(form)
            if not key:
                continue
            agents.setdefault(key, code)
            if not explicit and "!" not in phrase:  # a substitution set lists its own plural forms
                *head, last = key.split()
                agents.setdefault(" ".join([*head, _plural(last)]), code)
        for form in plurals:
            agents.setdefault(phrase_key(form), code)
    return agents


def build(petrarch: Path, out: Path = DICTIONARY) -> dict[str, int]:
    """Write the actor dictionary (and the MIT licence notice next to it); the counts written."""
    actors = [entry for name in ACTOR_FILES for entry in read_actors(petrarch / name)]
    agents = read_agents(petrarch / AGENT_FILE)
    data = {
        "source": "PETRARCH-2 Phoenix dictionaries (github.com/openeventdata/petrarch2), MIT licence",
        "actors": actors,
        "agents": agents,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(payload)  # mtime 0: the same sources give the same bytes
    shutil.copyfile(petrarch / "LICENSE", out.parent / NOTICE.name)
    return {"actors": len(actors), "names": sum(len(n) for n, _ in actors), "agents": len(agents)}
