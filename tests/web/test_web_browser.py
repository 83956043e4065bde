"""The pages in a real browser: Debian's Chromium driven by Playwright, against uvicorn."""

from __future__ import annotations

import csv
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect, sync_playwright

from newsgraph.web.app import create_app

from .conftest import EXAMPLE_ID, HOSTILE, IMG, SCRIPT, TOKEN, Cloner
from .made_up import fill

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port, in a thread; yields its base URL."""
    port = _free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not running.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(clone_store: Cloner) -> Iterator[str]:
    """The base URL of the app over a filled store that tests only read."""
    with _serving(create_app(clone_store(), TOKEN)) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    yield opened
    context.close()


def _shot(page: Page, directory: Path, name: str) -> None:
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000


def test_web_browser_search_article_and_speaker(server: str, page: Page, tmp_path: Path) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(server + "/")
    page.fill("input[name=q]", '"flies in the face"')
    page.click("button[type=submit]")
    quote = page.locator("ol.quotes .quote").first
    expect(quote).to_contain_text("flies in the face")
    expect(quote.locator(".speaker")).to_have_text("Jen Psaki")
    # the quote inside its sentence: what was said marked, the cue apart, the speaker's role then
    expect(quote.locator("mark.said")).to_contain_text("flies in the face")
    expect(quote.locator("blockquote")).to_contain_text("sovereignty of nations,” she said.")
    expect(quote.locator("blockquote .source")).to_have_text("she")
    expect(quote.locator("blockquote .cue")).to_have_text("said")
    expect(quote.locator(".role")).to_have_text("White House press secretary")
    _shot(page, tmp_path, "search")

    quote.locator("a.in-article").click()
    page.wait_for_url(f"**/articles/{EXAMPLE_ID}#a*")
    ordinal = page.url.rsplit("#a", 1)[1]
    piece = page.locator(f"#a{ordinal}")
    colour = f"c{int(ordinal) % 12}"
    expect(piece).to_have_class(re.compile(rf"^{colour} content( active)?$"))
    expect(piece).to_contain_text("flies in the face")
    background = piece.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    piece.click()
    card = page.locator(f"#att-{ordinal}")
    expect(card).to_have_class(f"attribution {colour} active")
    expect(piece).to_have_class(f"{colour} content active")
    expect(card.locator(".speaker")).to_have_text("Jen Psaki")
    expect(card.locator(".entity")).to_have_text("person:jen-psaki")
    expect(card.locator(".reason")).not_to_be_empty()
    assert "Jen Psaki" in (piece.get_attribute("title") or "")
    _shot(page, tmp_path, "article")

    card.locator("a.speaker").click()
    page.wait_for_url(re.compile(r"/speakers/person(:|%3A)jen-psaki$"))
    expect(page.locator("h1")).to_have_text("Jen Psaki")
    expect(page.locator("table.roles")).to_contain_text("White House press secretary")
    expect(page.locator("ol.quotes")).to_contain_text("flies in the face")
    _shot(page, tmp_path, "speaker")

    for name, path in (("events", "/events?actor=USA&other=CHN"), ("dashboard", "/dashboard")):
        page.goto(server + path)
        expect(page.locator("h1")).to_have_text(name.capitalize())
        _shot(page, tmp_path, name)
    assert failed == []


def test_web_browser_markup_in_article_is_text(server: str, page: Page, tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/articles/{HOSTILE['id']}")
    text = page.locator("#text")
    expect(text).to_contain_text(SCRIPT)
    expect(text).to_contain_text(IMG)
    expect(page.locator("h1")).to_have_text(str(HOSTILE["title"]))
    expect(page.locator(".meta .outlet")).to_have_text(str(HOSTILE["publisher"]))
    assert page.locator("img").count() == 0
    assert page.locator("main script, main b").count() == 0
    page.locator("#text [data-a]").first.click()
    page.wait_for_timeout(300)
    assert dialogs == []
    _shot(page, tmp_path, "hostile")


def test_web_browser_reviewer_rejects_an_attribution(clone_store: Cloner, page: Page, tmp_path: Path) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    with _serving(create_app(clone_store(), TOKEN)) as url:
        page.goto(f"{url}/articles/{EXAMPLE_ID}")
        cards = page.locator("li.attribution")
        count = cards.count()
        expect(cards.first.locator(".review-actions")).to_be_hidden()
        page.fill("#token", "wrong")
        page.locator("#token").dispatch_event("change")
        cards.first.locator("button[data-action=reject]").click()
        expect(cards.first.locator(".review-status")).to_have_text("token refused")
        page.fill("#token", TOKEN)
        page.locator("#token").dispatch_event("change")
        cards.first.locator("button[data-action=reject]").click()
        expect(cards).to_have_count(count - 1)
        _shot(page, tmp_path, "reviewed")


def test_web_browser_reviewer_merges_a_lookalike_and_splits_an_alias(
    clone_store: Cloner, page: Page, tmp_path: Path
) -> None:
    page.on("dialog", lambda dialog: dialog.accept("Tom Brennan"))  # the split's prompt: the entity to move to
    with _serving(create_app(clone_store(), TOKEN)) as url:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        # A reviewer's split makes a "K. Ito" that looks like Ken Ito.
        made = page.request.post(
            f"{url}/api/speakers/split",
            data={"entity": "person:tom-brennan", "alias": "Brennan", "into": "K. Ito"},
            headers=auth,
        )
        assert made.ok and made.json()["id"] == "person:k-ito"
        looks = page.request.get(f"{url}/api/speakers/person:ken-ito").json()["lookalikes"]
        assert [(d["into"], d["other"]) for d in looks] == [("person:k-ito", "person:ken-ito")]

        page.goto(f"{url}/speakers/person:ken-ito")
        suggestion = page.locator(".lookalikes li")
        expect(suggestion).to_have_count(1)
        expect(suggestion).to_contain_text("the same surname and initial")
        merge = suggestion.locator("button[data-into]")
        expect(merge).to_be_hidden()  # no token yet
        page.fill("#token", TOKEN)
        page.locator("#token").dispatch_event("change")
        merge.click()
        page.wait_for_url(re.compile(r"/speakers/person(:|%3A)k-ito$"))
        expect(page.locator(".lookalikes")).to_have_count(0)
        expect(page.locator(".aliases")).to_contain_text("Hospital spokesman Ken Ito")
        _shot(page, tmp_path, "merged")

        page.locator('button[data-split="Brennan"]').click()
        expect(page.locator('button[data-split="Brennan"]')).to_have_count(0)
        brennan = page.request.get(f"{url}/api/speakers/person:tom-brennan").json()
        assert "Brennan" in brennan["entity"]["aliases"]


PAGES = [
    "/", "/?q=China", f"/articles/{EXAMPLE_ID}", "/articles", "/speakers", "/speakers/person:jen-psaki",
    "/events", "/dashboard", "/corrections", "/docs", "/nope",
]  # fmt: skip


def test_web_browser_phone_width_never_scrolls_sideways(server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(server + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width} px wide at 390"
        # the article stays readable: its text column takes the screen's width, not a word a line
        page.goto(f"{server}/articles/{EXAMPLE_ID}")
        assert page.locator("#text").bounding_box()["width"] > 300  # type: ignore[index]
    finally:
        context.close()


def test_web_browser_keyboard_reaches_every_highlight(server: str, page: Page) -> None:
    page.goto(f"{server}/articles/{EXAMPLE_ID}")
    pieces = page.locator("#text [data-a]")
    ordinals = set(pieces.evaluate_all("els => els.map(e => e.dataset.a)"))
    focusable = set(page.locator("#text [data-a][tabindex='0']").evaluate_all("els => els.map(e => e.dataset.a)"))
    cards = page.locator("li.attribution").count()
    assert ordinals == focusable and len(ordinals) == cards  # every attribution reachable
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()  # the skip link comes first
    first = pieces.first
    first.focus()
    ordinal = first.get_attribute("data-a")
    expect(page.locator(f"#att-{ordinal}")).to_have_class(re.compile(r"\bactive\b"))
    details = first.evaluate("e => getComputedStyle(e, '::after').content")
    assert "confidence" in details  # its details show on focus


#: axe-core from npm (`make test-deps` installs it there); run inside each page by Playwright.
AXE = Path(__file__).parents[2] / ".venv/node/node_modules/axe-core/axe.min.js"


def test_web_browser_axe_finds_no_serious_violation(server: str, browser: Browser) -> None:
    assert AXE.exists(), "axe-core is missing: make test-deps (npm install --prefix .venv/node axe-core)"
    # the pages' Content-Security-Policy would refuse axe's script, which the test adds inline
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    try:
        found = {}
        for path in PAGES:
            page.goto(server + path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [
                f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[path] = serious
        assert found == {}
    finally:
        context.close()


@pytest.fixture(scope="module")
def made_up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app over the made-up store: a speaker on several pages, a repeated quote."""
    with _serving(create_app(fill(tmp_path_factory.mktemp("made-up") / "store.db"), None)) as url:
        yield url


