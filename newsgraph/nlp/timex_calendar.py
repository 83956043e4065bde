"""Calendar periods and their arithmetic for the time rules: TIMEX3 values of days, weeks,
months, quarters, seasons, years, decades and centuries, the nearest period to an article date,
periods moved by a count of units, and the values of amounts of time (``P2Y``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Tense = Literal["past", "future", "none"]
#: A unit code. Calendar units: D (day), W (ISO week), WE (weekend), M, Q (quarter), H (half
#: year), S (season), Y, E (decade), C (century); durations also take H (hour) and MIN.
Unit = str

MONTHS_PER_UNIT = {"M": 1, "Q": 3, "S": 3, "H": 6, "Y": 12, "E": 120, "C": 1200}
GRANULARITY = {"D": 0, "W": 1, "WE": 1, "M": 2, "Q": 3, "S": 3, "H": 4, "Y": 5, "E": 6, "C": 7}
SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def add_months(day: date, months: int) -> date:
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
        size = MONTHS_PER_UNIT[unit]
        return cls(unit, date(day.year, day.month - (day.month - 1) % size, 1))

    def shift(self, count: int) -> Period:
        """The period ``count`` units later (earlier when negative)."""
        if self.unit == "D":
            return Period(self.unit, self.first + timedelta(days=count))
        if self.unit in ("W", "WE"):
            return Period(self.unit, self.first + timedelta(weeks=count))
        return Period(self.unit, add_months(self.first, count * MONTHS_PER_UNIT[self.unit]))

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
            return f"{year:04d}-{SEASON_CODES[month]}"
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


def latest_before(candidates: Iterable[Period], limit: date) -> Period:
    """The latest candidate that starts before ``limit``."""
    return max((period for period in candidates if period.first < limit), key=lambda period: period.first)


def earliest_after(candidates: Iterable[Period], limit: date) -> Period:
    """The earliest candidate that starts after ``limit``."""
    return min((period for period in candidates if period.first > limit), key=lambda period: period.first)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def shift_at(base: Period, count: int, unit: str) -> Period | None:
    """``base`` moved by ``count`` units at its own granularity ("a year earlier" than 1988-Q3 is 1987-Q3)."""
    if base.unit == unit:
        return base.shift(count)
    if base.unit in MONTHS_PER_UNIT and unit in MONTHS_PER_UNIT:
        months, size = count * MONTHS_PER_UNIT[unit], MONTHS_PER_UNIT[base.unit]
        return base.shift(months // size) if months % size == 0 else None
    if base.unit == "D" and unit == "W":
        return base.shift(7 * count)
    if base.unit == "D" and unit in MONTHS_PER_UNIT:
        month = add_months(base.first, count * MONTHS_PER_UNIT[unit])
        return Period("D", month.replace(day=min(base.first.day, (add_months(month, 1) - timedelta(days=1)).day)))
    return None


def duration_value(amount: int | float | None, unit: str) -> str:
    """The TIMEX3 value of an amount of time: ``P2Y``, ``P9M`` (three quarters), ``P20Y`` (two decades), ``PT5H``."""
    code, scale = {"Q": ("M", 3), "E": ("Y", 10), "C": ("Y", 100), "MIN": ("M", 1)}.get(unit, (unit, 1))
    number = "X" if amount is None else f"{amount * scale:g}"
    return f"PT{number}{code}" if unit in ("H", "MIN") else f"P{number}{code}"
