"""The server-rendered pages: search, article, speakers, events, dashboard and corrections.

Everything taken from an article is rendered through Jinja's autoescaping; the highlights of
the article view are built as separate pieces of text, each escaped on its own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from newsgraph.records import Attribution, PloverType
from newsgraph.resolve.entities import name_key
from newsgraph.store import Store
from newsgraph.store.fulltext import SNIPPET_END, SNIPPET_START, search_terms
from newsgraph.store.read.repeats import Repeat, RepeatKey, repeat_key
from newsgraph.store.results import ArticleDetail, EventRow, QuoteRow
from newsgraph.web import highlight
from newsgraph.web.api import DATE_PATTERN, QuoteSort, SpeakerOrder, speaker_page
from newsgraph.web.api_events import timeline
from newsgraph.web.charts import bars, line_chart
from newsgraph.web.deps import StoreDep

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
)
templates.env.globals["in_context"] = highlight.in_context
KINDS = ("direct", "indirect", "mixed", "belief", "intention")
PAGE_SIZE = 50
EVENTS_SHOWN = 300
Field = Annotated[str, Query(max_length=500)]


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of article text to render as one element: its classes and attributes."""

    text: str
    classes: str
    attributes: dict[str, str]
    anchors: tuple[str, ...] = ()  # more link targets starting here than its own id (a quote and an event)


def _page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


ERROR_TITLES = {404: "Not found", 422: "Not a valid request"}


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """An HTTP error as a page of the site, with what was wrong."""
    title = ERROR_TITLES.get(status_code, f"Error {status_code}")
    if status_code == 404 and message == "Not Found":
        message = f"There is no page {request.url.path!r}."
    return _page(request, "error.html", status_code, title=title, message=message)


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    """The JSON API's endpoints, their parameters and what they answer, from its OpenAPI schema."""
    schema = request.app.openapi()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": operation.get("parameters", []),
            "token": bool(operation.get("security")) or "401" in operation.get("responses", {}),
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return _page(request, "docs.html", title="API reference", endpoints=endpoints, info=schema["info"])


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "error.html", 404, title="Not found", message=f"There is no {what} in the store.")


def date_range(since: str, until: str) -> tuple[str | None, str | None, list[str]]:
    """The dates a page was given (None for none or a malformed one), and what is wrong with them."""
    errors: list[str] = []

    def checked(value: str, what: str) -> str | None:
        if value and not re.fullmatch(DATE_PATTERN, value):
            errors.append(f"{what}: {value!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        return value or None

    return checked(since, "since"), checked(until, "until"), errors


def snippet_html(snippet: str) -> Markup:
    """A search snippet, escaped, with the matching words (in brackets) marked."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>"))


def with_repeats(store: Store, quotes: Sequence[QuoteRow]) -> list[tuple[QuoteRow, Repeat | None]]:
    """The quotes of a list, each with the articles that carry it too; a quote that several rows
    of the list are copies of is shown once, at its first row."""
    repeats = store.repeats(quotes)
    shown: set[RepeatKey] = set()
    found = []
    for quote in quotes:
        key = repeat_key(quote)
        if key in repeats:
            if key in shown:
                continue
            shown.add(key)
        found.append((quote, repeats.get(key)))
    return found


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    store: StoreDep,
    q: Field = "",
    speaker: Field = "",
    outlet: Field = "",
    kind: Field = "",
    since: Field = "",
    until: Field = "",
    sort: QuoteSort = "newest",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> HTMLResponse:
    """Search quotes (and articles) by words, speaker, outlet, kind and dates: the number found,
    facets that filter, matches marked, a histogram by month, downloads of the page."""
    first, last, errors = date_range(since, until)
    if kind and kind not in KINDS:
        errors.append(f"kind: {kind!r} is none of {', '.join(KINDS)}")
    quotes, articles, facets = [], [], None
    filters = {
        "speaker": speaker.strip() or None,
        "search": q.strip() or None,
        "kind": kind or None,
        "outlet": outlet or None,
        "since": first,
        "until": last,
    }
    if not errors:
        offset = (page - 1) * PAGE_SIZE
        quotes = store.quotes(**filters, order=sort, limit=PAGE_SIZE + 1, offset=offset)
        facets = store.quote_facets(**filters)
        if q.strip() and not speaker.strip() and not kind and page == 1:
            articles = store.find_articles(q.strip(), limit=10, outlet=outlet or None, since=first, until=last)
    form = {"q": q, "speaker": speaker, "outlet": outlet, "kind": kind, "since": since, "until": until, "sort": sort}
    given = {k: v for k, v in form.items() if v and k != "sort"}
    api = urlencode({**given, "sort": sort, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
    return _page(
        request,
        "search.html",
        title="Search",
        form=form,
        kinds=KINDS,
        sorts=get_args(get_args(QuoteSort)[0]),
        outlets=store.publishers(),
        quotes=with_repeats(store, quotes[:PAGE_SIZE]),
        shown=min(len(quotes), PAGE_SIZE),
        more=len(quotes) > PAGE_SIZE,
        page=page,
        page_size=PAGE_SIZE,
        facets=facets,
        months=bars([(m, n) for m, n in facets.months]) if facets else [],
        terms=search_terms(q),
        downloads={"CSV": f"/api/quotes.csv?{api}", "JSON": f"/api/quotes?{api}"},
        articles=[(hit.article, snippet_html(hit.snippet)) for hit in articles],
        errors=errors,
        searched=any(v for k, v in form.items() if k != "sort"),
    )


def marked(text: str, terms: Sequence[str]) -> Markup:
    """``text`` escaped, with the words and phrases searched for in ``<b class="hit">``."""
    if not terms:
        return escape(text)
    out, at = [], 0
    for found in terms_pattern(tuple(terms)).finditer(text):
        out += [escape(text[at : found.start()]), Markup('<b class="hit">'), escape(found.group()), Markup("</b>")]
        at = found.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


@lru_cache(maxsize=256)  # a server lives long: the recent searches, not all of them
def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for the searched words and phrases, longest first, built once per search."""
    words = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(r"\b" + r"\W+".join(map(re.escape, t.split())) + r"\b" for t in words), re.I)


