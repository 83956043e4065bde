"""Made-up articles for the store tests, with extractions built by hand."""

from __future__ import annotations

from collections.abc import Sequence

from newsgraph.records import (
    Actor,
    Attribution,
    AttributionKind,
    Event,
    EventDate,
    Extraction,
    Mention,
    Region,
    Span,
    Speaker,
    TimeExpression,
)

LOPES = Speaker("person:maria-lopes", "Maria Lopes", "PERSON", 0.95, "named in the source")
BERG = Speaker("person:tomas-berg", "Tomas Berg", "PERSON", 0.9, "named in the source")
AUTHORITY = Speaker("org:northport-harbour-authority", "Northport Harbour Authority", "ORG")
SIREN = Speaker("person:anna-siren", "Anna Siren", "PERSON", 1.0, "named in the source")
HADDAD = Speaker("person:omar-haddad", "Omar Haddad", "PERSON", 1.0, "named in the source")
PARK = Speaker("person:lena-park", "Lena Park", "PERSON", 0.7, "nearest preceding person")

WIRE_TEXT = (
    "NORTHPORT, March 18 (Wire Service) - Dock workers at the port of Northport walked off "
    "the job on Friday, halting the loading of grain ships for the first time in eleven "
    'years, union leaders said. "We will stay out until the harbour authority puts a fair '
    "offer on the table,\" said Maria Lopes, the head of the dockers' union. The harbour "
    "authority said in a statement that it regretted the strike and remained open to talks. "
    "Transport minister Tomas Berg told reporters that the government would not intervene "
    'for now. "This is a matter for the two parties," Berg said. According to port '
    "officials, more than forty vessels were waiting at anchor outside the breakwater by "
    "Friday evening, and the queue was expected to grow over the weekend as grain arrived by "
    "rail from the interior. Farmers' groups warned that a long stoppage would leave silos "
    "full at the height of the harvest and push down prices paid to growers. Lopes said the "
    "union had asked for a seven percent pay rise and new rules on night shifts after two "
    "accidents last winter. The authority has offered three percent spread over two years. "
    "Shipping agents said some lines had already begun diverting cargo to the smaller port "
    "of Eastwick, about ninety miles along the coast, where cranes were working around the "
    "clock. Economists at the national bank estimated that each day of the strike would "
    "cost the regional economy several million crowns in lost trade. Talks between the two "
    "sides broke down on Thursday night after nine hours, and no new meeting has been "
    'scheduled. "Our door is open," the authority\'s chief executive, Anna Siren, said in a '
    "short video posted online. The last strike at Northport, in 2011, lasted sixteen days "
    "and ended with a mediated agreement."
)
# The same wire story as republished a day later, with a few words changed.
REPUBLISHED_TEXT = (
    WIRE_TEXT.replace("eleven years", "twelve years")
    .replace("ninety miles", "eighty miles")
    .replace("sixteen days", "seventeen days")
)
SCIENCE_TEXT = (
    "Pupils from twelve schools filled the town hall on Saturday for the annual science "
    'fair. The results were "astonishing", said judge Omar Haddad, adding that "the '
    'standard rises every year". A solar-powered bicycle won first prize. "I built it from '
    'old bicycle parts," she said. Lena Park, 14, plans to enter again next spring.'
)


def at(text: str, needle: str, after: str = "") -> tuple[int, int, str]:
    """Start, end and text of the first ``needle`` in ``text`` after ``after``."""
    start = text.index(needle, text.index(after) + len(after) if after else 0)
    return start, start + len(needle), needle


def find(text: str, needle: str, after: str = "") -> Span:
    return Span(*at(text, needle, after))