def test_web_browser_speaker_page_reaches_the_last_quote(made_up: str, page: Page) -> None:
    total = page.request.get(f"{made_up}/api/speakers/person:maria-lopes?limit=1").json()["entity"]["quotes"]
    page.goto(made_up + "/speakers/person:maria-lopes")
    outlets = page.locator("section", has=page.locator("h2", has_text="Outlets quoting them")).locator("svg.bar")
    counted = [int(label.rsplit(": ", 1)[1]) for label in outlets.evaluate_all("els => els.map(e => e.ariaLabel)")]
    assert sum(counted) == total  # the chart counts every quote, not the page's
    expect(page.locator("p.meta", has_text="page 1 of")).to_contain_text(f"{total} quotes; page 1 of 2")
    page.locator("a[rel=next]").click()
    expect(page.locator("p.meta", has_text="page 2 of")).to_contain_text(f"–{total}")
    expect(page.locator("a[rel=next]")).to_have_count(0)


def test_web_browser_search_counts_facets_sorts_marks_and_downloads(made_up: str, page: Page) -> None:
    page.goto(made_up + "/")
    page.fill("input[name=q]", "story")
    page.select_option("select[name=sort]", "oldest")
    page.click("button[type=submit]")
    total = page.request.get(f"{made_up}/api/quotes/facets?q=story").json()["total"]
    expect(page.locator(".summary .total")).to_have_text(str(total))
    expect(page.locator("b.hit").first).to_have_text("Story")  # the matched word, marked
    dates = page.locator("ol.quotes .quote .meta .date").all_inner_texts()
    assert dates == sorted(dates) and len(dates) == 50  # oldest first
    facet = page.locator(".facets li", has_text="Evening Post")
    count = facet.locator(".count").inner_text()
    facet.locator("a").click()
    expect(page.locator(".summary .total")).to_have_text(count)  # the facet narrows the search
    assert "outlet=Evening+Post" in page.url and "sort=oldest" in page.url  # the state is in the URL
    with page.expect_download() as download:
        page.locator("a.download", has_text="CSV").click()
    with open(download.value.path(), encoding="utf-8", newline="") as saved:
        rows = [(r["doc_id"], r["ordinal"]) for r in csv.DictReader(saved)]
    listed = page.request.get(made_up + str(page.locator("a.download", has_text="JSON").get_attribute("href")))
    assert rows == [(q["doc_id"], str(q["ordinal"])) for q in listed.json()] and len(rows) == int(count)