templates.env.filters["marked"] = marked


def _tip(attribution: Attribution) -> str:
    speaker = attribution.speaker
    if speaker is None:
        return f"{attribution.kind}: speaker not resolved"
    confidence = f"confidence {speaker.confidence:.2f}"
    return f"{speaker.name} ({speaker.id}) · {attribution.kind} · {confidence} · {speaker.reason}"


def article_pieces(detail: ArticleDetail) -> list[Piece]:
    """The article text as pieces with the classes and attributes of their highlights."""
    tips = {row.ordinal: _tip(row.attribution) for row in detail.attributions}
    anchors: set[str] = set()
    pieces = []
    for segment in highlight.segments(detail.text, highlight.marks_of(detail)):
        attributes: dict[str, str] = {}
        # every attribution whose content starts here is a link target, also two of the same words
        ids = sorted({f"a{m.attribution}" for m in segment.marks if m.role == "content" and m.start == segment.start})
        if (mark := segment.starts("evidence")) is not None:
            ids.append(f"ev-{mark.start}")
        fresh = [i for i in ids if i not in anchors]
        if fresh:
            attributes["id"] = fresh[0]
            anchors.update(fresh)
        if (ordinal := segment.attribution) is not None:
            attributes["data-a"] = str(ordinal)
            attributes["title"] = tips[ordinal]
            attributes["tabindex"] = "0"  # reachable by keyboard; focus shows its card (app.js)
        elif (value := segment.label("timex")) is not None:
            attributes["title"] = f"time: {value}"
        elif (event := segment.label("evidence")) is not None:
            attributes["title"] = f"event evidence: {event}"
        elif (label := segment.label("region")) is not None:
            attributes["title"] = f"not body text: {label}"
        pieces.append(Piece(segment.text, segment.classes, attributes, tuple(fresh[1:])))
    return pieces


