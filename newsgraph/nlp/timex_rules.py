"""Find time expressions in news text and resolve them to TimeML values.

Pure functions over strings (no tokens, no spaCy): :func:`find_timexes` returns
:class:`Timex` records and :func:`find_time_expressions` the public
:class:`~newsgraph.records.TimeExpression` records of the same expressions. Each is a
span of the text (``text[start:end] == timex.text``) with a TIMEX3 ``type`` and
``value``, following TimeML 1.2.1 (ISO-TimeML) as the TimeBank and AQUAINT
annotations of TempEval-3 apply it:

* **Extent.** A TIMEX3 holds the expression with its determiner and modifiers ("the
  third quarter", "early February", "earlier this week", "a year ago", "the 1990s")
  but not a preposition in front of it ("in November" → "November", "on Friday" →
  "Friday").
* **DATE and TIME values** are calendar values at the expression's granularity:
  ``2022-03-18`` (day), ``2022-W11`` (ISO week), ``2022-W10-WE`` (weekend),
  ``2022-03`` (month), ``2022-Q1`` (quarter), ``2022-H1`` (half year), ``2021-SU``
  (season: ``SP``, ``SU``, ``FA``, ``WI``), ``2022`` (year), ``199`` (decade: the
  1990s), ``19`` (century: the 20th). A TIME adds ``T`` and a clock time or a part of
  the day (``2022-03-18T22:00``, ``2022-03-18TMO``: ``MO``, ``AF``, ``EV``, ``NI``).
  Vague references are ``PRESENT_REF`` ("now", "currently"), ``PAST_REF``
  ("recently", "the past") and ``FUTURE_REF`` ("soon", "the future").
* **DURATION values** are ``P`` with an amount and a unit (``P2Y``, ``P9M``, ``P1W``,
  ``P10D``, ``PT5H``), ``X`` for a vague amount ("several years": ``PXY``); a **SET**
  is a recurring time ("every week": ``P1W``, "each Thursday": ``XXXX-WXX-4``).
* **mod** qualifies a value without changing it: "early February" is ``2022-02``
  with ``mod="START"``; ``MID``, ``END``, ``APPROX``, ``LESS_THAN``, ``MORE_THAN``,
  ``EQUAL_OR_MORE`` and ``EQUAL_OR_LESS`` are the others used here.

Resolution against the article date (TimeML's document creation time, DCT):

* Deictic expressions count from the article date: "today", "yesterday", "this
  week", "last month", "next year", "two weeks ago" (at the unit's granularity:
  ``2022-W09``).
* A bare weekday is the most recent one, the article's own day included ("Friday" in
  an article of Friday 2022-03-18 is 2022-03-18): news reports the past. It is the
  next one, the same day included, when its clause is in the future ("will meet
  Xi on Monday"; see :func:`clause_tense`). "last Friday" is the one before the
  article's day, "next Friday" the one after it, "this Friday" and "this coming
  Friday" the next one, the same day included.
* A month, a day of a month, a season or a quarter with no year is the nearest such
  period to the article date, weighted by the clause's tense (:func:`choose`): "in
  November" in a March article is the previous November.
* Expressions relative to another time count from the last expression found before
  them: "the following month", "that year", "the quarter". Financial news compares
  quarters, so "a year earlier", "a year ago" and "the year-ago quarter" after
  "third-quarter profit" are the third quarter a year before; such comparisons are
  not themselves antecedents.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from newsgraph.records import TimeExpression

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "future", "none"]
#: A unit code. Calendar units: D (day), W (ISO week), WE (weekend), M, Q (quarter), H (half
#: year), S (season), Y, E (decade), C (century); durations also take H (hour) and MIN.
Unit = str


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression with its TIMEX3 attributes: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    value: str
    type: TimexType = "DATE"
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, LESS_THAN, MORE_THAN, ...

    def expression(self) -> TimeExpression:
        """The public record."""
        return TimeExpression(self.start, self.end, self.text, self.value, self.type, self.mod)


# --------------------------------------------------------------------------- periods

_MONTHS_PER_UNIT = {"M": 1, "Q": 3, "S": 3, "H": 6, "Y": 12, "E": 120, "C": 1200}
_GRANULARITY = {"D": 0, "W": 1, "WE": 1, "M": 2, "Q": 3, "S": 3, "H": 4, "Y": 5, "E": 6, "C": 7}
_SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def _add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar period: a :data:`Unit` and the period's first day.

    Weeks are ISO weeks (from Monday; a weekend is known by its week's Monday).
    Seasons are the northern meteorological ones, from March 1, June 1, September 1
    and December 1; a winter belongs to the year of its December. A decade starts in
    a year ending in 0 and a century in a year ending in 00 (TimeML calls the 20th
    century ``19``).
    """

    unit: Unit
    first: date

    @classmethod
    def containing(cls, unit: Unit, day: date) -> Period:
        """The period of ``unit`` that contains ``day``."""
        if unit == "D":
            return cls(unit, day)
        if unit in ("W", "WE"):
            return cls(unit, day - timedelta(days=day.weekday()))
        if unit == "S":
            month = day.month - day.month % 3
            return cls(unit, date(day.year - 1, 12, 1) if month == 0 else date(day.year, month, 1))
        if unit in ("E", "C"):
            size = 10 if unit == "E" else 100
            return cls(unit, date(max(day.year - day.year % size, 1), 1, 1))
        size = _MONTHS_PER_UNIT[unit]
        return cls(unit, date(day.year, day.month - (day.month - 1) % size, 1))

    def shift(self, count: int) -> Period:
        """The period ``count`` units later (earlier when negative)."""
        if self.unit == "D":
            return Period(self.unit, self.first + timedelta(days=count))
        if self.unit in ("W", "WE"):
            return Period(self.unit, self.first + timedelta(weeks=count))
        return Period(self.unit, _add_months(self.first, count * _MONTHS_PER_UNIT[self.unit]))

    @property
    def last(self) -> date:
        """The last day of the period (of its whole week for a weekend)."""
        return self.shift(1).first - timedelta(days=1)

    @property
    def value(self) -> str:
        """The TIMEX3 value of the period."""
        year, month = self.first.year, self.first.month
        if self.unit == "D":
            return self.first.isoformat()
        if self.unit in ("W", "WE"):
            iso_year, week, _ = self.first.isocalendar()
            return f"{iso_year:04d}-W{week:02d}" + ("-WE" if self.unit == "WE" else "")
        if self.unit == "M":
            return f"{year:04d}-{month:02d}"
        if self.unit == "Q":
            return f"{year:04d}-Q{(month - 1) // 3 + 1}"
        if self.unit == "H":
            return f"{year:04d}-H{(month - 1) // 6 + 1}"
        if self.unit == "S":
            return f"{year:04d}-{_SEASON_CODES[month]}"
        if self.unit == "E":
            return f"{year // 10:03d}"
        if self.unit == "C":
            return f"{year // 100:02d}"
        return f"{year:04d}"