def test_web_browser_repeated_quote_lists_its_articles(made_up: str, page: Page) -> None:
    page.goto(made_up + "/?q=%22cranes+are+safe%22")
    expect(page.locator("ol.quotes .quote")).to_have_count(2)  # three copies as one, and Berg's same words
    quote = page.locator("ol.quotes .quote").first
    expect(quote.locator("b.hit")).to_have_text("cranes are safe")  # the phrase, marked
    summary = quote.locator("details.repeats summary")
    expect(summary).to_have_text("in 3 articles, first seen 2024-02-20")
    summary.click()
    carriers = quote.locator("details.repeats li a")
    expect(carriers).to_have_text(["Story 17", "Story 3", "Story 40"])  # oldest first
    carriers.nth(1).click()
    page.wait_for_url("**/articles/story-003#a0")
    expect(page.locator("#a0")).to_contain_text("cranes are safe")


def test_web_browser_every_anchor_of_the_example_resolves(server: str, page: Page) -> None:
    """Every #aN and #ev-N link to the example article (from its own page, the events page and the
    quotes of a search) has its target in the article as the browser builds it."""
    wanted: set[str] = set()
    for path in ("/events", "/?q=China", "/speakers/person:jen-psaki"):
        page.goto(server + path)
        hrefs = page.locator(f'a[href^="/articles/{EXAMPLE_ID}#"]').evaluate_all("els => els.map(e => e.hash)")
        wanted |= set(hrefs)
    page.goto(f"{server}/articles/{EXAMPLE_ID}")
    wanted |= set(page.locator('a[href^="#a"], a[href^="#ev-"]').evaluate_all("els => els.map(e => e.hash)"))
    missing = page.evaluate("hashes => hashes.filter(h => !document.getElementById(h.slice(1)))", sorted(wanted))
    assert missing == [] and len(wanted) > 30
