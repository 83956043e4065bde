"""The dashboard page: counts over time, top speakers, and source diversity per outlet (the share
of women and of unknown gender among the people quoted, per outlet and month, as lines; the most
quoted women and men of each outlet), for one outlet and a date range when asked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsgraph.store.read.dashboard import FACETS, GenderTop
from newsgraph.store.results import Breakdown
from newsgraph.web.api import stats_out
from newsgraph.web.charts import LineChart, bars, legend, line_chart, stacks
from newsgraph.web.deps import StoreDep
from newsgraph.web.pages import Field, _page, date_range

router = APIRouter(include_in_schema=False)


def gender_lines(diversity: Sequence[Breakdown], value: str) -> LineChart:
    """Per outlet, the share (in percent) of quotes of people whose gender is ``value``, month by
    month; the outlets with most such quotes first."""
    shares: defaultdict[str, dict[str, float]] = defaultdict(dict)
    quoted: defaultdict[str, int] = defaultdict(int)
    for b in diversity:
        if b.facet == "gender" and b.month:
            outlet = b.publisher or "unknown outlet"
            shares[outlet][b.month] = round(100 * b.counts.get(value, 0) / b.quotes, 1)
            quoted[outlet] += b.quotes
    ordered = sorted(shares, key=lambda outlet: (-quoted[outlet], outlet))
    return line_chart({outlet: shares[outlet] for outlet in ordered}, unit="%", top=100.0)


def by_outlet(found: Sequence[GenderTop]) -> dict[str, dict[str, list[GenderTop]]]:
    """outlet -> gender -> its most quoted people of that gender."""
    grouped: dict[str, dict[str, list[GenderTop]]] = {}
    for top in found:
        grouped.setdefault(top.publisher or "unknown outlet", {"female": [], "male": []})[top.gender].append(top)
    return grouped


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request, store: StoreDep, outlet: Field = "", since: Field = "", until: Field = ""
) -> HTMLResponse:
    """Counts over time, top speakers, and source diversity per outlet, filtered by outlet and dates."""
    first, last, errors = date_range(since, until)
    scope = {"outlet": outlet or None, "since": None if errors else first, "until": None if errors else last}
    raw = store.stats(**scope)
    people = store.top_by_gender(**scope)
    figures = stats_out(raw, people)
    facets = {facet: stacks(raw.diversity, facet) for facet in FACETS}
    form = {"outlet": outlet, "since": since, "until": until}
    query = urlencode({k: v for k, v in form.items() if v})
    return _page(
        request,
        "dashboard.html",
        title="Dashboard",
        form=form,
        errors=errors,
        outlets=store.publishers(),
        figures=figures,
        months=line_chart({"attributions": {c.value: c.count for c in figures.by_month if c.value}}),
        undated=sum(c.count for c in figures.by_month if not c.value),
        kinds=bars([(c.value or "?", c.count) for c in figures.by_kind]),
        by_outlet=bars([(c.value or "unknown outlet", c.count) for c in figures.by_publisher]),
        speakers=bars(
            [(s.name, s.quotes) for s in figures.top_speakers], [f"/speakers/{s.id}" for s in figures.top_speakers]
        ),
        women=gender_lines(raw.diversity, "female"),
        unknown=gender_lines(raw.diversity, "unknown"),
        top_people=by_outlet(people),
        facets={facet: (found, legend(found)) for facet, found in facets.items()},
        downloads={"JSON": f"/api/stats?{query}", "CSV": f"/api/stats.csv?{query}"},
    )
