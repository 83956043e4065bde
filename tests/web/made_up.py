"""A small store of made-up articles, saved with hand-made extractions (no NLP model): Maria
Lopes quoted on more than one page, a wire quote that three articles carry, two other outlets."""

from __future__ import annotations

import random
from pathlib import Path

from newsgraph.records import Attribution, Extraction, Span, Speaker
from newsgraph.store import Store
from newsgraph.web.pages import PAGE_SIZE

LOPES = Speaker("person:maria-lopes", "Maria Lopes", "PERSON", 1.0, "named in the source", gender="female")
BERG = Speaker("person:tomas-berg", "Tomas Berg", "PERSON", 1.0, "named in the source", gender="male")
WIRE = "“The harbour will stay closed until the cranes are safe again,”"
ECHO = 52  # Tomas Berg says the wire's words too: the same words, another quote
CARRIERS = {3: ("Harbour Times", "2024-03-05"), 17: ("Valley Gazette", "2024-02-20"), 40: ("North Star", "2024-04-01")}
WORDS = "union ferry tariff cargo crane dock pier vessel strike wage shift berth tide quay".split()
ARTICLES = 2 * PAGE_SIZE + 5  # Maria Lopes has more quotes than a page holds


def story(n: int, rng: random.Random) -> Extraction:
    """Article ``n``: filler no other article shares, and one quote of Maria Lopes (of Tomas Berg in
    every third); the articles of CARRIERS quote the wire's words (each between its own quotation
    marks and punctuation), and Berg says them in ECHO."""
    filler = " ".join(rng.choice(WORDS) + str(rng.randrange(100_000)) for _ in range(60))
    other = ("Daily Ledger", "Evening Post")[n % 2]
    outlet, day = CARRIERS.get(n, (other, f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}"))
    said = WIRE if n != 17 else WIRE.replace("“", '"').replace(",”", '."')
    if n not in CARRIERS and n != ECHO:
        said = f"“Story {n} is its own,”"
    text = f"Headline {n}\n\n{filler}.\n\n{said} Maria Lopes said.\n"
    start = text.index(said)
    source = text.index("Maria Lopes", start)
    cue = text.index("said", source)
    speaker = BERG if n % 3 == 1 and n not in CARRIERS else LOPES  # the words say Lopes: the store does not mind
    quote = Attribution(
        Span.of(text, source, source + 11), Span.of(text, cue, cue + 4), (Span.of(text, start, start + len(said)),),
        "indirect" if n % 4 == 0 else "direct", speaker,
    )  # fmt: skip
    return Extraction(
        doc_id=f"story-{n:03d}", date=day, title=f"Story {n}", publisher=outlet, url=None, author=None,
        text=text, pipeline="test-1", path=None, regions=(), attributions=(quote,), time_expressions=(),
    )  # fmt: skip


def fill(url: str | Path) -> str:
    """The made-up store at ``url`` (a SQLite path or an empty PostgreSQL database); returns its URL."""
    rng = random.Random(3)
    with Store.open(str(url)) as store:
        for n in range(ARTICLES):
            store.save(story(n, rng))
    return str(url)
