"""The readings of the time rules' matches: each ``read_*`` function resolves a match of one
rule of :data:`~newsgraph.nlp.timex_rules.RULES` against the article date and the expressions
before it, or returns None to reject it (then a shorter overlapping match may be read instead)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.nlp.timex_calendar import (
    GRANULARITY,
    MONTHS_PER_UNIT,
    SEASON_CODES,
    Period,
    Unit,
    choose,
    duration_value,
    earliest_after,
    latest_before,
    safe_date,
    shift_at,
)
from newsgraph.nlp.timex_context import Context, Resolved
from newsgraph.nlp.timex_words import (
    AMOUNT_MODS,
    DECADE_WORDS,
    EDGE_MODS,
    MONTH,
    MONTHS,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    SEASONS,
    VAGUE_NUMBERS,
    WEEKDAYS,
    unit_code,
)


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


def read_month_day(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "Nov. 15, 2021", "March 18", "18 March 2022", "Friday, Oct. 13", "July 2 last year"."""
    month, day = MONTHS[_group(match, "month").rstrip(".")], _ordinal(_group(match, "day"))
    year = _year(match)
    if relation := _group(match, "year_relation"):
        year = ctx.anchor.year + _RELATION_SHIFT[relation]
    if year is not None:
        found = safe_date(year, month, day)
        return _date(Period("D", found)) if found else None
    candidates = [Period("D", d) for y in (-1, 0, 1) if (d := safe_date(ctx.anchor.year + y, month, day))]
    if weekday := _group(match, "weekday"):  # "Friday, Oct. 13": the year in which the weekday fits
        candidates = [p for p in candidates if p.first.weekday() == WEEKDAYS[weekday.rstrip(".")]] or candidates
    return _date(choose(candidates, ctx.anchor, ctx.tense(match))) if candidates else None


