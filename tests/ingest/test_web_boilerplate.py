"""Main-text quality on pages in the style of the article-extraction benchmark (fixture pages of our
own): blocks inside the article's markup that are not the article are left out, names in hover cards
keep their sentences, and the body stays whole."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from newsgraph.ingest import html
from newsgraph.ingest.web.boilerplate import prune

BODY = [
    "The city council voted on Tuesday to spend $40 million on repairs to the Harbour Bridge, closed to lorries "
    "since March.",
    "“We have waited long enough for this,” said Ada Park, who chairs the residents’ association, after the vote.",
    "Engineers found corrosion in three of the bridge’s main cables last year, according to a city report.",
    "Work is expected to start in the spring and to last eighteen months, the council said in a statement.",
    "Opposition members, led by councillor Ben Ortiz, argued that the money should go to the tram network.",
]
NEWSLETTER = (
    '<div class="newsletter-signup"><h3>Pick Six Newsletter</h3><p>Get the best picks and analysis delivered to '
    'your inbox every day.</p><form><input type="email"><button>Sign up</button></form><p>Thanks for signing up!'
    "</p><p>Keep an eye on your inbox.</p></div>"
)
ALSO_ON = (
    '<div class="read-more-big"><div class="read-more-big__title">Also on rt.com</div><a href="/a">Mayor '
    "promises a new tram line by 2027 as the harbour district floods again</a></div>"
)
SEE_MORE = '<p><strong>SEE MORE:</strong> <a href="/c">How the city plans to pay for its ageing bridges</a></p>'
SHARE = '<div class="share-tools"><span>Share this article</span><a href="#">Facebook</a><a href="#">X</a></div>'
READ_MORE = '<div><a href="/d">Read more: Council approves the budget for the coming year</a></div>'
RELATED = (
    '<aside class="relatedStories"><h4>Related</h4><ul><li><a href="/e">Harbour wall to be rebuilt</a></li>'
    '<li><a href="/f">Tram fares rise again</a></li></ul></aside>'
)
PROMO = '<div class="promo-box"><p>Subscribe now for unlimited access to our journalism, from $1 a week.</p></div>'
FIGURE = (
    '<figure><img src="/bridge.jpg" alt=""><figcaption>The Harbour Bridge at dusk on Nov. 15, 2023. Jane Doe/The '
    "Courier</figcaption></figure>"
)
HOVER = (
    '<p>The plan passed after Mayor <span class="rollover-people"><a class="rollover-people-link" href="/p">Lee '
    'Chan</a><span class="rollover-people-block"><span class="rollover-people-block__name">Lee Chan</span> Mayor '
    "since 2019, formerly a harbour pilot</span></span> backed it.</p>"
)
HOVER_TEXT = "The plan passed after Mayor Lee Chan backed it."


def page(blocks: list[str], lead: str = "") -> tuple[str, str]:
    """A page with ``blocks`` between the body's paragraphs, and the text of its body."""
    parts = [lead]
    for n, paragraph in enumerate(BODY):
        parts.append(f"<p>{paragraph}</p>")
        parts.append(blocks[n] if n < len(blocks) else "")
    markup = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Council votes to repair bridge</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></header><main><article>"
        f"<h1>Council votes to repair bridge</h1><div class='article-body'>{''.join(parts)}</div></article></main>"
        "<footer><p>Copyright 2024 The Courier. All rights reserved.</p></footer></body></html>"
    )
    return markup, " ".join(BODY) + (f" {HOVER_TEXT}" if lead else "")


PAGES = [
    page([NEWSLETTER, SHARE, SEE_MORE]),
    page([ALSO_ON, PROMO, READ_MORE]),
    page([RELATED, NEWSLETTER], lead=HOVER),
    page([FIGURE, READ_MORE, SHARE, PROMO]),
]


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def precision_recall(prepare: bool) -> tuple[float, float]:
    """Word precision and recall against the bodies, over all the pages (the benchmark's measure)."""
    hits = extracted = gold = 0
    for markup, body in PAGES:
        page_text = html.extract(prune(markup) if prepare else markup)
        assert page_text is not None
        got, wanted = words(page_text.text), words(body)
        hits += sum((got & wanted).values())
        extracted += sum(got.values())
        gold += sum(wanted.values())
    return hits / extracted, hits / gold


def test_web_boilerplate_blocks_are_left_out() -> None:
    precision, recall = precision_recall(prepare=True)
    assert precision >= 0.97 and recall >= 0.97
    assert precision > precision_recall(prepare=False)[0]  # trafilatura alone keeps some of the blocks


@pytest.mark.parametrize(
    ("block", "gone"),
    [
        (NEWSLETTER, "Thanks for signing up"),
        (ALSO_ON, "Also on rt.com"),
        (SEE_MORE, "SEE MORE"),
        (READ_MORE, "Read more"),
        (PROMO, "Subscribe now"),
    ],
)
def test_web_boilerplate_each_block(block: str, gone: str) -> None:
    markup, _ = page([block])
    text = html.extract(prune(markup))
    assert text is not None and gone not in text.text and BODY[1] in text.text


def test_web_boilerplate_hover_card_keeps_the_name_in_its_sentence() -> None:
    markup, _ = page([], lead=HOVER)
    text = html.extract(prune(markup))
    assert text is not None and HOVER_TEXT in text.text and "harbour pilot" not in text.text


def test_web_boilerplate_keeps_a_long_block_whatever_its_class() -> None:
    markup, _ = page([])
    wrapped = markup.replace("<div class='article-body'>", "<div class='article-body social-share-wrapper'>")
    text = html.extract(prune(wrapped))
    assert text is not None and all(paragraph in text.text for paragraph in BODY)