def wire_story(doc_id: str, text: str, date: str, publisher: str) -> Extraction:
    """An extraction of the port strike story (``WIRE_TEXT`` or a version of it)."""

    def said(
        content: str,
        source: Span | None,
        cue: Span | None,
        kind: AttributionKind,
        speaker: Speaker | None,
    ) -> Attribution:
        return Attribution(source, cue, (find(text, content),), kind, speaker)

    attributions = (
        said(
            "We will stay out until the harbour authority puts a fair offer on the table,",
            find(text, "Maria Lopes"),
            find(text, "said", after="table,"),
            "direct",
            LOPES,
        ),
        said(
            "it regretted the strike and remained open to talks",
            find(text, "The harbour authority"),
            find(text, "said in a statement"),
            "indirect",
            AUTHORITY,
        ),
        said(
            "the government would not intervene for now",
            find(text, "Transport minister Tomas Berg"),
            find(text, "told"),
            "indirect",
            BERG,
        ),
        said(
            "This is a matter for the two parties,",
            find(text, "Berg", after="parties,"),
            find(text, "said", after="parties,"),
            "direct",
            BERG,
        ),
        said(
            "more than forty vessels were waiting at anchor outside the breakwater",
            find(text, "port officials"),
            find(text, "According to"),
            "according_to",
            None,
        ),
        said(
            "the union had asked for a seven percent pay rise",
            find(text, "Lopes", after="growers."),
            find(text, "said", after="growers."),
            "indirect",
            LOPES,
        ),
        said(
            "Our door is open,",
            find(text, "Anna Siren"),
            find(text, "said", after="Siren,"),
            "direct",
            SIREN,
        ),
    )
    return Extraction(
        doc_id=doc_id,
        date=date,
        title="Dock workers strike at Northport",
        publisher=publisher,
        url=f"https://news.example/{doc_id}",
        author=None,
        text=text,
        pipeline="test-1",
        path=f"inbox/{doc_id}.txt",
        regions=(Region(*at(text, "NORTHPORT, March 18 (Wire Service) -"), "dateline"),),
        attributions=attributions,
        time_expressions=(
            TimeExpression(*at(text, "Friday"), "2022-03-18"),
            TimeExpression(*at(text, "last winter"), "2021-WI"),
        ),
        mentions=(
            Mention(*at(text, "Maria Lopes"), LOPES.id, LOPES.name, "PERSON"),
            Mention(*at(text, "Northport", after="port of"), "gpe:northport", "Northport", "GPE"),
            Mention(*at(text, "Berg", after="parties,"), BERG.id, BERG.name, "PERSON"),
        ),
        events=(
            Event(
                event="PROTEST",
                mode=None,
                context=None,
                actor=(Actor("Dock workers", None, "CVL", None, Span(*at(text, "Dock workers"))),),
                recipient=(),
                date=EventDate("2022-03-18", "Friday", "sentence"),
                location="Northport",
                trigger=Span(*at(text, "walked off")),
                evidence=Span(*at(text, "Dock workers at the port of Northport walked off")),
            ),
        ),
    )


def science_fair() -> Extraction:
    """An extraction of an unrelated story, with a pronoun source and two content spans."""
    text = SCIENCE_TEXT
    return Extraction(
        doc_id="courier-7",
        date="2022-04-02",
        title="Solar bicycle wins science fair",
        publisher="City Courier",
        url=None,
        author="Sam Reed",
        text=text,
        pipeline="test-1",
        path="inbox/courier-7.txt",
        regions=(),
        attributions=(
            Attribution(
                find(text, "judge Omar Haddad"),
                find(text, "said", after="astonishing"),
                (find(text, "astonishing"), find(text, "the standard rises every year")),
                "mixed",
                HADDAD,
            ),
            Attribution(
                find(text, "she", after="parts,"),
                find(text, "said", after="parts,"),
                (find(text, "I built it from old bicycle parts,"),),
                "direct",
                PARK,
            ),
        ),
        time_expressions=(TimeExpression(*at(text, "Saturday"), "2022-04-02"),),
        mentions=(Mention(*at(text, "Lena Park"), PARK.id, PARK.name, "PERSON"),),
    )


def short_story(
    doc_id: str,
    text: str,
    date: str | None,
    *,
    source: str,
    cue: str,
    content: str,
    speaker: Speaker | None,
    kind: AttributionKind = "direct",
    publisher: str | None = "Wire Service",
) -> Extraction:
    """A one-quote article; the spans are the first appearances of the given strings."""
    attribution = Attribution(find(text, source), find(text, cue), (find(text, content),), kind, speaker)
    return Extraction(
        doc_id=doc_id,
        date=date,
        title=None,
        publisher=publisher,
        url=None,
        author=None,
        text=text,
        pipeline="test-1",
        path=f"inbox/{doc_id}.txt",
        regions=(),
        attributions=(attribution,),
        time_expressions=(),
    )


def quoted(
    doc_id: str,
    date: str | None,
    quotes: Sequence[tuple[str, Speaker]],
    *,
    publisher: str | None = "Wire Service",
    pipeline: str = "test-1",
    mentions: Sequence[tuple[str, Speaker]] = (),
) -> Extraction:
    """An article of one sentence per quote, ``SOURCE said "N: DOC_ID went well."``, then one per mention."""
    sentences = [f'{source} said "{i}: {doc_id} went well."' for i, (source, _) in enumerate(quotes)]
    sentences += [f"{text} was there." for text, _ in mentions]
    text = " ".join(sentences)
    said_part = " ".join(sentences[: len(quotes)])
    attributions = tuple(
        Attribution(
            find(text, source, after=sentences[i - 1] if i else ""),
            find(text, "said", after=sentences[i - 1] if i else ""),
            (find(text, f'"{i}: {doc_id} went well."'),),
            "direct",
            speaker,
        )
        for i, (source, speaker) in enumerate(quotes)
    )
    return Extraction(
        doc_id=doc_id,
        date=date,
        title=None,
        publisher=publisher,
        url=None,
        author=None,
        text=text,
        pipeline=pipeline,
        path=None,
        regions=(),
        attributions=attributions,
        time_expressions=(),
        mentions=tuple(
            Mention(*at(text, mention, after=said_part), speaker.id, speaker.name, speaker.type)
            for mention, speaker in mentions
        ),
    )