def choose(candidates: Iterable[Period], anchor: date, tense: Tense) -> Period:
    """The candidate an expression with no year refers to, seen from ``anchor``.

    The one containing ``anchor``, else the nearest, where a distance against the
    tense counts eight times (``past``: forward distances; ``future``: backward ones)
    and, with no tense, a forward distance counts double (news reports the past).
    So "in November" in a March article is the previous November, and "was extended
    to Nov. 16" in an October article the coming one.
    """
    forward, backward = {"past": (8, 1), "future": (1, 8), "none": (2, 1)}[tense]

    def distance(period: Period) -> int:
        if period.first > anchor:
            return forward * (period.first - anchor).days
        return backward * max((anchor - period.last).days, 0)

    return min(candidates, key=distance)


def _before(candidates: Iterable[Period], limit: date) -> Period:
    """The latest candidate that starts before ``limit``."""
    return max((period for period in candidates if period.first < limit), key=lambda period: period.first)


def _after(candidates: Iterable[Period], limit: date) -> Period:
    """The earliest candidate that starts after ``limit``."""
    return min((period for period in candidates if period.first > limit), key=lambda period: period.first)


# --------------------------------------------------------------------------- lexicon


def _numbered(groups: Iterable[str], start: int = 0) -> dict[str, int]:
    """``{"january": 1, "jan": 1, ...}`` from space-separated names of one thing per group."""
    return {name: number for number, names in enumerate(groups, start=start) for name in names.lower().split()}


MONTHS = _numbered(
    "January Jan|February Feb|March Mar|April Apr|May|June Jun|July Jul|August Aug|September Sept Sep|October Oct"
    "|November Nov|December Dec".split("|"),
    start=1,
)
#: Monday is 0, as in ``date.weekday()``.
WEEKDAYS = _numbered(
    "Monday Mon|Tuesday Tues Tue|Wednesday Wed|Thursday Thurs Thur Thu|Friday Fri|Saturday Sat|Sunday Sun".split("|")
)
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = (
    _numbered(_ONES, start=1)
    | _numbered(_TEENS, start=10)
    | {word: 10 * number for word, number in _numbered(_TENS, start=2).items()}
    | {"a": 1, "an": 1, "a couple of": 2, "a dozen": 12, "a hundred": 100}
)
VAGUE_NUMBERS = frozenset({"a few", "few", "several", "some", "many", "a number of"})
ORDINALS = _numbered(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
    start=1,
)
ORDINALS |= {f"twenty-{word}": 20 + number for word, number in list(ORDINALS.items())[:9]}
ORDINALS |= {"thirtieth": 30, "thirty-first": 31}
#: Units of time, singular; "minute" and "hour" only make durations.
UNITS: dict[str, str] = {
    "day": "D",
    "week": "W",
    "weekend": "WE",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "E",
    "century": "C",
    "hour": "H",
    "minute": "MIN",
}
DECADE_WORDS = {word.removesuffix("y") + "ies": number for word, number in _numbered(_TENS, start=2).items()}
#: TIMEX3 mod of the words that pick a part of a period.
EDGE_MODS = {
    "early": "START",
    "the beginning of": "START",
    "the start of": "START",
    "mid": "MID",
    "the middle of": "MID",
    "late": "END",
    "the end of": "END",
    "the close of": "END",
}
#: TIMEX3 mod of the words that qualify an amount of time.
AMOUNT_MODS = {
    "about": "APPROX",
    "around": "APPROX",
    "roughly": "APPROX",
    "approximately": "APPROX",
    "some": "APPROX",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "less than": "LESS_THAN",
    "under": "LESS_THAN",
    "more than": "MORE_THAN",
    "over": "MORE_THAN",
    "at least": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS",
    "within": "EQUAL_OR_LESS",
}


def _unit(word: str) -> str:
    """The unit code of a unit word, singular or plural ("centuries" → ``C``)."""
    word = word.lower()
    return UNITS[word] if word in UNITS else UNITS["century" if word == "centuries" else word[:-1]]


# --------------------------------------------------------------------------- regex pieces


def _words(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, a space matching any whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def _cased(words: Iterable[str]) -> str:
    """An alternation of ``words`` capitalised or in capitals: month and day names are proper nouns."""
    return _words(form for word in words for form in (word.capitalize(), word.upper()))


def _year_group(name: str) -> str:
    """A four-digit year 1600-2099 named ``name``, not part of a number ("1,990", "1990.5", "1990-91", "1990%")."""
    return rf"(?P<{name}>1[6-9]\d\d|20\d\d)(?![\d%]|[.,:/]\d|-\d|\w)"


_B = r"(?<![\w$£€#@/-])"  # a word begins here, and is no amount, handle or path
_E = r"(?![\w-])"  # a word ends here
_THE = r"(?:(?i:the)\s+)"
_MONTH_NAME = _cased(name for name in MONTHS if len(name) > 4 or name in ("march", "april", "june", "july", "may"))
_MONTH_ABBREVIATION = _cased(name for name in MONTHS if len(name) <= 4 and name not in ("june", "july", "may"))
_MONTH = rf"(?P<month>(?:{_MONTH_NAME})(?![\w-])|(?:{_MONTH_ABBREVIATION})(?:\.|(?![\w-])))"
_WEEKDAY_NAME = _cased(name for name in WEEKDAYS if name.endswith("day"))
_WEEKDAY = rf"(?P<weekday>(?:{_WEEKDAY_NAME})(?![\w-])|(?:{_cased(n for n in WEEKDAYS if not n.endswith('day'))})\.)"
_DAY = rf"(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:,.]\d)(?!\w)|(?i:{_words(ORDINALS)}){_E})"
_SPELLED_YEAR = (
    rf"(?P<spelled>(?i:(?:eighteen|nineteen|twenty)\s+(?:{_words(_TENS)})(?:[-\s](?:{_words(_ONES)}))?"
    rf"|(?:eighteen|nineteen)\s+(?:{_words(_TEENS)})|two\s+thousand(?:\s+(?:and\s+)?(?:{_words(_ONES + _TEENS)}))?))"
)
_YEAR_RELATION = r"(?P<year_relation>(?i:this|last|next))\s+(?i:year)"
_EDGE = rf"(?:(?P<edge>(?i:{_words(EDGE_MODS)}))\s+|(?P<edge_mid>(?i:mid))-\s*)"
_NUMBER = (
    rf"(?P<number>\d+(?:\.\d+)?|(?i:{_words(_TENS)})[-\s](?i:{_words(_ONES)})"
    rf"|(?i:{_words([*NUMBER_WORDS, *VAGUE_NUMBERS])}))"
)
_AMOUNT_MOD = rf"(?:(?P<amount_mod>(?i:{_words(AMOUNT_MODS)}))\s+(?!(?i:the)\s))"  # not "over the past week"
_UNIT_WORD = r"(?i:days?|weeks?|months?|quarters?|years?|decades?|century|centuries|hours?|minutes?)"
_PERIOD_WORD = r"(?i:day|week|month|quarter|year|decade|century|hour|minute)"
_DAY_EDGE = r"(?:(?P<edge>(?i:early|earlier|late|later))\s+)?"
_PART = r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"


# --------------------------------------------------------------------------- sentences and tense

_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|Jr|Sr|St|No|vs))(?<!Mrs)[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z])"
    r"(?!(?:[ECMP][SD]T|GMT|UTC)\b)|\n"
)
_TENSE_MARKERS = re.compile(
    r"(?<!\w)(?:(?P<future>will|'ll|’ll|shall|won't|won’t|going\s+to|plan(?:s|ned|ning)?\s+(?:to|for)|scheduled"
    r"|expected\s+to|expects?\s+to|(?:is|are)\s+(?:due\s+)?to|due|set\s+to|intends?\s+to|would|upcoming|coming|next(?!\s+to)"
    r"|effective|as\s+(?:soon|early)\s+as)|(?P<past>was|were|had|did|ago|last|earlier|since|ended))(?!\w)",
    re.IGNORECASE,
)
#: Where a new clause begins, with a tense of its own: ", which ...", "; ", " -- ".
_CLAUSE_BREAK = re.compile(r",\s*(?:which|who|where|when|while|but|although|though)\b|;|\s--\s|\s—\s", re.IGNORECASE)
_REPORTING = re.compile(r"(?<!\w)(?:said|says|say|told|tells|announced|reported|added|noted)(?!\w)", re.IGNORECASE)
_CONNECTIVES = re.compile(r"\b(?:on|in|by|at|since|until|from|during|for|and|but|then|also)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;\n]")
_CLAUSE_REACH = 250  # characters of the sentence before an expression that make its clause


def sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence or a line begins: 0, and after ``. `` (not after an initial, "Mr." or "a.m. EST")."""
    return [0, *(match.end() for match in _SENTENCE_END.finditer(text))]


def clause_tense(text: str, sentence_start: int, start: int, end: int) -> Tense:
    """The tense of the clause of the expression ``text[start:end]``, from marker words.

    The clause runs from the last break before the expression (", which", ", but",
    ";", a dash; at most 250 characters back) and from the last reporting verb: in
    "said Monday that it will ..." the expression dates the saying, so it is
    ``past``. When nothing but connectives precede the expression ("On Monday, the
    Senate will vote"), the words after it make the clause, up to the next reporting
    verb. The marker nearest the expression decides: ``future`` for will, 'll, plans
    to, scheduled, expected to, is to, next, effective, as soon as, ...; ``past`` for
    was, were, had, did, ago, last, since, ended; ``none`` when there is none.
    """
    before = text[max(sentence_start, start - _CLAUSE_REACH) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].start() :]
    reported = list(_REPORTING.finditer(before))
    if reported:
        before = before[reported[-1].end() :]
    bare = not re.search(r"\w", _CONNECTIVES.sub("", before))
    if reported and bare:
        return "past"
    markers = list(_TENSE_MARKERS.finditer(before))
    if markers:
        return "future" if markers[-1].group("future") else "past"
    if bare:
        after = text[end : end + 80]
        stop = _CLAUSE_END.search(after) or _REPORTING.search(after)
        marker = _TENSE_MARKERS.search(after[: stop.start()] if stop else after)
        if marker:
            return "future" if marker.group("future") else "past"
    return "none"


# --------------------------------------------------------------------------- resolution context


@dataclass(slots=True)
class Context:
    """What a rule needs besides its match: the text, the article date, the expressions so far."""

    text: str
    anchor: date
    starts: list[int]  # sentence starts
    found: list[tuple[int, Period]] = field(default_factory=list)  # antecedents: (start, period), in text order

    def sentence_start(self, position: int) -> int:
        return self.starts[bisect_right(self.starts, position) - 1]

    def tense(self, match: re.Match[str]) -> Tense:
        return clause_tense(self.text, self.sentence_start(match.start()), match.start(), match.end())

    def previous(
        self, position: int, units: tuple[str, ...] = (), same_sentence: bool = False, ended: bool = False
    ) -> Period | None:
        """The period of the last antecedent before ``position``.

        Only one of ``units`` when given; only in the sentence of ``position`` with
        ``same_sentence``; only one that ended before the article date with
        ``ended`` (results are reported for past quarters, forecasts for others).
        """
        floor = self.sentence_start(position) if same_sentence else -1
        for start, period in reversed(self.found):
            if start < floor:
                return None
            if start < position and (not units or period.unit in units) and (not ended or period.last < self.anchor):
                return period
        return None

    def previous_as(self, position: int, unit: Unit) -> Period | None:
        """The ``unit`` period of the last antecedent before ``position``, if that is as fine as ``unit``."""
        previous = self.previous(position)
        if previous is None or _GRANULARITY[previous.unit] > _GRANULARITY[unit]:
            return None
        return Period.containing(unit, previous.first)

    def word_before(self, position: int) -> str:
        """The word just before ``position`` (across spaces and punctuation), or ``""``."""
        found = re.search(r"([A-Za-z]+)\W*$", self.text[max(position - 30, 0) : position])
        return found.group(1) if found else ""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A rule's reading of a match: TIMEX3 type, value and mod, and the period later expressions may refer to."""

    type: TimexType
    value: str
    mod: str | None = None
    antecedent: Period | None = None


def _date(period: Period, mod: str | None = None) -> Resolved:
    """A DATE that later expressions may refer to."""
    return Resolved("DATE", period.value, mod, period)


def _comparison(period: Period, mod: str | None = None) -> Resolved:
    """A DATE named by comparison ("a year ago", "the year-ago quarter"), to which nothing later refers."""
    return Resolved("DATE", period.value, mod, None)


def _group(match: re.Match[str], *names: str) -> str:
    """The first of the named groups that matched, lowercased with single spaces, or ``""``."""
    for name in names:
        if name in match.re.groupindex and match.group(name):
            return " ".join(match.group(name).lower().split())
    return ""


def _year(match: re.Match[str], name: str = "year") -> int | None:
    """The year of group ``name`` (digits) or of group ``spelled`` ("nineteen ninety-six")."""
    if name in match.re.groupindex and match.group(name):
        return int(match.group(name))
    spelled = _group(match, "spelled")
    if not spelled:
        return None
    parts = re.split(r"[-\s]+", spelled)
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(NUMBER_WORDS.get(part, 0) for part in parts[2:])
    return NUMBER_WORDS[parts[0]] * 100 + sum(NUMBER_WORDS[part] for part in parts[1:])


def _edge_mod(match: re.Match[str]) -> str | None:
    return "MID" if _group(match, "edge_mid") else EDGE_MODS.get(_group(match, "edge"))


def _amount(word: str) -> int | float | None:
    """The number a figure or number word stands for; ``None`` when vague ("several")."""
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if re.fullmatch(r"\d+", word):
        return int(word)
    if re.fullmatch(r"\d+\.\d+", word):
        return float(word)
    parts = re.split(r"[-\s]", word)
    if len(parts) == 2 and all(part in NUMBER_WORDS for part in parts):
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def _ordinal(word: str) -> int:
    """1 for "first" or "1st"."""
    return ORDINALS[word] if word in ORDINALS else int(re.sub(r"\D", "", word))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_at(base: Period, count: int, unit: str) -> Period | None:
    """``base`` moved by ``count`` units at its own granularity ("a year earlier" than 1988-Q3 is 1987-Q3)."""
    if base.unit == unit:
        return base.shift(count)
    if base.unit in _MONTHS_PER_UNIT and unit in _MONTHS_PER_UNIT:
        months, size = count * _MONTHS_PER_UNIT[unit], _MONTHS_PER_UNIT[base.unit]
        return base.shift(months // size) if months % size == 0 else None
    if base.unit == "D" and unit == "W":
        return base.shift(7 * count)
    if base.unit == "D" and unit in _MONTHS_PER_UNIT:
        month = _add_months(base.first, count * _MONTHS_PER_UNIT[unit])
        return Period("D", month.replace(day=min(base.first.day, (_add_months(month, 1) - timedelta(days=1)).day)))
    return None


# --------------------------------------------------------------------------- handlers
# A handler reads a match as a Resolved, or returns None to reject it (then a shorter
# overlapping match may be read instead).

_PREPOSITIONS = frozenset(
    "in on since by until till through from to during before after between and or of early late mid last next "
    "this each every for about around circa".split()
)
_HOLIDAY_WORDS = frozenset("Good Black Super Ash Cyber Holy Maundy Easter Palm Bloody Blue Whit Shrove Fat".split())
_RATE_HEADS = frozenset("for in within about over than nearly almost after under least past last first next".split())
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_RELATION_SHIFT = {
    "this": 0,
    "current": 0,
    "the": 0,
    "the current": 0,
    "the full": 0,
    "last": -1,
    "past": -1,
    "previous": -1,
    "the past": -1,
    "this past": -1,
    "the latest": -1,
    "next": 1,
    "coming": 1,
    "the coming": 1,
    "this coming": 1,
}


def _with_part(period: Period, part: str, mod: str | None = None) -> Resolved:
    """A day, or a TIME of a part of it ("Friday morning": ``2022-03-18TMO``)."""
    if part:
        return Resolved("TIME", f"{period.value}T{PARTS_OF_DAY[part]}", mod, period)
    return _date(period, mod)


def _month_day(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "Nov. 15, 2021", "March 18", "18 March 2022", "Friday, Oct. 13", "July 2 last year"."""
    month, day = MONTHS[_group(match, "month").rstrip(".")], _ordinal(_group(match, "day"))
    year = _year(match)
    if relation := _group(match, "year_relation"):
        year = ctx.anchor.year + _RELATION_SHIFT[relation]
    if year is not None:
        found = _safe_date(year, month, day)
        return _date(Period("D", found)) if found else None
    candidates = [Period("D", d) for y in (-1, 0, 1) if (d := _safe_date(ctx.anchor.year + y, month, day))]
    if weekday := _group(match, "weekday"):  # "Friday, Oct. 13": the year in which the weekday fits
        candidates = [p for p in candidates if p.first.weekday() == WEEKDAYS[weekday.rstrip(".")]] or candidates
    return _date(choose(candidates, ctx.anchor, ctx.tense(match))) if candidates else None


def _numeric_date(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "2022-03-18", "3/18/2022", "3/18/22" (month first, as in US news)."""
    year = int(match.group("y"))
    if year < 100:
        year += 2000 if year <= ctx.anchor.year % 100 + 10 else 1900
    found = _safe_date(year, int(match.group("m")), int(match.group("d")))
    return _date(Period("D", found)) if found else None


def _month_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "November 2021", "early March 1996", "January this year"."""
    year = _year(match)
    if year is None:
        year = ctx.anchor.year + _RELATION_SHIFT[_group(match, "year_relation")]
    return _date(Period("M", date(year, MONTHS[_group(match, "month").rstrip(".")], 1)), _edge_mod(match))


def _month(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "November", "early February", "mid-November", "last April", "this September".

    A bare "May" needs a preposition before it (else it is the verb or a name), and
    a bare month is no month before a capitalised word ("June Carter"). "last
    April" skips the month just ended ("last February" in March is a year back: the
    one just ended is "last month"), and "next April" the month to come.
    """
    name, relation, mod = match.group("month"), _group(match, "relation"), _edge_mod(match)
    if not relation and not mod:
        previous = ctx.word_before(match.start()).lower()
        if name == "May" and previous not in _PREPOSITIONS:
            return None
        if _NAME_AFTER.match(ctx.text, match.end()):
            return None
    month = MONTHS[name.lower()]
    candidates = [Period("M", date(ctx.anchor.year + y, month, 1)) for y in (-2, -1, 0, 1, 2)]
    current = Period.containing("M", ctx.anchor)
    if relation == "this":
        chosen = Period("M", date(ctx.anchor.year, month, 1))
    elif relation in ("last", "past", "this past"):
        chosen = _before(candidates, current.shift(-1).first)
    elif relation in ("next", "coming", "this coming"):
        chosen = _after(candidates, current.shift(1).first)
    else:
        chosen = choose(candidates, ctx.anchor, ctx.tense(match))
    return _date(chosen, mod)


def _year_rule(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "2019", "fiscal 1989", "early 1990", "the end of 1994", "nineteen ninety-six".

    A bare number before 1900 is a year only after a preposition ("in 1848", not
    "1500 troops"); none is before a range or "percent".
    """
    year = _year(match)
    if year is None or re.match(r"\s*(?:[-–]\s*\d|percent\b)", ctx.text[match.end() : match.end() + 9]):
        return None
    if year < 1900 and match.group(0)[0].isdigit() and ctx.word_before(match.start()).lower() not in _PREPOSITIONS:
        return None
    return _date(Period("Y", date(year, 1, 1)), _edge_mod(match))


def _decade(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the 1990s" (``199``), "the late 1970s", "the '90s", "the nineties" (the latest nineties)."""
    if digits := _group(match, "digits"):
        decade = int(digits)
    else:
        short = _group(match, "short")
        tens = int(short) if short else DECADE_WORDS[_group(match, "word")]
        current = ctx.anchor.year // 10
        decade = current - (current - tens) % 10
    return _date(Period("E", date(max(decade * 10, 1), 1, 1)), _edge_mod(match))


def _century(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the 20th century" (``19``), "the early twentieth century"."""
    return _date(Period("C", date(max((_ordinal(_group(match, "ordinal")) - 1) * 100, 1), 1, 1)), _edge_mod(match))


def _latest_quarter(anchor: date) -> Period:
    """The last quarter that ended before ``anchor``: the one quarterly results report."""
    return Period.containing("Q", anchor).shift(-1)


def _part_of_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the third quarter", "third-quarter", "the 1988 fourth quarter", "the first half of 1990", "Q1 2022".

    With no year, the quarter (or half) of the article's year, or of the year before
    when it would begin more than one quarter (half) after the article's: "the
    fourth quarter" in January is the one just ended. "year-earlier" and "last
    year's" move it a year back, "next year's" a year on.
    """
    ordinal, lead, code = _group(match, "ordinal"), _group(match, "lead"), _group(match, "code")
    kind: Unit = "H" if _group(match, "kind") == "half" or code.startswith("h") else "Q"
    if ordinal == "last" and kind == "Q":
        return None  # "last quarter" is the one before this one: see _quarter_reference
    if kind == "H" and re.match(r"\s+of\s+the\b", ctx.text[match.end() : match.end() + 8]):
        return None  # "the first half of the '80s"
    number = int(code[1]) if code else 2 if ordinal == "last" else _ordinal(ordinal)
    if number > (2 if kind == "H" else 4):
        return None
    first_month = (number - 1) * _MONTHS_PER_UNIT[kind] + 1
    lead_year = re.match(r"\d{4}", lead)
    year = int(lead_year.group(0)) if lead_year else _year(match, "year_after")
    if year is None:
        relation = _group(match, "year_relation") or lead
        year = ctx.anchor.year
        if re.search(r"last|year[-\s](?:earlier|ago)|prior|previous", relation):
            year -= 1
        elif "next" in relation:
            year += 1
        elif date(year, first_month, 1) > Period.containing(kind, ctx.anchor).shift(1).first:
            year -= 1
    return _date(Period(kind, date(year, first_month, 1)))


_QUARTER_ENDED = re.compile(rf"\s+(?i:ended|ending|that\s+ended)\s+{_MONTH}\s+(?P<day>[0-3]?\d)\b")
_YEAR_BACK = re.compile(r"year[-\s](?:earlier|ago|before)|prior[-\s]year|comparable|corresponding|same|last year['’]s")


def _quarter_reference(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the quarter", "the latest quarter", "the year-ago period", "the 1988 quarter", "this quarter".

    The quarter referred to is the one of "the quarter ended Sept. 30", else the
    last quarter mentioned that has ended, else the last one ended before the
    article; "the year-ago quarter" is that one a year back.
    """
    which, kind, tail = _group(match, "which"), _group(match, "kind"), _group(match, "tail")
    if not which and (not match.group("the") or kind == "period"):
        return None  # "a quarter of", "the period": no time of their own
    if ended := _QUARTER_ENDED.match(ctx.text, match.end()):
        month, day = MONTHS[_group(ended, "month").rstrip(".")], int(ended.group("day"))
        days = [d for y in (-1, 0) if (d := _safe_date(ctx.anchor.year + y, month, day)) and d <= ctx.anchor]
        mentioned = Period.containing("Q", days[-1]) if days else None
    else:
        mentioned = ctx.previous(match.start(), ("Q",), ended=True)
    base = mentioned or _latest_quarter(ctx.anchor)
    current = Period.containing("Q", ctx.anchor)
    if re.fullmatch(r"\d{4}(?:['’]s)?", which):
        year = date(int(which[:4]), 1, 1)
        return _date(Period("Q", base.first.replace(year=year.year)) if mentioned else Period("Y", year))
    if _YEAR_BACK.search(which) or tail:
        return _comparison(base.shift(-4))
    if which in ("latest", "most recent", "last"):
        return _date(_latest_quarter(ctx.anchor))
    if which in ("current", "this"):
        return _date(current)
    if which in ("previous", "preceding", "prior"):
        return _date((mentioned or current).shift(-1))
    if which in ("next", "coming", "following"):
        return _date((mentioned or current).shift(1))
    return _date(base)


def _relative_unit(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "this week", "last month", "earlier this year", "the end of this week", "that year", "the following day"."""
    relation, unit, mod = _group(match, "relation"), _unit(_group(match, "unit")), _edge_mod(match)
    if unit == "WE":
        return _weekend(match, ctx, relation, mod)
    if relation in ("that", "the same"):
        period = ctx.previous_as(match.start(), unit)
    elif relation in ("the next", "the following", "the previous", "the preceding"):
        step = 1 if relation in ("the next", "the following") else -1
        base = ctx.previous_as(match.start(), unit) or Period.containing(unit, ctx.anchor)
        period = base.shift(step)
    elif unit == "D" or (relation == "the" and unit not in ("Y", "M", "W")):
        return None  # "the day", "the decade", "last day": no date of their own
    else:
        period = Period.containing(unit, ctx.anchor).shift(_RELATION_SHIFT[relation])
    return _date(period, mod) if period else None


def _weekend(match: re.Match[str], ctx: Context, relation: str, mod: str | None) -> Resolved:
    """ "this weekend" is the article's week's; "the weekend" the last one begun, or the next in a future clause."""
    this = Period.containing("WE", ctx.anchor)
    if relation in ("this", "this coming", "the coming", "coming"):
        period = this
    elif relation == "next":
        period = this.shift(1)
    elif relation in ("last", "past", "the past", "this past", "previous"):
        period = this.shift(-1)
    else:
        begun = ctx.anchor.weekday() >= 5
        period = this if begun or ctx.tense(match) == "future" else this.shift(-1)
    return _date(period, mod)


def _week_of(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the week of March 6": the ISO week of that day."""
    day = _month_day(match, ctx)
    return _date(Period.containing("W", date.fromisoformat(day.value))) if day else None


def _year_ago(match: re.Match[str], ctx: Context) -> Resolved | None:
    """The adjective "year-earlier" ("the year-earlier $4.5 million"): the last quarter a year back, or last year."""
    quarter = ctx.previous(match.start(), ("Q",), ended=True)
    return _comparison(quarter.shift(-4) if quarter else Period.containing("Y", ctx.anchor).shift(-1))


def _year_end(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "year-end", "around year end": the end of the article's year."""
    return _date(Period.containing("Y", ctx.anchor), "END")


def _ago(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "two weeks ago", "five years ago", "a decade ago" (from the article date), "a year earlier".

    The value has the unit's granularity (``2022-W09``), but decades and centuries
    count in years ("a decade ago" in 2022 is 2012, not the 2010s). "N units
    earlier" or "later" count from the last expression of the sentence, at its
    granularity when it is as fine as the unit ("a year earlier" after "Nov. 2,
    1988" is 1987-11-02); "a year ago" and "a year earlier" with none count from the
    last quarter mentioned, as results compare quarters. A vague amount ("a few
    years ago") is ``PAST_REF`` (``FUTURE_REF`` forward).
    """
    direction, unit = _group(match, "direction"), _unit(_group(match, "unit"))
    amount = _amount(_group(match, "number"))
    mod = AMOUNT_MODS.get(_group(match, "amount_mod"))
    backwards = direction in ("ago", "earlier", "before")
    if not isinstance(amount, int) or unit in ("H", "MIN"):
        return Resolved("DATE", "PAST_REF" if backwards else "FUTURE_REF", mod)
    if unit in ("E", "C"):
        unit, amount = "Y", amount * (10 if unit == "E" else 100)
    count = -amount if backwards else amount
    base = None
    if direction in ("earlier", "later", "before", "after"):
        base = ctx.previous(match.start(), same_sentence=True)
    if base is None and unit == "Y" and amount == 1 and direction in ("ago", "earlier"):
        base = ctx.previous(match.start(), ("Q",), ended=True)
    moved = _shift_at(base, count, unit) if base and _GRANULARITY[base.unit] <= _GRANULARITY[unit] else None
    return _comparison(moved or Period.containing(unit, ctx.anchor).shift(count), mod)


_DEICTIC_SHIFT = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0, "last": -1}


def _day_reference(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "yesterday", "today", "late yesterday", "tomorrow morning", "tonight", "this morning", "last night"."""
    word, part = _group(match, "deictic", "deictic_part", "tonight"), _group(match, "part", "part_of")
    shift = _DEICTIC_SHIFT.get(word, -2 if "before" in word else 2)  # or the day before yesterday, after tomorrow
    if word == "tonight":
        part = "tonight"
    elif word == "last" and part != "night":
        return None  # "last morning"
    return _with_part(Period("D", ctx.anchor + timedelta(days=shift)), part, _edge_mod(match))


def _weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The ``weekday`` nearest ``anchor`` in ``direction``: ``<=``, ``<``, ``>=`` or ``>``."""
    back, ahead = (anchor.weekday() - weekday) % 7, (weekday - anchor.weekday()) % 7
    if direction == "<=":
        return anchor - timedelta(days=back)
    if direction == "<":
        return anchor - timedelta(days=back or 7)
    if direction == ">=":
        return anchor + timedelta(days=ahead)
    return anchor + timedelta(days=ahead or 7)


def _weekday(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "Friday" (the most recent, or the next in a future clause), "last Friday", "Friday morning"."""
    if ctx.word_before(match.start()) in _HOLIDAY_WORDS:
        return None  # "Good Friday", "Black Monday"
    weekday, relation = WEEKDAYS[_group(match, "weekday")], _group(match, "relation")
    anchor = ctx.anchor
    if relation in ("the previous", "the following", "the next"):
        base = ctx.previous(match.start(), ("D",))
        anchor = base.first if base else anchor
    if relation in ("last", "past", "this past", "the previous"):
        direction = "<"
    elif relation in ("next", "the following", "the next"):
        direction = ">"
    elif relation in ("this", "this coming", "coming"):
        direction = ">="
    else:
        direction = ">=" if ctx.tense(match) == "future" else "<="
    return _with_part(Period("D", _weekday_near(anchor, weekday, direction)), _group(match, "part"), _edge_mod(match))


def _season(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "last summer", "this fall", "the winter of 1994", "summer 2021", "the early summer".

    With no year a season needs a modifier ("the" will do, except for "fall"), and
    is no season before a capitalised word ("the Winter Olympics"). "last summer" is
    the last one before the current season, "next summer" the first after it, "this
    summer" the nearest.
    """
    words = _group(match, "pre").replace("-", " ").split()
    name, year = _group(match, "season"), _year(match)
    mod = next((EDGE_MODS[word] for word in words if word in ("early", "late", "mid")), None)
    if year is not None:
        return _date(Period("S", date(year, SEASONS[name], 1)), mod)
    relation = " ".join(word for word in words if word in ("this", "last", "next", "past", "coming"))
    if (not relation and (not words or name == "fall")) or _NAME_AFTER.match(ctx.text, match.end()):
        return None
    current = Period.containing("S", ctx.anchor)
    candidates = [Period("S", date(ctx.anchor.year + y, SEASONS[name], 1)) for y in (-2, -1, 0, 1)]
    if relation in ("last", "past", "this past"):
        chosen = _before(candidates, current.first)
    elif relation == "next":
        chosen = _after(candidates, current.first)
    elif relation in ("coming", "this coming"):
        chosen = _after(candidates, current.first - timedelta(days=1))
    else:
        chosen = choose(candidates, ctx.anchor, "none" if relation == "this" else ctx.tense(match))
    return _date(chosen, mod)


def _vague(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "now", "currently" (``PRESENT_REF``); "recently", "the past" (``PAST_REF``); "soon", "the future"."""
    kind = next(name for name in ("present", "past", "future") if match.group(name))
    return Resolved("DATE", f"{kind.upper()}_REF")


def duration_value(amount: int | float | None, unit: str) -> str:
    """The TIMEX3 value of an amount of time: ``P2Y``, ``P9M`` (three quarters), ``P20Y`` (two decades), ``PT5H``."""
    code, scale = {"Q": ("M", 3), "E": ("Y", 10), "C": ("Y", 100), "MIN": ("M", 1)}.get(unit, (unit, 1))
    number = "X" if amount is None else f"{amount * scale:g}"
    return f"PT{number}{code}" if unit in ("H", "MIN") else f"P{number}{code}"


def _duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "five years", "the past two weeks", "the first nine months", "two-year", "several months", "for years".

    Ages ("52 years old"), fractions ("three-quarters of") and rates ("$5 a year",
    "twice a week") are no durations.
    """
    unit, number = _unit(_group(match, "unit", "plural")), _group(match, "number")
    amount = _amount(number) if number else None
    if number and amount is None and number not in VAGUE_NUMBERS:
        return None
    after = ctx.text[match.end() : match.end() + 6]
    if re.match(r"[-\s]old\b", after) or (unit == "Q" and re.match(r"\s+of\b", after)):
        return None
    if (
        number in ("a", "an")
        and not match.group("amount_mod")
        and ctx.word_before(match.start()).lower() not in _RATE_HEADS
    ):
        return None
    return Resolved("DURATION", duration_value(amount, unit), AMOUNT_MODS.get(_group(match, "amount_mod")))


def _set(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "every week" (``P1W``), "each Thursday" (``XXXX-WXX-4``), "every July", "each spring", "twice a year".

    Adverbs such as "daily" and "quarterly" are left out: TimeBank marks few of them
    (most are adjectives: "a quarterly dividend").
    """
    what = _group(match, "what", "unit")
    if what in WEEKDAYS:
        return Resolved("SET", f"XXXX-WXX-{WEEKDAYS[what] + 1}")
    if what in MONTHS:
        return Resolved("SET", f"XXXX-{MONTHS[what]:02d}")
    if what in SEASONS:
        return Resolved("SET", f"XXXX-{_SEASON_CODES[SEASONS[what]]}")
    return Resolved("SET", duration_value(1, _unit(what)))


def _clock(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "10 p.m.", "5:30 a.m. EST", "noon", "midnight": a TIME of the article's day, until joined to a day."""
    if named := _group(match, "named"):
        clock = "12:00" if named == "noon" else "24:00"
    else:
        hour = int(match.group("hour")) % 12 + (12 if _group(match, "ampm").startswith("p") else 0)
        clock = f"{hour:02d}:{match.group('minute') or '00'}"
    return Resolved("TIME", f"{ctx.anchor.isoformat()}T{clock}", AMOUNT_MODS.get(_group(match, "amount_mod")))


# --------------------------------------------------------------------------- rules

Handler = Callable[[re.Match[str], Context], Resolved | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern and the handler that reads its matches."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler


_MONTH_DAY = (
    rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}"
    rf"(?:,?\s+(?:{_year_group('year')}|{_SPELLED_YEAR})|\s+{_YEAR_RELATION})?"
)
_QUARTER_LEAD = (
    r"(?P<lead>(?:(?i:this|last|next)\s+(?i:year)['’]s|\d{4}['’]?s?|(?i:the\s+)?(?:year[-\s](?:earlier|ago)"
    r"|comparable|same|prior[-\s]year|year-before|latest|current|fiscal)(?:\s+(?i:year[-\s](?:earlier|ago)))?)\s+)?"
)

#: The rules, in order of preference between matches of the same extent.
RULES: tuple[Rule, ...] = tuple(
    Rule(name, re.compile(pattern), handler)
    for name, pattern, handler in (
        ("month_day", rf"{_B}{_MONTH_DAY}", _month_day),
        (
            "day_month",
            rf"{_B}(?:{_WEEKDAY},?\s+)?{_THE}?{_DAY}\s+(?:(?i:of)\s+)?{_MONTH}(?:,?\s+{_year_group('year')})?",
            _month_day,
        ),
        ("week_of", rf"{_B}(?i:the\s+week\s+of)\s+{_MONTH_DAY}", _week_of),
        ("iso_date", r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-]|\.\d)", _numeric_date),
        (
            "us_date",
            r"(?<![\w/.-])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\w/-]|\.\d)",
            _numeric_date,
        ),
        (
            "month_year",
            rf"{_B}(?:{_THE}?{_EDGE})?{_MONTH}(?:,|\s+(?i:of))?\s+"
            rf"(?:{_year_group('year')}|{_SPELLED_YEAR}|{_YEAR_RELATION})",
            _month_year,
        ),
        (
            "month",
            rf"{_B}(?:{_THE}?{_EDGE}|(?P<relation>(?i:this\s+past|this\s+coming|this|last|next|past|coming))\s+)?"
            rf"(?P<month>{_MONTH_NAME}){_E}",
            _month,
        ),
        (
            "year",
            rf"{_B}(?:{_THE}?{_EDGE}|(?i:fiscal(?:\s+year)?|the\s+year)\s+|FY\s*)?"
            rf"(?:{_year_group('year')}|{_SPELLED_YEAR}{_E})",
            _year_rule,
        ),
        (
            "decade",
            rf"(?<![\w$-]){_THE}?{_EDGE}?(?:(?P<digits>1\d\d|20\d)0['’]?s|['’](?P<short>\d)0s){_E}",
            _decade,
        ),
        ("decade_word", rf"{_B}{_THE}{_EDGE}?(?P<word>(?i:{_words(DECADE_WORDS)})){_E}", _decade),
        (
            "century",
            rf"{_B}{_THE}?{_EDGE}?(?P<ordinal>\d{{1,2}}(?:st|nd|rd|th)|(?i:{_words(ORDINALS)}))[-\s](?i:century){_E}",
            _century,
        ),
        (
            "part_of_year",
            rf"{_B}{_THE}?{_QUARTER_LEAD}(?:(?i:fiscal)[-\s]+)?"
            r"(?:(?P<ordinal>(?i:first|second|third|fourth|last|1st|2nd|3rd|4th))[-\s]+(?P<kind>(?i:quarter|half))"
            r"|(?P<code>Q[1-4]|H[12]))"
            rf"(?:\s+(?:(?i:of)\s+)?(?:(?i:fiscal\s+|FY\s*))?(?:{_year_group('year_after')}|{_YEAR_RELATION}))?{_E}",
            _part_of_year,
        ),
        (
            "quarter_reference",
            r"(?<![\w$£€#@/-])(?:(?P<the>(?i:the|its|that))\s+)?"
            r"(?:(?P<which>(?i:latest|most\s+recent|current|previous|preceding|prior|this|last|next|coming|following"
            r"|(?:comparable\s+)?year[-\s](?:earlier|ago|before)|comparable|corresponding|same|prior[-\s]year"
            r"|last\s+year['’]s|\d{4}))\s+)?(?:(?i:fiscal)\s+)?(?P<kind>(?i:quarter|period))"
            r"(?:\s+(?P<tail>(?i:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year)))?(?![\w-])",
            _quarter_reference,
        ),
        (
            "relative_unit",
            rf"{_B}(?:{_EDGE}|(?i:earlier|later)\s+)?"
            r"(?P<relation>(?i:this\s+past|this\s+coming|the\s+(?:past|previous|preceding|coming|current|following"
            r"|next|same|full|latest)|this|last|next|that|past|coming|previous|current|the))\s+(?:(?i:fiscal)\s+)?"
            rf"(?P<unit>(?i:week|weekend|month|year|decade|century|day)){_E}",
            _relative_unit,
        ),
        ("year_ago", r"(?<![\w-])(?i:year-(?:earlier|ago))(?=\s)", _year_ago),
        ("year_end", rf"{_B}(?:(?i:around|the)\s+)?(?i:year[-\s]end|year['’]s\s+end){_E}", _year_end),
        (
            "ago",
            rf"{_B}{_AMOUNT_MOD}?{_NUMBER}[-\s]+(?P<unit>{_UNIT_WORD})(?:\s+(?i:or\s+so))?"
            rf"\s+(?P<direction>(?i:ago|earlier|before|later|after|from\s+now|hence)){_E}",
            _ago,
        ),
        (
            "day_reference",
            rf"{_B}{_DAY_EDGE}(?:(?P<deictic>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
            rf"|yesterday|today|tomorrow)){_PART}|(?P<deictic_part>(?i:this|last))\s+"
            rf"(?P<part_of>(?i:morning|afternoon|evening|night))|(?P<tonight>(?i:tonight))){_E}",
            _day_reference,
        ),
        (
            "weekday",
            rf"{_B}{_DAY_EDGE}(?:(?P<relation>(?i:last|next|this\s+coming|this\s+past|this|the\s+previous"
            rf"|the\s+following|the\s+next|coming|past))\s+)?(?P<weekday>{_WEEKDAY_NAME}){_PART}{_E}",
            _weekday,
        ),
        (
            "season",
            r"(?<![\w-])(?P<pre>(?:(?i:the|this|last|next|past|coming|early|late|mid)[\s-]+){1,3})?"
            r"(?P<season>(?i:spring|summer|fall|autumn|winter))"
            rf"(?:\s+(?:(?i:of)\s+)?(?:{_year_group('year')}|{_SPELLED_YEAR}))?{_E}",
            _season,
        ),
        (
            "vague",
            rf"{_B}(?:(?P<present>(?i:right\s+now|now|currently|current|at\s+present|presently|nowadays|these\s+days))"
            r"|(?P<past>(?i:(?:more\s+)?recently|lately|formerly|the\s+past|(?:some\s+time|a\s+while|a\s+long\s+time)\s+ago"
            r"|recent(?:\s+(?:days|weeks|months|years|decades))?|(?:years|months|decades|long)\s+ago))"
            r"|(?P<future>(?i:soon(?!\s+(?:as|after|before|afterwards?)\b)|as\s+soon\s+as\s+possible|a\s+later\s+date"
            rf"|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future(?!\s+of\b)|(?:the\s+)?coming\s+(?:days|weeks|months|years)))){_E}",
            _vague,
        ),
        (
            "duration",
            rf"{_B}{_AMOUNT_MOD}?(?:{_THE}?(?i:past|last|next|first|coming|previous|following|latest|final|remaining"
            rf"|additional|same|entire|whole|full)\s+)?{_NUMBER}[-\s]+(?P<unit>{_UNIT_WORD})(?:[-\s](?i:long))?{_E}"
            rf"|(?<=[Ff]or\s)(?P<plural>(?i:weeks|months|years|decades)){_E}",
            _duration,
        ),
        (
            "set",
            rf"{_B}(?:(?i:every|each|per)\s+(?:(?i:other)\s+)?(?P<what>{_PERIOD_WORD}|{_WEEKDAY_NAME}|{_MONTH_NAME}"
            r"|(?i:spring|summer|fall|autumn|winter))"
            rf"|(?i:once|twice|\w+\s+times)\s+(?i:a)\s+(?P<unit>{_PERIOD_WORD})){_E}",
            _set,
        ),
        (
            "clock",
            rf"(?<![\w:.$]){_AMOUNT_MOD}?(?:(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*"
            r"(?P<ampm>(?i:a\.m\.|p\.m\.|am\b|pm\b))(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?|(?P<named>(?i:noon|midnight)))"
            r"(?![\w-])",
            _clock,
        ),
    )
)


# --------------------------------------------------------------------------- finding


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    rule: str
    resolved: Resolved


_Candidate = tuple[int, int, int, re.Match[str]]  # start, end, rule index, match


def _candidates(text: str) -> list[_Candidate]:
    """Every non-empty match of every rule."""
    return [
        (match.start(), match.end(), index, match)
        for index, rule in enumerate(RULES)
        for match in rule.pattern.finditer(text)
        if match.end() > match.start()
    ]


def _clusters(candidates: list[_Candidate]) -> Iterator[list[_Candidate]]:
    """Groups of candidates linked by overlaps, in text order."""
    cluster: list[_Candidate] = []
    reach = -1
    for candidate in sorted(candidates, key=lambda c: (c[0], c[1])):
        if cluster and candidate[0] >= reach:
            yield cluster
            cluster = []
        cluster.append(candidate)
        reach = max(reach, candidate[1])
    if cluster:
        yield cluster


def _resolve(text: str, anchor: date, candidates: list[_Candidate]) -> list[_Found]:
    """Resolved expressions in text order, none overlapping: of overlapping ``candidates`` (the text's
    matches), the longest that resolves."""
    ctx = Context(text, anchor, sentence_starts(text))
    chosen: list[_Found] = []
    for cluster in _clusters(candidates):
        accepted: list[_Found] = []
        for start, end, index, match in sorted(cluster, key=lambda c: (c[0] - c[1], c[2], c[0])):
            if any(start < other.end and other.start < end for other in accepted):
                continue
            try:
                resolved = RULES[index].handler(match, ctx)
            except (OverflowError, ValueError):  # "next week" of 9999-12-31: past the calendar's ends
                resolved = None
            if resolved is None:
                continue
            accepted.append(_Found(start, end, RULES[index].name, resolved))
            if resolved.antecedent is not None:
                insort(ctx.found, (start, resolved.antecedent), key=lambda item: item[0])
        chosen.extend(sorted(accepted, key=lambda found: found.start))
    return _join_clock_times(text, chosen)


_CLOCK_GAP = re.compile(r",?\s+")


def _join_clock_times(text: str, found: list[_Found]) -> list[_Found]:
    """A clock time next to a day ("10 p.m. Wednesday", "noon Thursday", "Nov. 9, 5 p.m.") makes one TIME."""
    joined: list[_Found] = []
    for item in found:
        previous = joined[-1] if joined else None
        if previous is not None and _CLOCK_GAP.fullmatch(text, previous.end, item.start):
            clock, day = (previous, item) if previous.rule == "clock" else (item, previous)
            period = day.resolved.antecedent
            if clock.rule == "clock" and day.rule != "clock" and period is not None and period.unit == "D":
                value = f"{period.value}T{clock.resolved.value.split('T', 1)[1]}"
                joined[-1] = _Found(
                    previous.start, item.end, "clock", Resolved("TIME", value, clock.resolved.mod, period)
                )
                continue
        joined.append(item)
    return joined


#: Two article dates to resolve against when an article has none: an expression
#: that resolves the same against both does not depend on the article date.
_PROBE_DATES = (date(2001, 1, 1), date(2010, 6, 16))


def find_timexes(text: str, article_date: str | None) -> list[Timex]:
    """The time expressions of ``text`` resolved against ``article_date`` (ISO), in text order.

    With no article date, only the expressions whose value does not depend on one
    are returned ("Nov. 15, 2021", "the 1990s", "five years", "recently").
    """
    candidates = _candidates(text)  # the matching, most of the cost, does not depend on the date
    if article_date:
        found = _resolve(text, date.fromisoformat(article_date[:10]), candidates)
    else:
        first, second = (_resolve(text, probe, candidates) for probe in _PROBE_DATES)
        stable = {(item.start, item.end, item.resolved.value) for item in second}
        found = [item for item in first if (item.start, item.end, item.resolved.value) in stable]
    return [
        Timex(
            item.start,
            item.end,
            text[item.start : item.end],
            item.resolved.value,
            item.resolved.type,
            item.resolved.mod,
        )
        for item in found
    ]


def find_time_expressions(text: str, article_date: str | None) -> list[TimeExpression]:
    """:func:`find_timexes` as :class:`~newsgraph.records.TimeExpression` records."""
    return [timex.expression() for timex in find_timexes(text, article_date)]
