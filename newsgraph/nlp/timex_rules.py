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
from bisect import insort
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from newsgraph.nlp.timex_context import Context, Resolved, TimexType, sentence_starts
from newsgraph.nlp.timex_handlers import (
    read_ago,
    read_century,
    read_clock,
    read_day_reference,
    read_decade,
    read_duration,
    read_month,
    read_month_day,
    read_month_year,
    read_numeric_date,
    read_part_of_year,
    read_quarter_reference,
    read_relative_unit,
    read_season,
    read_set,
    read_vague,
    read_week_of,
    read_weekday,
    read_year,
    read_year_ago,
    read_year_end,
)
from newsgraph.nlp.timex_words import (
    AMOUNT_MOD,
    DAY,
    DAY_EDGE,
    DECADE_WORDS,
    EDGE,
    MONTH,
    MONTH_NAME,
    NUMBER,
    ORDINALS,
    PART,
    PERIOD_WORD,
    SPELLED_YEAR,
    THE,
    UNIT_WORD,
    WEEKDAY,
    WEEKDAY_NAME,
    WORD_END,
    WORD_START,
    YEAR_RELATION,
    one_of,
    year_group,
)
from newsgraph.records import TimeExpression


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


# --------------------------------------------------------------------------- rules

Handler = Callable[[re.Match[str], Context], Resolved | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern and the handler that reads its matches."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler


_MONTH_DAY = (
    rf"(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}"
    rf"(?:,?\s+(?:{year_group('year')}|{SPELLED_YEAR})|\s+{YEAR_RELATION})?"
)
_QUARTER_LEAD = (
    r"(?P<lead>(?:(?i:this|last|next)\s+(?i:year)['’]s|\d{4}['’]?s?|(?i:the\s+)?(?:year[-\s](?:earlier|ago)"
    r"|comparable|same|prior[-\s]year|year-before|latest|current|fiscal)(?:\s+(?i:year[-\s](?:earlier|ago)))?)\s+)?"
)

#: The rules, in order of preference between matches of the same extent.
RULES: tuple[Rule, ...] = tuple(
    Rule(name, re.compile(pattern), handler)
    for name, pattern, handler in (
        ("month_day", rf"{WORD_START}{_MONTH_DAY}", read_month_day),
        (
            "day_month",
            rf"{WORD_START}(?:{WEEKDAY},?\s+)?{THE}?{DAY}\s+(?:(?i:of)\s+)?{MONTH}(?:,?\s+{year_group('year')})?",
            read_month_day,
        ),
        ("week_of", rf"{WORD_START}(?i:the\s+week\s+of)\s+{_MONTH_DAY}", read_week_of),
        ("iso_date", r"(?<![\w/.-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-]|\.\d)", read_numeric_date),
        (
            "us_date",
            r"(?<![\w/.-])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\w/-]|\.\d)",
            read_numeric_date,
        ),
        (
            "month_year",
            rf"{WORD_START}(?:{THE}?{EDGE})?{MONTH}(?:,|\s+(?i:of))?\s+"
            rf"(?:{year_group('year')}|{SPELLED_YEAR}|{YEAR_RELATION})",
            read_month_year,
        ),
        (
            "month",
            rf"{WORD_START}(?:{THE}?{EDGE}|(?P<relation>(?i:this\s+past|this\s+coming|this|last|next|past|coming))\s+)?"
            rf"(?P<month>{MONTH_NAME}){WORD_END}",
            read_month,
        ),
        (
            "year",
            rf"{WORD_START}(?:{THE}?{EDGE}|(?i:fiscal(?:\s+year)?|the\s+year)\s+|FY\s*)?"
            rf"(?:{year_group('year')}|{SPELLED_YEAR}{WORD_END})",
            read_year,
        ),
        (
            "decade",
            rf"(?<![\w$-]){THE}?{EDGE}?(?:(?P<digits>1\d\d|20\d)0['’]?s|['’](?P<short>\d)0s){WORD_END}",
            read_decade,
        ),
        ("decade_word", rf"{WORD_START}{THE}{EDGE}?(?P<word>(?i:{one_of(DECADE_WORDS)})){WORD_END}", read_decade),
        (
            "century",
            rf"{WORD_START}{THE}?{EDGE}?(?P<ordinal>\d{{1,2}}(?:st|nd|rd|th)|(?i:{one_of(ORDINALS)}))[-\s](?i:century){WORD_END}",
            read_century,
        ),
        (
            "part_of_year",
            rf"{WORD_START}{THE}?{_QUARTER_LEAD}(?:(?i:fiscal)[-\s]+)?"
            r"(?:(?P<ordinal>(?i:first|second|third|fourth|last|1st|2nd|3rd|4th))[-\s]+(?P<kind>(?i:quarter|half))"
            r"|(?P<code>Q[1-4]|H[12]))"
            rf"(?:\s+(?:(?i:of)\s+)?(?:(?i:fiscal\s+|FY\s*))?(?:{year_group('year_after')}|{YEAR_RELATION}))?{WORD_END}",
            read_part_of_year,
        ),
        (
            "quarter_reference",
            r"(?<![\w$£€#@/-])(?:(?P<the>(?i:the|its|that))\s+)?"
            r"(?:(?P<which>(?i:latest|most\s+recent|current|previous|preceding|prior|this|last|next|coming|following"
            r"|(?:comparable\s+)?year[-\s](?:earlier|ago|before)|comparable|corresponding|same|prior[-\s]year"
            r"|last\s+year['’]s|\d{4}))\s+)?(?:(?i:fiscal)\s+)?(?P<kind>(?i:quarter|period))"
            r"(?:\s+(?P<tail>(?i:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year)))?(?![\w-])",
            read_quarter_reference,
        ),
        (
            "relative_unit",
            rf"{WORD_START}(?:{EDGE}|(?i:earlier|later)\s+)?"
            r"(?P<relation>(?i:this\s+past|this\s+coming|the\s+(?:past|previous|preceding|coming|current|following"
            r"|next|same|full|latest)|this|last|next|that|past|coming|previous|current|the))\s+(?:(?i:fiscal)\s+)?"
            rf"(?P<unit>(?i:week|weekend|month|year|decade|century|day)){WORD_END}",
            read_relative_unit,
        ),
        ("year_ago", r"(?<![\w-])(?i:year-(?:earlier|ago))(?=\s)", read_year_ago),
        ("year_end", rf"{WORD_START}(?:(?i:around|the)\s+)?(?i:year[-\s]end|year['’]s\s+end){WORD_END}", read_year_end),
        (
            "ago",
            rf"{WORD_START}{AMOUNT_MOD}?{NUMBER}[-\s]+(?P<unit>{UNIT_WORD})(?:\s+(?i:or\s+so))?"
            rf"\s+(?P<direction>(?i:ago|earlier|before|later|after|from\s+now|hence)){WORD_END}",
            read_ago,
        ),
        (
            "day_reference",
            rf"{WORD_START}{DAY_EDGE}(?:(?P<deictic>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
            rf"|yesterday|today|tomorrow)){PART}|(?P<deictic_part>(?i:this|last))\s+"
            rf"(?P<part_of>(?i:morning|afternoon|evening|night))|(?P<tonight>(?i:tonight))){WORD_END}",
            read_day_reference,
        ),
        (
            "weekday",
            rf"{WORD_START}{DAY_EDGE}(?:(?P<relation>(?i:last|next|this\s+coming|this\s+past|this|the\s+previous"
            rf"|the\s+following|the\s+next|coming|past))\s+)?(?P<weekday>{WEEKDAY_NAME}){PART}{WORD_END}",
            read_weekday,
        ),
        (
            "season",
            r"(?<![\w-])(?P<pre>(?:(?i:the|this|last|next|past|coming|early|late|mid)[\s-]+){1,3})?"
            r"(?P<season>(?i:spring|summer|fall|autumn|winter))"
            rf"(?:\s+(?:(?i:of)\s+)?(?:{year_group('year')}|{SPELLED_YEAR}))?{WORD_END}",
            read_season,
        ),
        (
            "vague",
            rf"{WORD_START}(?:(?P<present>(?i:right\s+now|now|currently|current|at\s+present|presently|nowadays|these\s+days))"
            r"|(?P<past>(?i:(?:more\s+)?recently|lately|formerly|the\s+past|(?:some\s+time|a\s+while|a\s+long\s+time)\s+ago"
            r"|recent(?:\s+(?:days|weeks|months|years|decades))?|(?:years|months|decades|long)\s+ago))"
            r"|(?P<future>(?i:soon(?!\s+(?:as|after|before|afterwards?)\b)|as\s+soon\s+as\s+possible|a\s+later\s+date"
            rf"|the\s+(?:near\s+|distant\s+|foreseeable\s+)?future(?!\s+of\b)|(?:the\s+)?coming\s+(?:days|weeks|months|years)))){WORD_END}",
            read_vague,
        ),
        (
            "duration",
            rf"{WORD_START}{AMOUNT_MOD}?(?:{THE}?(?i:past|last|next|first|coming|previous|following|latest|final|remaining"
            rf"|additional|same|entire|whole|full)\s+)?{NUMBER}[-\s]+(?P<unit>{UNIT_WORD})(?:[-\s](?i:long))?{WORD_END}"
            rf"|(?<=[Ff]or\s)(?P<plural>(?i:weeks|months|years|decades)){WORD_END}",
            read_duration,
        ),
        (
            "set",
            rf"{WORD_START}(?:(?i:every|each|per)\s+(?:(?i:other)\s+)?(?P<what>{PERIOD_WORD}|{WEEKDAY_NAME}|{MONTH_NAME}"
            r"|(?i:spring|summer|fall|autumn|winter))"
            rf"|(?i:once|twice|\w+\s+times)\s+(?i:a)\s+(?P<unit>{PERIOD_WORD})){WORD_END}",
            read_set,
        ),
        (
            "clock",
            rf"(?<![\w:.$]){AMOUNT_MOD}?(?:(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*"
            r"(?P<ampm>(?i:a\.m\.|p\.m\.|am\b|pm\b))(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?|(?P<named>(?i:noon|midnight)))"
            r"(?![\w-])",
            read_clock,
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
