"""The words of time expressions and the regex pieces the time rules are built of: month,
weekday, season and number words, ordinals, units, the modifiers that map to a TIMEX3 ``mod``,
and the patterns of a month, a day, a year, an amount and a modifier."""

from __future__ import annotations

import re
from collections.abc import Iterable


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


def unit_code(word: str) -> str:
    """The unit code of a unit word, singular or plural ("centuries" → ``C``)."""
    word = word.lower()
    return UNITS[word] if word in UNITS else UNITS["century" if word == "centuries" else word[:-1]]


def one_of(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, a space matching any whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def _cased(words: Iterable[str]) -> str:
    """An alternation of ``words`` capitalised or in capitals: month and day names are proper nouns."""
    return one_of(form for word in words for form in (word.capitalize(), word.upper()))


def year_group(name: str) -> str:
    """A four-digit year 1600-2099 named ``name``, not part of a number ("1,990", "1990.5", "1990-91", "1990%")."""
    return rf"(?P<{name}>1[6-9]\d\d|20\d\d)(?![\d%]|[.,:/]\d|-\d|\w)"


WORD_START = r"(?<![\w$£€#@/-])"  # a word begins here, and is no amount, handle or path
WORD_END = r"(?![\w-])"  # a word ends here
THE = r"(?:(?i:the)\s+)"
MONTH_NAME = _cased(name for name in MONTHS if len(name) > 4 or name in ("march", "april", "june", "july", "may"))
_MONTH_ABBREVIATION = _cased(name for name in MONTHS if len(name) <= 4 and name not in ("june", "july", "may"))
MONTH = rf"(?P<month>(?:{MONTH_NAME})(?![\w-])|(?:{_MONTH_ABBREVIATION})(?:\.|(?![\w-])))"
WEEKDAY_NAME = _cased(name for name in WEEKDAYS if name.endswith("day"))
WEEKDAY = rf"(?P<weekday>(?:{WEEKDAY_NAME})(?![\w-])|(?:{_cased(n for n in WEEKDAYS if not n.endswith('day'))})\.)"
DAY = rf"(?P<day>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:,.]\d)(?!\w)|(?i:{one_of(ORDINALS)}){WORD_END})"
SPELLED_YEAR = (
    rf"(?P<spelled>(?i:(?:eighteen|nineteen|twenty)\s+(?:{one_of(_TENS)})(?:[-\s](?:{one_of(_ONES)}))?"
    rf"|(?:eighteen|nineteen)\s+(?:{one_of(_TEENS)})|two\s+thousand(?:\s+(?:and\s+)?(?:{one_of(_ONES + _TEENS)}))?))"
)
YEAR_RELATION = r"(?P<year_relation>(?i:this|last|next))\s+(?i:year)"
EDGE = rf"(?:(?P<edge>(?i:{one_of(EDGE_MODS)}))\s+|(?P<edge_mid>(?i:mid))-\s*)"
NUMBER = (
    rf"(?P<number>\d+(?:\.\d+)?|(?i:{one_of(_TENS)})[-\s](?i:{one_of(_ONES)})"
    rf"|(?i:{one_of([*NUMBER_WORDS, *VAGUE_NUMBERS])}))"
)
AMOUNT_MOD = rf"(?:(?P<amount_mod>(?i:{one_of(AMOUNT_MODS)}))\s+(?!(?i:the)\s))"  # not "over the past week"
UNIT_WORD = r"(?i:days?|weeks?|months?|quarters?|years?|decades?|century|centuries|hours?|minutes?)"
PERIOD_WORD = r"(?i:day|week|month|quarter|year|decade|century|hour|minute)"
DAY_EDGE = r"(?:(?P<edge>(?i:early|earlier|late|later))\s+)?"
PART = r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?"
