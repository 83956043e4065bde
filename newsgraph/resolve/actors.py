"""CAMEO-style actor codes (country plus sector: USAGOV, RUSMIL, SYRREB, ---OPP) from the
Phoenix dictionaries of PETRARCH-2, with the reason for each.

The method is PETRARCH's (Schrodt, Beieler and Idris 2014; TABARI before it): the longest
phrase of the actor's words found in the actor dictionaries names a person or body, and
the article's date picks the code it held then ("President Bush" is George W. Bush,
USAGOV, in 2008 and George H. W. Bush, USAGOV too, in 1991); the agents dictionary's
words for kinds of actor add a sector to a country ("Syrian rebels": SYR + REB). Codes
use the Phoenix dictionaries' three-letter country codes, which are ISO 3166-1 alpha-3
for every country ISO lists (Phoenix replaced CAMEO's older JAP, ITL, ROM and the like)
plus a few of CAMEO's own (KSV for Kosovo) and actor types in the country's place (IGO,
NGO, IMG, MNC); ``country`` stays ISO alpha-3 or None. No country is ``---``, as CAMEO
writes it ("the opposition": ---OPP).

A surname alone ("Bush") is taken only when one person in the dictionaries has it, or
when a title in the words ("President", "Foreign Minister") leaves one holder of that
sector at the date. The dictionary (``phoenix.py`` builds it) is read once, on first use,
into dicts keyed by ``phoenix.phrase_key``; a lookup costs a few dict probes per word of
the actor's phrase, never a scan of the dictionary.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

from newsgraph.nlp.event_lexicon import SECTOR_WORDS
from newsgraph.resolve.phoenix import DICTIONARY, phrase_key, words_of

NO_COUNTRY = "---"
# Actor types Phoenix writes in the country's place: intergovernmental, non-governmental,
# international militarized groups, multinational companies; their sector is the type.
ACTOR_TYPES = frozenset({"IGO", "NGO", "IMG", "MNC"})
# CAMEO's role codes (the CAMEO manual, 1.1b3, ch. 3): what a sector may be. Other three-letter parts
# are regions ("PSEGZA": Gaza), religions or ethnic groups, and no sector.
ROLES = frozenset(
    "COP GOV INS JUD MIL OPP PTY REB SEP SPY UAF "
    "AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED REF MOD RAD".split()
)
# Unions Phoenix codes a republic within ("SCGSRB": Serbia in Serbia and Montenegro, 1992-2006);
# ISO has no code for them, so the code is read as the republic's (SRB).
UNIONS = frozenset({"SCG", "YUG", "FRY", "USR", "SUN"})
# CAMEO's older country codes, which some gold data still uses, as ISO 3166-1 alpha-3.
LEGACY_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "SER": "SRB", "ANG": "AGO", "BAH": "BHS"}
# Words Phoenix's agents lack and event_lexicon's SECTOR_WORDS files under another sector.
WORDS = {**SECTOR_WORDS, "forces": "MIL", "force": "MIL", "negotiator": "GOV", "negotiators": "GOV"}
# Agents that speak for a body rather than name its kind: "a foreign ministry spokesman" is GOV,
# though Phoenix files spokesmen under MED; they leave the sector to the other words.
NEUTRAL_AGENTS = frozenset(
    {"SPOKESMAN", "SPOKESMEN", "SPOKESWOMAN", "SPOKESWOMEN", "SPOKESPERSON", "SPOKESPERSONS", "SOURCE", "SOURCES"}
)
HONORIFICS = frozenset({"MR", "MRS", "MS", "MISS", "DR", "SIR", "DAME", "LORD", "LADY"})
DATED, UNDATED, TITLED_SURNAME, UNIQUE_SURNAME, AGENT, WORD = 0.9, 0.7, 0.8, 0.6, 0.8, 0.6


@dataclass(frozen=True, slots=True)
class ActorCode:
    """An actor's CAMEO code and its parts, with why."""

    country: str | None  # ISO 3166-1 alpha-3
    sector: str | None  # CAMEO's first sector: GOV, MIL, REB, COP, OPP, JUD, ..., or IGO, NGO
    code: str | None  # CAMEO style: USAGOV, SYRREB, ---OPP, IGOUNO, RUS
    reason: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Holder:
    """One dictionary entry: a person or body and the codes it held, [code, start, end]."""

    name: str
    codes: tuple[tuple[str, str, str], ...]

    def code_at(self, date: str | None) -> tuple[str, str, bool] | None:
        """(code, its dates as the dictionary gives them, whether a dated code holds at ``date``):
        the latest-starting dated code whose range holds the date, else the undated one."""
        if date:
            held = [c for c in self.codes if (c[1] or c[2]) and c[1] <= date and (not c[2] or date < c[2])]
            if held:
                code, start, end = max(held, key=lambda c: c[1])
                return code, f"{start or '..'}/{end or '..'}", True  # an ISO 8601 interval
        undated = next((c for c in self.codes if not c[1] and not c[2]), None)
        if undated:
            return undated[0], "undated", False
        countries = {c[0][:3] for c in self.codes}  # no role then: the country all its roles were for
        return (countries.pop(), f"no code at {date}", False) if len(countries) == 1 else None