@router.get("/articles/{doc_id:path}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, doc_id: str) -> HTMLResponse:
    """The article with its attributions, time expressions, events and regions marked."""
    detail = store.article(doc_id)
    if detail is None:
        return _not_found(request, f"article {doc_id!r}")
    return _page(
        request,
        "article.html",
        title=detail.article.title or detail.article.doc_id,
        detail=detail,
        pieces=article_pieces(detail),
        colours=highlight.COLOURS,
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request,
    store: StoreDep,
    q: Field = "",
    outlet: Field = "",
    since: Field = "",
    until: Field = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The stored articles, newest first (or best matches of ``q`` first), a page at a time."""
    first, last, errors = date_range(since, until)
    found = []
    if not errors:
        found = store.find_articles(
            q.strip() or None,
            outlet=outlet or None,
            since=first,
            until=last,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
    return _page(
        request,
        "articles.html",
        title="Articles",
        form={"q": q, "outlet": outlet, "since": since, "until": until},
        outlets=store.publishers(),
        hits=[(hit.article, snippet_html(hit.snippet)) for hit in found[:PAGE_SIZE]],
        more=len(found) > PAGE_SIZE,
        page=page,
        page_size=PAGE_SIZE,
        errors=errors,
    )


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(
    request: Request,
    store: StoreDep,
    q: Field = "",
    sort: SpeakerOrder = "quotes",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Speakers by number of quotes, articles or name, searched by name or alias, a page at a time."""
    found = store.speakers(limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, search=q or None, order=sort)
    return _page(
        request,
        "speakers.html",
        title="Speakers",
        speakers=found[:PAGE_SIZE],
        more=len(found) > PAGE_SIZE,
        form={"q": q, "sort": sort},
        page=page,
        orders=get_args(SpeakerOrder),
    )


@router.get("/speakers/{entity_id}", response_class=HTMLResponse)
def speaker_view(
    request: Request, store: StoreDep, entity_id: str, page: Annotated[int, Query(ge=1, le=100_000)] = 1
) -> HTMLResponse:
    """One speaker: aliases, roles over time, quotes by date (a page of them), outlets, who they talk about."""
    found = speaker_page(store, entity_id, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    if found is None:
        return _not_found(request, f"speaker {entity_id!r}")
    by_date: defaultdict[str, list[tuple[QuoteRow, Repeat | None]]] = defaultdict(list)
    for quote, repeat in with_repeats(store, found.quotes):
        by_date[quote.date or "undated"].append((quote, repeat))
    return _page(
        request,
        "speaker.html",
        title=found.entity.name,
        page=found,
        by_date=by_date,
        number=page,
        page_size=PAGE_SIZE,
        pages=max(1, -(-found.entity.quotes // PAGE_SIZE)),
        downloads={  # the same query as the page's quotes
            name: f"/api/{path}?"
            + urlencode({"speaker": found.entity.id, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE})
            for name, path in (("CSV", "quotes.csv"), ("JSON", "quotes"))
        },
        roles=store.latest_roles([found.entity.id]),
        splittable=[
            alias for alias in found.entity.aliases if name_key(alias) not in ("", name_key(found.entity.name))
        ],
        outlets=bars([(c.value or "unknown outlet", c.count) for c in found.outlets]),
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    store: StoreDep,
    actor: Field = "",
    other: Field = "",
    type: Field = "",
    since: Field = "",
    until: Field = "",
    page: Annotated[int, Query(ge=1, le=100)] = 1,
) -> HTMLResponse:
    """A timeline of a party or a pair of parties, or all events, by date, a page at a time (page 1:
    the latest)."""
    first, last, errors = date_range(since, until)
    types = [t.value for t in PloverType]
    if type and type.upper() not in types:
        errors.append(f"type: {type!r} is not a PLOVER type")
    rows: list[EventRow] = []
    offset = (page - 1) * EVENTS_SHOWN
    wanted = type.upper() or None
    if not errors:  # the API's query, so that the downloads are the page's rows
        if actor.strip():
            rows = timeline(store, actor.strip(), other.strip() or None, first, last, EVENTS_SHOWN, offset, wanted)
        else:
            rows = store.events(event=wanted, since=first, until=last, limit=EVENTS_SHOWN, offset=offset)
    form = {"actor": actor, "other": other, "type": type, "since": since, "until": until}
    given = {"since": since, "until": until, "type": wanted, "limit": EVENTS_SHOWN, "offset": offset}
    if actor.strip():
        path, given = "/api/timeline", {"actor": actor.strip(), "other": other.strip(), **given}
    else:
        path = "/api/events"
    query = urlencode({k: v for k, v in given.items() if v or k == "offset"})
    by_month = Counter((r.when or "")[:7] for r in rows if re.match(r"\d{4}-\d{2}", r.when or ""))
    return _page(
        request,
        "events.html",
        title="Events",
        form=form,
        types=types,
        rows=rows,
        shown=EVENTS_SHOWN,
        page=page,
        more=len(rows) == EVENTS_SHOWN,  # a full page: there may be earlier ones
        counts=Counter(r.event.event for r in rows).most_common(),
        months=line_chart({"events": dict(sorted(by_month.items()))}) if len(by_month) > 1 else None,
        downloads={"CSV": f"{path}.csv?{query}", "JSON": f"{path}?{query}"},
        errors=errors,
    )


@router.get("/corrections", response_class=HTMLResponse)
def corrections_page(request: Request, store: StoreDep) -> HTMLResponse:
    """Every correction, and the training-data exports."""
    return _page(
        request,
        "corrections.html",
        title="Corrections",
        entities=store.corrections(),
        attributions=store.attribution_corrections(),
    )
