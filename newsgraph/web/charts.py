"""The figures of the pages as data for their templates: bars, stacked shares and lines, each
drawn as inline SVG (pages load nothing from elsewhere) and listed with its numbers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsgraph.store.results import Breakdown

#: Distinct colours of a chart's parts or lines (app.css .s0 to .s7); the last is grey, for "other".
COLOURS = 8
OTHER = "other"

#: The box a line chart is drawn in, in SVG units; it scales with its width, keeping its shape.
WIDTH, HEIGHT = 300.0, 110.0


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart: its label, value, and length as a percentage of the longest."""

    label: str
    value: int
    percent: float
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Stack:
    """One stacked bar: (value, share in percent, offset in percent) per part, largest first."""

    label: str
    quotes: int
    parts: tuple[tuple[str, float, float], ...]

    def share(self, value: str) -> float:
        """The share of ``value`` in percent (0 when it has none)."""
        return next((share for part, share, _ in self.parts if part == value), 0.0)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a chart: its label, colour, the SVG points it goes through (one per x that has
    a value), and its value at each x of the chart (None where it has none)."""

    label: str
    colour: int
    points: tuple[tuple[float, float], ...]
    values: tuple[float | None, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass(frozen=True, slots=True)
class LineChart:
    """Lines over the same x labels (months), from 0 at the foot to ``top`` at the head."""

    xs: tuple[str, ...]
    lines: tuple[Line, ...]
    top: float
    unit: str  # "%" for shares, "" for counts

    @property
    def ticks(self) -> tuple[tuple[str, float], ...]:
        """The first and last x labels and their positions, to name the axis."""
        if not self.xs:
            return ()
        return ((self.xs[0], _x(0, len(self.xs))), (self.xs[-1], _x(len(self.xs) - 1, len(self.xs))))


def bars(items: Sequence[tuple[str, int]], hrefs: Sequence[str | None] | None = None) -> list[Bar]:
    """Bars for a chart, each as long as its share of the largest value."""
    top = max((value for _, value in items), default=0) or 1
    links = list(hrefs) if hrefs is not None else [None] * len(items)
    return [
        Bar(label, value, round(100 * value / top, 1), href) for (label, value), href in zip(items, links, strict=True)
    ]


def stacks(breakdowns: Sequence[Breakdown], facet: str) -> list[Stack]:
    """Per outlet (all months together), the shares of its quotes by the values of ``facet``: the
    values most quoted over all outlets each in its own colour, the rest together as "other"."""
    per_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for breakdown in breakdowns:
        if breakdown.facet == facet:
            per_outlet[breakdown.publisher or "unknown outlet"].update(breakdown.counts)
    totals: Counter[str] = sum(per_outlet.values(), Counter())
    kept = {value for value, _ in totals.most_common(COLOURS if len(totals) <= COLOURS else COLOURS - 1)}
    found = []
    for outlet, counts in sorted(per_outlet.items()):
        grouped: Counter[str] = Counter()
        for value, count in counts.items():
            grouped[value if value in kept else OTHER] += count
        total = sum(grouped.values())
        parts, offset = [], 0.0
        for value, count in sorted(grouped.items(), key=lambda item: (item[0] == OTHER, -item[1], item[0])):
            share = round(100 * count / total, 1)
            parts.append((value, share, offset))
            offset += share
        found.append(Stack(outlet, total, tuple(parts)))
    return found


def legend(found: Sequence[Stack]) -> Mapping[str, int]:
    """Each value of the stacks -> its colour, the most quoted first and "other" grey, last."""
    totals: Counter[str] = Counter()
    for stack in found:
        totals.update({value: round(share * stack.quotes) for value, share, _ in stack.parts})
    ordered = sorted(totals, key=lambda value: (value == OTHER, -totals[value], value))
    return {value: (COLOURS - 1 if value == OTHER else i) for i, value in enumerate(ordered)}


def line_chart(series: Mapping[str, Mapping[str, float]], unit: str = "", top: float | None = None) -> LineChart:
    """A line per series (label -> x -> value), over the x labels of them all in order; at most
    ``COLOURS`` lines, in the order given."""
    chosen = list(series.items())[:COLOURS]
    xs = tuple(sorted({x for _, points in chosen for x in points}))
    highest = top if top is not None else max((v for _, points in chosen for v in points.values()), default=0.0)
    highest = highest or 1.0
    lines = []
    for colour, (label, points) in enumerate(chosen):
        values = tuple(points.get(x) for x in xs)
        placed = tuple(
            (_x(i, len(xs)), round(HEIGHT - HEIGHT * value / highest, 1))
            for i, value in enumerate(values)
            if value is not None
        )
        lines.append(Line(label, colour, placed, values))
    return LineChart(xs, tuple(lines), highest, unit)


def _x(index: int, count: int) -> float:
    """The SVG x of the ``index``-th of ``count`` labels, the first at the left, the last at the right."""
    return round(WIDTH / 2 if count == 1 else WIDTH * index / (count - 1), 1)