@dataclass(frozen=True, slots=True)
class Dictionary:
    names: dict[str, tuple[int, ...]]  # phrase key -> holders named so
    holders: tuple[Holder, ...]
    surnames: dict[str, tuple[int, ...]]  # last word of a person's own name -> holders
    agents: dict[str, str]  # phrase key -> "~REB" (a sector after the country) or "IGO~" (before it)
    longest: int  # words in the longest name or agent phrase

    def holders_of(self, key: str) -> list[Holder]:
        return [self.holders[i] for i in self.names.get(key, ())]


@cache
def dictionary() -> Dictionary:
    """The Phoenix actor dictionary shipped with the package, read on first use."""
    with gzip.open(DICTIONARY, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    names: dict[str, list[int]] = {}
    surnames: dict[str, list[int]] = {}
    holders = []
    for index, (keys, codes) in enumerate(data["actors"]):
        held = tuple((c[3:] if c[:3] in UNIONS and len(c) >= 6 else c, start, end) for c, start, end in codes)
        holders.append(Holder(keys[0], held))
        for key in keys:  # "THE UNITED NATIONS" is also "United Nations"; Phoenix's PEOPLES is "People's"
            for form in {key, key.removeprefix("THE "), key.replace("PEOPLES ", "PEOPLE ")}:
                names.setdefault(form, []).append(index)
        own = keys[0].split()
        if len(own) > 1 and any(c[1] or c[2] for c in codes):  # a person: a name held codes for dates
            surnames.setdefault(own[-1], []).append(index)
    longest = max(len(k.split()) for k in (*names, *data["agents"]))
    return Dictionary(
        {k: tuple(v) for k, v in names.items()},
        tuple(holders),
        {k: tuple(v) for k, v in surnames.items()},
        data["agents"],
        longest,
    )


@cache
def iso_country(code: str | None) -> str | None:
    """The ISO alpha-3 country of a CAMEO code's first three letters, or None (IGO, KSV, ---)."""
    if not code or len(code) < 3:
        return None
    prefix = code[:3]
    if prefix in LEGACY_COUNTRIES:
        return LEGACY_COUNTRIES[prefix]
    return prefix if pycountry.countries.get(alpha_3=prefix) is not None else None


def sector_of(code: str) -> str | None:
    """A code's first sector: USAGOVMED -> GOV; IGOUNO -> IGO; RUS -> None."""
    if code[:3] in ACTOR_TYPES:
        return code[:3]
    return code[3:6] if code[3:6] in ROLES else None


def recoded(code: str | None, country: str) -> str:
    """The same kind of actor for another country: "U.S. and Russian negotiators" are USAGOV and RUSGOV."""
    if code is None or code[:3] in ACTOR_TYPES:
        return code or country
    return country + code[3:]


def _phrases(words: list[str], table: dict[str, object], longest: int) -> list[tuple[int, int, str]]:
    """Longest-first, left-to-right matches of word sequences in ``table``: (start, end, key)."""
    keys = [w.upper() for w in words]
    found, i = [], 0
    while i < len(keys):
        for size in range(min(longest, len(keys) - i), 0, -1):
            key = " ".join(keys[i : i + size])
            if key in table:
                found.append((i, i + size, key))
                i += size
                break
        else:
            i += 1
    return found


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _named(words: list[str], start: int, end: int) -> bool:
    """Whether words[start:end] read as a name: capitalised, after a "the" ("the United Nations")."""
    first = start + 1 if words[start] == "the" and end - start > 1 else start
    return _capitalised(words[first])


def _in_name(words: list[str], i: int) -> bool:
    """Whether the word at ``i`` has a capitalised neighbour, as a word of a longer name does."""
    return any(0 <= j < len(words) and _capitalised(words[j]) for j in (i - 1, i + 1))


def _choose(
    holders: list[Holder], date: str | None, sector: str | None = None, strict: bool = False
) -> tuple[Holder, str, str, bool] | None:
    """The one holder (and code) a name means at ``date``: those whose dated codes hold then
    come first ("President Bush" in 2008), and those holding the title's ``sector`` then (only
    those, if ``strict``); several holders of different codes are no answer."""
    coded = [(h, *at) for h in holders if (at := h.code_at(date)) is not None]
    if sector is not None:
        titled = [c for c in coded if sector_of(c[1]) == sector]
        coded = titled if titled or strict else coded
    dated = [c for c in coded if c[3]]
    pool = dated or coded
    if not pool or len({c[1] for c in pool}) > 1:
        return None
    return pool[0]


def _by_surname(names: list[str], table: Dictionary, date: str | None, title: str | None) -> ActorCode | None:
    """A person named by a surname alone: the one holder of the title's sector at the date
    ("President Bush"), or the one person in the dictionaries with that surname."""
    surname = [w.upper() for w in names if w.upper() not in HONORIFICS]
    if len(surname) != 1:
        return None
    candidates = [table.holders[i] for i in table.surnames.get(surname[0], ())]
    if title is not None and (found := _choose(candidates, date, title, strict=True)) is not None:
        return _from_holder(found, date, TITLED_SURNAME, f" (surname {surname[0].title()} with the title)")
    if len(candidates) == 1 and (found := _choose(candidates, date)) is not None:
        return _from_holder(found, date, UNIQUE_SURNAME, f" (surname {surname[0].title()}, the only one)")
    return None


def _agent(words: list[str], table: Dictionary) -> tuple[str, str] | None:
    """(agent code, its words) of the phrase's head agent: the last one, spokesmen aside."""
    matches = [m for m in _phrases(words, table.agents, table.longest) if m[2] not in NEUTRAL_AGENTS]
    if matches:
        key = matches[-1][2]
        return table.agents[key], key
    word = next((w for w in reversed(words) if w.lower() in WORDS), None)
    return ("~" + WORDS[word.lower()], word) if word else None


def _compose(country: str | None, agent: str) -> tuple[str, str | None]:
    """(code, sector) of a country and an agent code: SYR + ~REB -> SYRREB; IGO~ -> IGO..."""
    if agent.endswith("~"):
        prefix = agent[:-1]
        return prefix + (country or ""), prefix[:3]
    suffix = agent.lstrip("~")
    return (country or NO_COUNTRY) + suffix, suffix[:3] if suffix[:3] in ROLES | ACTOR_TYPES else None


@lru_cache(maxsize=8192)
def resolve_actor(
    words: str,
    label: str | None,
    date: str | None,
    *,
    entity: str | None = None,
    role: str | None = None,
    country: str | None = None,
    context: str | None = None,
    sector: str | None = None,
) -> ActorCode:
    """The CAMEO code of an actor named by ``words`` (its phrase: "Russian Foreign Minister
    Sergei Lavrov", "Syrian rebels"), whose named entity is ``entity`` with spaCy ``label``,
    in an article dated ``date`` (ISO). ``role`` is what the article calls the person (the
    speaker profile's "foreign minister"); ``country`` the ISO country the caller already
    read from the words; ``context`` the one country the sentence is about, for a bare
    "police"; ``sector`` one to take when the words give none (an official: GOV).

    >>> resolve_actor("President Bush", "PERSON", "2008-05-02", entity="Bush").code
    'USAGOV'
    """
    table = dictionary()
    date = date[:10] if date else None
    tokens = words_of(words)
    own = words_of(entity) if entity else tokens
    role_words = words_of(role) if role else []
    # A place's own name says nothing of a sector ("Democratic People's Republic of Korea").
    kinds = tokens if label != "GPE" else [w for w in tokens if w not in own]
    agent = _agent(kinds, table) or (_agent(role_words, table) if role_words else None)
    title = sector_of(_compose(None, agent[0])[0]) if agent else None

    found, why = None, f"country {country} from the words" if country else ""
    # The profile's full name ("George W. Bush") when the phrase has only part of it ("Bush").
    inside = entity is None or f" {phrase_key(entity)} " in f" {' '.join(tokens).upper()} "
    for source in (tokens,) if inside else (tokens, own):
        for start, end, key in _phrases(source, table.names, table.longest):
            if not _named(source, start, end) or (choice := _choose(table.holders_of(key), date, title)) is None:
                continue
            code = choice[1]
            if end - start == 1 and not source[start].isupper() and _in_name(source, start):
                continue  # one word of a longer name ("Tigers" of "Liberation Tigers") is not the name
            if len(code) == 3 and code not in ACTOR_TYPES:  # a country's name: a modifier, or a place
                if country is None and not (label == "PERSON" and f" {key} " in f" {' '.join(own).upper()} "):
                    country = iso_country(code)
                    why = why or f"country {code} from '{' '.join(source[start:end])}' (Phoenix)"
                continue
            found = choice  # the last person or body named is the phrase's head
    if found is not None:
        if agent is not None and title not in (None, "ELI") and sector_of(found[1]) == "ELI":
            # The text's own title ("President Elias Hrawi", not "former President") is newer
            # evidence of the role than the dictionary's dates.
            held = _from_holder(found, date, WORD, f", but the words' title ({agent[1]}) says {title}", country)
            place = held.country or NO_COUNTRY
            return ActorCode(held.country, title, place + title, held.reason, WORD)
        return _from_holder(found, date, DATED if found[3] else UNDATED, "", country)
    if label == "PERSON" and (person := _by_surname(own, table, date, title)) is not None:
        return person

    if agent is None and sector is not None:
        agent = ("~" + sector, "the speaker profile")
    if country is None and agent is not None and context is not None and label is None:
        country, why = context, f"country {context} from the sentence"
    if agent is not None:
        code, sector_code = _compose(country, agent[0])
        reason = f"Phoenix agents: {agent[1]} [{agent[0]}]" + (f"; {why}" if why else "")
        return ActorCode(country, sector_code, code, reason, AGENT if country else WORD)
    if country is not None:
        return ActorCode(country, None, country, why or f"country {country}", AGENT)
    return ActorCode(None, None, None, f"'{words}' is not in the Phoenix dictionaries", 0.0)


def _from_holder(
    found: tuple[Holder, str, str, bool], date: str | None, confidence: float, note: str, country: str | None = None
) -> ActorCode:
    """The code a holder held; ``country`` is the words' for a body of none ("Palestinian Islamic Jihad": MEAREB)."""
    holder, code, dates, _ = found
    reason = f"Phoenix: {holder.name} [{code} {dates}]" + (f" at {date}" if date else "") + note
    country = iso_country(code) or (country if code[:3] not in ACTOR_TYPES else None)
    return ActorCode(country, sector_of(code), code, reason, confidence)