def read_numeric_date(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "2022-03-18", "3/18/2022", "3/18/22" (month first, as in US news)."""
    year = int(match.group("y"))
    if year < 100:
        year += 2000 if year <= ctx.anchor.year % 100 + 10 else 1900
    found = safe_date(year, int(match.group("m")), int(match.group("d")))
    return _date(Period("D", found)) if found else None


def read_month_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "November 2021", "early March 1996", "January this year"."""
    year = _year(match)
    if year is None:
        year = ctx.anchor.year + _RELATION_SHIFT[_group(match, "year_relation")]
    return _date(Period("M", date(year, MONTHS[_group(match, "month").rstrip(".")], 1)), _edge_mod(match))


def read_month(match: re.Match[str], ctx: Context) -> Resolved | None:
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
        chosen = latest_before(candidates, current.shift(-1).first)
    elif relation in ("next", "coming", "this coming"):
        chosen = earliest_after(candidates, current.shift(1).first)
    else:
        chosen = choose(candidates, ctx.anchor, ctx.tense(match))
    return _date(chosen, mod)


def read_year(match: re.Match[str], ctx: Context) -> Resolved | None:
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


def read_decade(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the 1990s" (``199``), "the late 1970s", "the '90s", "the nineties" (the latest nineties)."""
    if digits := _group(match, "digits"):
        decade = int(digits)
    else:
        short = _group(match, "short")
        tens = int(short) if short else DECADE_WORDS[_group(match, "word")]
        current = ctx.anchor.year // 10
        decade = current - (current - tens) % 10
    return _date(Period("E", date(max(decade * 10, 1), 1, 1)), _edge_mod(match))


def read_century(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the 20th century" (``19``), "the early twentieth century"."""
    return _date(Period("C", date(max((_ordinal(_group(match, "ordinal")) - 1) * 100, 1), 1, 1)), _edge_mod(match))


def _latest_quarter(anchor: date) -> Period:
    """The last quarter that ended before ``anchor``: the one quarterly results report."""
    return Period.containing("Q", anchor).shift(-1)


def read_part_of_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the third quarter", "third-quarter", "the 1988 fourth quarter", "the first half of 1990", "Q1 2022".

    With no year, the quarter (or half) of the article's year, or of the year before
    when it would begin more than one quarter (half) after the article's: "the
    fourth quarter" in January is the one just ended. "year-earlier" and "last
    year's" move it a year back, "next year's" a year on.
    """
    ordinal, lead, code = _group(match, "ordinal"), _group(match, "lead"), _group(match, "code")
    kind: Unit = "H" if _group(match, "kind") == "half" or code.startswith("h") else "Q"
    if ordinal == "last" and kind == "Q":
        return None  # "last quarter" is the one before this one: see read_quarter_reference
    if kind == "H" and re.match(r"\s+of\s+the\b", ctx.text[match.end() : match.end() + 8]):
        return None  # "the first half of the '80s"
    number = int(code[1]) if code else 2 if ordinal == "last" else _ordinal(ordinal)
    if number > (2 if kind == "H" else 4):
        return None
    first_month = (number - 1) * MONTHS_PER_UNIT[kind] + 1
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


_QUARTER_ENDED = re.compile(rf"\s+(?i:ended|ending|that\s+ended)\s+{MONTH}\s+(?P<day>[0-3]?\d)\b")
_YEAR_BACK = re.compile(r"year[-\s](?:earlier|ago|before)|prior[-\s]year|comparable|corresponding|same|last year['’]s")


def read_quarter_reference(match: re.Match[str], ctx: Context) -> Resolved | None:
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
        days = [d for y in (-1, 0) if (d := safe_date(ctx.anchor.year + y, month, day)) and d <= ctx.anchor]
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


def read_relative_unit(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "this week", "last month", "earlier this year", "the end of this week", "that year", "the following day"."""
    relation, unit, mod = _group(match, "relation"), unit_code(_group(match, "unit")), _edge_mod(match)
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


def read_week_of(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the week of March 6": the ISO week of that day."""
    day = read_month_day(match, ctx)
    return _date(Period.containing("W", date.fromisoformat(day.value))) if day else None


def read_year_ago(match: re.Match[str], ctx: Context) -> Resolved | None:
    """The adjective "year-earlier" ("the year-earlier $4.5 million"): the last quarter a year back, or last year."""
    quarter = ctx.previous(match.start(), ("Q",), ended=True)
    return _comparison(quarter.shift(-4) if quarter else Period.containing("Y", ctx.anchor).shift(-1))


def read_year_end(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "year-end", "around year end": the end of the article's year."""
    return _date(Period.containing("Y", ctx.anchor), "END")


def read_ago(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "two weeks ago", "five years ago", "a decade ago" (from the article date), "a year earlier".

    The value has the unit's granularity (``2022-W09``), but decades and centuries
    count in years ("a decade ago" in 2022 is 2012, not the 2010s). "N units
    earlier" or "later" count from the last expression of the sentence, at its
    granularity when it is as fine as the unit ("a year earlier" after "Nov. 2,
    1988" is 1987-11-02); "a year ago" and "a year earlier" with none count from the
    last quarter mentioned, as results compare quarters. A vague amount ("a few
    years ago") is ``PAST_REF`` (``FUTURE_REF`` forward).
    """
    direction, unit = _group(match, "direction"), unit_code(_group(match, "unit"))
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
    moved = shift_at(base, count, unit) if base and GRANULARITY[base.unit] <= GRANULARITY[unit] else None
    return _comparison(moved or Period.containing(unit, ctx.anchor).shift(count), mod)


_DEICTIC_SHIFT = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0, "last": -1}


def read_day_reference(match: re.Match[str], ctx: Context) -> Resolved | None:
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


def read_weekday(match: re.Match[str], ctx: Context) -> Resolved | None:
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


def read_season(match: re.Match[str], ctx: Context) -> Resolved | None:
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
        chosen = latest_before(candidates, current.first)
    elif relation == "next":
        chosen = earliest_after(candidates, current.first)
    elif relation in ("coming", "this coming"):
        chosen = earliest_after(candidates, current.first - timedelta(days=1))
    else:
        chosen = choose(candidates, ctx.anchor, "none" if relation == "this" else ctx.tense(match))
    return _date(chosen, mod)


def read_vague(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "now", "currently" (``PRESENT_REF``); "recently", "the past" (``PAST_REF``); "soon", "the future"."""
    kind = next(name for name in ("present", "past", "future") if match.group(name))
    return Resolved("DATE", f"{kind.upper()}_REF")


def read_duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "five years", "the past two weeks", "the first nine months", "two-year", "several months", "for years".

    Ages ("52 years old"), fractions ("three-quarters of") and rates ("$5 a year",
    "twice a week") are no durations.
    """
    unit, number = unit_code(_group(match, "unit", "plural")), _group(match, "number")
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


def read_set(match: re.Match[str], ctx: Context) -> Resolved | None:
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
        return Resolved("SET", f"XXXX-{SEASON_CODES[SEASONS[what]]}")
    return Resolved("SET", duration_value(1, unit_code(what)))


def read_clock(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "10 p.m.", "5:30 a.m. EST", "noon", "midnight": a TIME of the article's day, until joined to a day."""
    if named := _group(match, "named"):
        clock = "12:00" if named == "noon" else "24:00"
    else:
        hour = int(match.group("hour")) % 12 + (12 if _group(match, "ampm").startswith("p") else 0)
        clock = f"{hour:02d}:{match.group('minute') or '00'}"
    return Resolved("TIME", f"{ctx.anchor.isoformat()}T{clock}", AMOUNT_MODS.get(_group(match, "amount_mod")))
