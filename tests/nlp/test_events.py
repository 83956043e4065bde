"""Event coding: hand-built parses for the rules, the real model for the example article."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.nlp.event_lexicon import Sense
from newsgraph.nlp.event_triggers import condemned
from newsgraph.nlp.events import EventCoder, code_event, modal_type
from newsgraph.records import Event, TimeExpression

# words, heads, deps, pos, lemmas, entity tags
PARSES = {
    "assault": (
        ["Russia", "attacked", "Ukraine", "."],
        [1, 1, 1, 1],
        ["nsubj", "ROOT", "dobj", "punct"],
        ["PROPN", "VERB", "PROPN", "PUNCT"],
        ["Russia", "attack", "Ukraine", "."],
        ["B-GPE", "O", "B-GPE", "O"],
    ),
    "passive": (
        ["Ukraine", "was", "attacked", "by", "Russia", "."],
        [2, 2, 2, 2, 3, 2],
        ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
        ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
        ["Ukraine", "be", "attack", "by", "Russia", "."],
        ["B-GPE", "O", "O", "O", "B-GPE", "O"],
    ),
    "future_warning": (
        ["Washington", "is", "planning", "to", "warn", "China", "."],
        [2, 2, 2, 4, 2, 4, 2],
        ["nsubj", "aux", "ROOT", "aux", "xcomp", "dobj", "punct"],
        ["PROPN", "AUX", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
        ["Washington", "be", "plan", "to", "warn", "China", "."],
        ["B-GPE", "O", "O", "O", "O", "B-GPE", "O"],
    ),
    "refusal": (
        ["France", "will", "not", "meet", "Iran", "."],
        [3, 3, 3, 3, 3, 3],
        ["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
        ["PROPN", "AUX", "PART", "VERB", "PROPN", "PUNCT"],
        ["France", "will", "not", "meet", "Iran", "."],
        ["B-GPE", "O", "O", "O", "B-GPE", "O"],
    ),
    "noun": (
        ["Russia", "'s", "invasion", "of", "Ukraine", "continues", "."],  # an event, by the classifier too
        [2, 0, 5, 2, 3, 5, 5],
        ["poss", "case", "nsubj", "prep", "pobj", "ROOT", "punct"],
        ["PROPN", "PART", "NOUN", "ADP", "PROPN", "VERB", "PUNCT"],
        ["Russia", "'s", "invasion", "of", "Ukraine", "continue", "."],
        ["B-GPE", "O", "O", "O", "B-GPE", "O", "O"],
    ),
    "no_party": (
        ["It", "was", "attacked", "."],
        [2, 2, 2, 2],
        ["nsubjpass", "auxpass", "ROOT", "punct"],
        ["PRON", "AUX", "VERB", "PUNCT"],
        ["it", "be", "attack", "."],
        ["O", "O", "O", "O"],
    ),
    "mutual": (
        ["Jordan", "and", "Britain", "met", "."],
        [3, 0, 0, 3, 3],
        ["nsubj", "cc", "conj", "ROOT", "punct"],
        ["PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"],
        ["Jordan", "and", "Britain", "meet", "."],
        ["B-GPE", "O", "B-GPE", "O", "O"],
    ),
    "between": (
        ["Talks", "between", "Jordan", "and", "Britain", "ended", "."],
        [5, 0, 1, 2, 2, 5, 5],
        ["nsubj", "prep", "pobj", "cc", "conj", "ROOT", "punct"],
        ["NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "VERB", "PUNCT"],
        ["talk", "between", "Jordan", "and", "Britain", "end", "."],
        ["O", "O", "B-GPE", "O", "B-GPE", "O", "O"],
    ),
    "agentless": (
        ["Eight", "people", "were", "killed", "."],
        [1, 3, 3, 3, 3],
        ["nummod", "nsubjpass", "auxpass", "ROOT", "punct"],
        ["NUM", "NOUN", "AUX", "VERB", "PUNCT"],
        ["eight", "people", "be", "kill", "."],
        ["B-CARDINAL", "O", "O", "O", "O"],
    ),
    "thing": (
        ["Police", "arrested", "the", "captain", "."],
        [1, 1, 3, 1, 1],
        ["nsubj", "ROOT", "det", "dobj", "punct"],
        ["NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        ["police", "arrest", "the", "captain", "."],
        ["O", "O", "O", "O", "O"],
    ),
    "air_strike": (
        ["Israel", "launched", "an", "air", "strike", "on", "Gaza", "."],
        [1, 1, 4, 4, 1, 4, 5, 1],
        ["nsubj", "ROOT", "det", "compound", "dobj", "prep", "pobj", "punct"],
        ["PROPN", "VERB", "DET", "NOUN", "NOUN", "ADP", "PROPN", "PUNCT"],
        ["Israel", "launch", "an", "air", "strike", "on", "Gaza", "."],
        ["B-GPE", "O", "O", "O", "O", "O", "B-GPE", "O"],
    ),
    "election": (
        ["Democrats", "beat", "Bevin", "in", "the", "election", "."],
        [1, 1, 1, 1, 5, 3, 1],
        ["nsubj", "ROOT", "dobj", "prep", "det", "pobj", "punct"],
        ["PROPN", "VERB", "PROPN", "ADP", "DET", "NOUN", "PUNCT"],
        ["Democrats", "beat", "Bevin", "in", "the", "election", "."],
        ["B-NORP", "O", "B-PERSON", "O", "O", "O", "O"],
    ),
    "dated": (
        ["Russia", "attacked", "Ukraine", "in", "May", "2015", "."],
        [1, 1, 1, 1, 3, 4, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "nummod", "punct"],
        ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "NUM", "PUNCT"],
        ["Russia", "attack", "Ukraine", "in", "May", "2015", "."],
        ["B-GPE", "O", "B-GPE", "O", "B-DATE", "I-DATE", "O"],
    ),
}


def code(vocab: Vocab, name: str, times: Sequence[TimeExpression] = ()) -> list[Event]:
    words, heads, deps, pos, lemmas, ents = PARSES[name]
    doc = Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)
    doc._.date, doc._.regions, doc._.attributions = "2022-03-18", [], []
    doc._.time_expressions, doc._.mentions, doc._.entities = list(times), [], {}
    return EventCoder()(doc)._.events


@pytest.mark.parametrize(
    ("name", "event", "actors", "recipients", "future", "negated"),
    [
        ("assault", "ASSAULT", ["RUS"], ["UKR"], False, False),
        ("passive", "ASSAULT", ["RUS"], ["UKR"], False, False),  # the agent acts, the subject receives
        ("future_warning", "THREATEN", ["USA"], ["CHN"], True, False),  # the planner warns
        ("refusal", "REJECT", ["FRA"], ["IRN"], True, True),  # refusing to meet rejects
        ("noun", "ASSAULT", ["RUS"], ["UKR"], False, False),
    ],
)
def test_events_rules(
    vocab: Vocab, name: str, event: str, actors: list[str], recipients: list[str], future: bool, negated: bool
) -> None:
    [found] = code(vocab, name)
    assert found.event == event
    assert [a.country for a in found.actor] == actors
    assert [a.country for a in found.recipient] == recipients
    assert (found.future, found.negated) == (future, negated)
    assert found.date is not None and (found.date.value, found.date.source) == ("2022-03-18", "article")


@pytest.mark.parametrize("name", ["no_party", "election"])  # "beat the incumbent in the election": no assault
def test_events_none(vocab: Vocab, name: str) -> None:
    assert code(vocab, name) == []


@pytest.mark.parametrize(
    ("name", "event", "actors", "recipients"),
    [
        ("mutual", "CONSULT", ["Jordan"], ["Britain"]),  # "A and B met": A meets B, not two actors
        ("between", "CONSULT", ["Jordan"], ["Britain"]),  # "talks between A and B"
        ("agentless", "ASSAULT", [], ["Eight people"]),  # no actor is made up for a passive
        ("thing", "COERCE", ["Police"], ["captain"]),  # what the act is done to, named or not
        ("air_strike", "ASSAULT", ["Israel"], ["Gaza"]),  # an air strike attacks; a strike protests
    ],
)
def test_events_parties(vocab: Vocab, name: str, event: str, actors: list[str], recipients: list[str]) -> None:
    [found] = code(vocab, name)
    assert found.event == event
    assert [a.span.text for a in found.actor if a.span] == actors
    assert [a.span.text for a in found.recipient if a.span] == recipients


@pytest.mark.parametrize(
    ("value", "kind", "expected", "source"),
    [
        ("2015-05", "DATE", "2015-05", "sentence"),  # "May 2015" is a month, not 2015-05-01
        ("2015", "DATE", "2015", "sentence"),
        ("2015-05-04TMO", "TIME", "2015-05-04", "sentence"),  # "Monday morning": its day
        ("PAST_REF", "DATE", "PAST_REF", "sentence"),  # "more recently": not the article's date
        ("FUTURE_REF", "DATE", "FUTURE_REF", "sentence"),
        ("PRESENT_REF", "DATE", "2022-03-18", "article"),  # "now" is the article's date, marked so
        ("P1M", "DURATION", "2022-03-18", "article"),  # a duration dates nothing
    ],
)
def test_events_date_precision(vocab: Vocab, value: str, kind: str, expected: str, source: str) -> None:
    when = TimeExpression(27, 35, "May 2015", value, kind)  # over "May 2015" in the sentence
    [found] = code(vocab, "dated", [when])
    assert found.date is not None and (found.date.value, found.date.source) == (expected, source)


def report(vocab: Vocab, subject: str, predicate: str, negated: bool = False, duty: str | None = None) -> Doc:
    """ "Officials said <subject> was [not] <predicate> [for the <duty>] ." parsed by hand."""
    words = ["Officials", "said", subject, "was", *(["not"] if negated else []), predicate]
    heads, deps = (
        [1, 1, 3, 1, *([3] if negated else []), 3],
        ["nsubj", "ROOT", "nsubj", "ccomp", *(["neg"] if negated else []), "acomp"],
    )
    if duty:
        at = len(words)
        words += ["for", "the", duty]
        heads += [at - 1, at + 2, at]
        deps += ["prep", "det", "pobj"]
    words.append(".")
    heads.append(1)
    deps.append("punct")
    lemmas = [{"said": "say", "was": "be"}.get(w, w.lower()) for w in words]
    pos = ["NOUN", "VERB", "PROPN", "AUX", *(["PART"] if negated else []), "ADJ"]
    pos += ["ADP", "DET", "NOUN"] if duty else []
    doc = Doc(vocab, words=words, heads=heads, deps=deps, lemmas=lemmas, pos=[*pos, "PUNCT"])
    doc.ents = [doc.char_span(doc.text.index(subject), doc.text.index(subject) + len(subject), label="GPE")]
    return doc


@pytest.mark.parametrize(
    ("predicate", "negated", "duty", "accused"),
    [
        ("wrong", False, None, "Russia"),
        ("responsible", False, None, "Russia"),  # for what happened, as the story tells
        ("responsible", False, "attack", "Russia"),
        ("responsible", False, "budget", None),  # a duty, not a blame
        ("wrong", True, None, None),  # "was not wrong"
        ("ready", False, None, None),
    ],
)
def test_events_condemned_by_report(
    vocab: Vocab, predicate: str, negated: bool, duty: str | None, accused: str | None
) -> None:
    doc = report(vocab, "Russia", predicate, negated, duty)
    found = condemned(doc[1])
    assert (found.text if found is not None else None) == accused


@pytest.mark.parametrize(
    ("event", "negated", "intended", "hypothetical", "expected"),
    [
        ("CONSULT", False, False, False, "CONSULT"),
        ("CONSULT", False, True, False, "AGREE"),  # "will visit": an intent to cooperate
        ("AID", True, False, False, "REJECT"),  # "would not give aid"
        ("SANCTION", False, True, False, "THREATEN"),  # "plans to impose restrictions"
        ("ASSAULT", False, False, True, "THREATEN"),  # "will attack unless ..."
        ("ASSAULT", False, False, False, "ASSAULT"),
    ],
)
def test_events_modal_type(event: str, negated: bool, intended: bool, hypothetical: bool, expected: str) -> None:
    assert modal_type(event, negated, intended, hypothetical) == expected


EXAMPLE = Path(__file__).parents[2] / "../shared/examples/000_3070b542610b7c5b.txt"


@pytest.fixture(scope="module")
def example(nlp: Language) -> Doc:
    doc = nlp.make_doc(EXAMPLE.read_text(encoding="utf-8"))
    doc._.date = "2022-03-18"
    return nlp(doc)


@pytest.mark.parametrize(
    ("trigger", "event", "actors", "recipients", "date", "location"),
    [
        ("speaking", "CONSULT", {"USA"}, {"CHN"}, "2022-03-18", None),  # the video call, Friday morning: Biden -> Xi
        ("warn", "THREATEN", {"USA"}, {"CHN"}, "2022-03-18", None),
        ("invasion", "ASSAULT", {"RUS"}, {"UKR"}, "2022-03-18", None),
        ("met", "CONSULT", {"USA"}, {"CHN"}, "2022-W11", "Rome"),  # Sullivan and Yang Jiechi
        ("met", "CONSULT", {"CHN"}, {"RUS"}, "2022-02", "Beijing"),  # Xi -> Putin, early February
    ],
)
def test_events_example_article(
    example: Doc, trigger: str, event: str, actors: set[str], recipients: set[str], date: str, location: str | None
) -> None:
    found = [
        e
        for e in example._.events
        if e.trigger.text == trigger
        and {a.country for a in e.actor} == actors
        and {a.country for a in e.recipient} >= recipients
        and e.location == location
    ]
    assert found, f"no {event} event on {trigger!r} with actors {actors} and recipients {recipients}"
    [coded] = found
    assert coded.event == event
    assert coded.date is not None and coded.date.value == date
    assert example.text[coded.evidence.start : coded.evidence.end] == coded.evidence.text


def test_events_example_claim_and_denial(example: Doc) -> None:
    """Russia's request for weapons is claimed by U.S. officials and contested by China's denial; the
    same request elsewhere ("amid reports that ...") is never put in the mouth of Mr. Biden."""
    requests = [
        e
        for e in example._.events
        if e.event == "REQUEST" and e.attribution is not None and {a.country for a in e.actor} == {"RUS"}
    ]
    claims = {example._.attributions[e.attribution].cue.text: e for e in requests}
    for claim in (example._.attributions[e.attribution] for e in requests):
        assert claim.speaker is None or claim.speaker.name != "Joe Biden"
    request = claims["have previously said"]
    assert {a.country for a in request.recipient} == {"CHN"}
    assert example._.attributions[request.attribution].source.text == "U.S. officials"
    [denial] = [example._.attributions[i] for i in request.contested_by]
    assert (denial.source.text, denial.cue.text) == ("China", "has denied")


HUA = "Hua Chunying said the U.S. was"


def test_events_example_report_as_accusation(example: Doc) -> None:
    """The parse side of Hua Chunying's ACCUSE: a said-clause typed ACCUSE has the one who says it as
    actor and the subject of what is said as recipient, and is no claim of anyone else."""
    start = example.text.index(HUA)
    [said] = [t for t in example.char_span(start, start + len(HUA)) if t.lower_ == "said"]
    coded = code_event(example, said, Sense("ACCUSE"), example._.attributions)
    assert coded is not None
    assert [(a.name, a.country) for a in coded.actor] == [("Hua Chunying", "CHN")]
    assert [(a.span.text, a.country) for a in coded.recipient if a.span] == [("U.S.", "USA")]
    assert coded.attribution is None


def test_events_example_hua_accuses_the_us(example: Doc) -> None:
    start = example.text.index(HUA)
    found = [e for e in example._.events if start <= e.trigger.start < start + 120 and e.event == "ACCUSE"]
    assert [({a.country for a in e.actor}, {a.country for a in e.recipient}) for e in found] == [({"CHN"}, {"USA"})]


def test_events_future_warning_in_example(example: Doc) -> None:
    [warning] = [e for e in example._.events if e.trigger.text == "warn"]
    assert warning.future and not warning.negated


def test_events_example_none_in_a_caption(example: Doc) -> None:
    """The photo caption's "Biden meets virtually with Xi ... on Nov. 15, 2021" is the photo's event."""
    captions = [(r.start, r.end) for r in example._.regions if r.label in ("caption", "header", "credit")]
    assert captions
    assert not [e for e in example._.events if any(s <= e.trigger.start < t for s, t in captions)]
    assert all(not a.span or not a.span.text.startswith("-") for e in example._.events for a in e.actor)
