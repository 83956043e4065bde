"""Speaker resolution within an article, on made-up articles through the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsgraph.nlp.people import slug
from newsgraph.nlp.speakers import byline_name, unspoken
from newsgraph.records import Attribution, Span

ARTICLE = """Harbour Authority spokeswoman Priya Natarajan said the port would reopen on Monday.

“We have cleared the channel,” she said.

Mayor Dana Whitfield said the city had asked for federal help. Ms. Whitfield said repairs would take a year.

Councillor Tom Brennan, the head of the finance committee, said the city could not afford it.

“We warned them in 2019,” the head of the finance committee said.

The city council said in a statement that it would meet again on Friday.

“It is a mess,” said Jordan Blake, a dock worker."""


def speakers_by_source(nlp: Language, text: str) -> list[tuple[str | None, str | None, float | None]]:
    def row(a: Attribution) -> tuple[str | None, str | None, float | None]:
        return (
            a.source.text if a.source else None,
            a.speaker.name if a.speaker else None,
            a.speaker.confidence if a.speaker else None,
        )

    return [row(a) for a in nlp(text)._.attributions]


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("Harbour Authority spokeswoman Priya Natarajan", "Priya Natarajan"),  # a name
        ("she", "Priya Natarajan"),  # a pronoun: the previous speaker
        ("Ms. Whitfield", "Dana Whitfield"),  # a surname with an honorific
        ("the head of the finance committee", "Tom Brennan"),  # a description: a role given earlier
        ("The city council", "city council"),  # an organisation
        ("Jordan Blake, a dock worker", "Jordan Blake"),  # an inverted cue
    ],
)
def test_speakers_resolved(nlp: Language, source: str, name: str) -> None:
    found = {s: n for s, n, _ in speakers_by_source(nlp, ARTICLE)}
    assert found[source] == name


def test_speakers_confidence_below_one_when_inferred(nlp: Language) -> None:
    confidence = {s: c for s, _, c in speakers_by_source(nlp, ARTICLE)}
    assert confidence["Ms. Whitfield"] == 1.0
    assert 0 < confidence["she"] < 1.0
    assert 0 < confidence["the head of the finance committee"] < 1.0


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "he" cannot be Ms. Cho: gender from her honorific, so the earlier man is chosen.
        ("Paul Ng said the bill passed. Ms. Cho said it would help. “It is late,” he said.", "Paul Ng"),
        # No pronoun or honorific gives a gender: the previous speaker.
        ("Paul Ng said the bill passed. Alex Cho said it would help. “It is late,” he said.", "Alex Cho"),
    ],
)
def test_speakers_pronoun_gender_from_text_only(nlp: Language, text: str, speaker: str) -> None:
    assert speakers_by_source(nlp, text)[-1][:2] == ("he", speaker)


def test_speakers_mentions_share_entity(nlp: Language) -> None:
    doc = nlp(ARTICLE)
    ids = {m.text: m.entity_id for m in doc._.mentions}
    assert ids["Dana Whitfield"] == ids["Whitfield"] == "person:dana-whitfield"


PROFILE = """White House press secretary Jen Psaki said the talks would go on. “We are ready,” she said.

Alex Younger, the former head of the UK's spy agency MI6, told the BBC that the West should act.

In a series of tweets, Chinese foreign ministry spokeswoman Hua Chunying said the claims were false.

Writing in The Washington Post, Ambassador Qin Gang said that China had no idea.

Resident Luis Ortega said the water tasted odd.

Paul Ng said the figures were wrong.

U.S. officials said the plan had failed.

The mayor said the bridge would open in June.

The council said the repairs would cost more."""


@pytest.mark.parametrize(
    ("name", "role", "gender", "country", "category"),
    [
        ("Jen Psaki", "White House press secretary", "female", "USA", "official"),
        ("Alex Younger", "the former head of the UK's spy agency MI6", None, "GBR", "official"),
        ("Hua Chunying", "Chinese foreign ministry spokeswoman", "female", "CHN", "official"),  # a role noun says so
        ("Qin Gang", "Ambassador", None, None, "official"),
        ("Luis Ortega", "Resident", None, None, "ordinary"),
        ("Paul Ng", None, None, None, "unspecified"),  # a given name is not shown: nothing guessed
        ("U.S. officials", None, None, "USA", "official"),  # a description's head noun counts as a role's
        ("mayor", None, None, None, "official"),
        ("council", None, None, None, "organisation"),
    ],
)
def test_speakers_profile_from_the_text(
    nlp: Language, name: str, role: str | None, gender: str | None, country: str | None, category: str
) -> None:
    speakers = {a.speaker.name: a.speaker for a in nlp(PROFILE)._.attributions if a.speaker}
    found = speakers[name]
    assert (found.role, found.gender, found.country, found.category) == (
        role.removeprefix("the ") if role else None,
        gender,
        country,
        category,
    )


@pytest.mark.parametrize(
    ("name", "medium"),
    [("Alex Younger", "BBC"), ("Hua Chunying", "Twitter"), ("Qin Gang", "The Washington Post"), ("Paul Ng", None)],
)
def test_speakers_medium(nlp: Language, name: str, medium: str | None) -> None:
    media = {a.speaker.name: a.medium for a in nlp(PROFILE)._.attributions if a.speaker}
    assert media[name] == medium


EXAMPLE = Path(__file__).parents[2] / "../shared/examples/000_3070b542610b7c5b.txt"

# Every quote of the example article, by the start of its content: who said it.
EXAMPLE_SPEAKERS = {
    "Mr. Biden would press": "Jen Psaki",
    "“We have made clear": "Jen Psaki",
    "Mr. Xi’s refusal": "Jen Psaki",
    "“This flies in the face": "Jen Psaki",
    "“The crisis in Ukraine": "Xi Jinping",
    "“conflict and confrontation": "Xi Jinping",
    "“As permanent members": "Xi Jinping",
    "that Russia briefed China": "U.S. officials",
    "that either of these things": "China",
    "the meeting was requested": "Zhao Lijian",
    "to “stay tuned.”": "Zhao Lijian",
    "that the leaders “will exchange views": "Chinese government",
    "the U.S. was “on the wrong side": "Hua Chunying",
    "“If the U.S. had honoured": "Hua Chunying",
    "his country’s relationship": "Wang Yi",
    "that China had no idea": "Qin Gang",
    "“Conflict between Russia": "Qin Gang",
    "China’s approach to Ukraine": "Alex Younger",
    "Beijing was viewing the crisis": "Alex Younger",
    "“This mindset": "Alex Younger",
    "Mr. Xi may be alone": "Alex Younger",
    "“Vladimir Putin needs Xi,”": "Alex Younger",
}


def test_speakers_example_article(nlp: Language) -> None:
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"))
    found = {a.content[0].text: a.speaker.name if a.speaker else None for a in doc._.attributions}
    for start, name in EXAMPLE_SPEAKERS.items():
        [speaker] = [n for text, n in found.items() if text.startswith(start)]
        assert speaker == name, start
    # "Ukrainian people need peace" continues Hua Chunying's quote with no cue of its own.
    [hua] = [a for a in doc._.attributions if a.content[0].text.startswith("“If the U.S. had honoured")]
    assert hua.content[-1].text.startswith("“Ukrainian people need peace")


# words, heads, deps, pos, the cue's tokens, whether the cue names nobody by design
UNSPOKEN = [
    (["Talks", "began", "amid", "reports", "of", "arms"], [1, 1, 1, 2, 3, 4],
     ["nsubj", "ROOT", "prep", "pobj", "prep", "pobj"], ["NOUN", "VERB", "ADP", "NOUN", "ADP", "NOUN"], (3, 4), True),
    (["It", "was", "revealed", "that", "talks", "failed"], [2, 2, 2, 5, 5, 2],
     ["nsubjpass", "auxpass", "ROOT", "mark", "nsubj", "ccomp"], ["PRON", "AUX", "VERB", "SCONJ", "NOUN", "VERB"],
     (1, 3), True),
    (["Talks", "failed", ",", "said", "officials"], [1, 1, 1, 1, 3],
     ["nsubj", "ROOT", "punct", "parataxis", "nsubj"], ["NOUN", "VERB", "PUNCT", "VERB", "NOUN"], (3, 4), False),
]  # fmt: skip


@pytest.mark.parametrize(("words", "heads", "deps", "pos", "cue", "unspoken_cue"), UNSPOKEN)
def test_speakers_sourceless_noun_or_passive_cue_continues_nobody(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], cue: tuple[int, int], unspoken_cue: bool
) -> None:
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)
    span = doc[cue[0] : cue[1]]
    cue_span = Span.of(doc.text, span.start_char, span.end_char)
    attribution = Attribution(source=None, cue=cue_span, content=(), kind="indirect")
    assert unspoken(doc, attribution) is unspoken_cue


@pytest.mark.parametrize(
    ("text", "source", "speaker", "members"),
    [
        # names joined by "and" are a group of those people, never one of them
        (
            "Presidential candidates Hillary Clinton and Donald Trump said the debate was fair.",
            "Presidential candidates Hillary Clinton and Donald Trump",
            "Hillary Clinton and Donald Trump",
            ("Hillary Clinton", "Donald Trump"),
        ),
        # a name inside a description is not the speaker: the description is
        (
            "Hillary Clinton left early. A spokeswoman for Hillary Clinton said she was tired.",
            "A spokeswoman for Hillary Clinton",
            "spokeswoman for Hillary Clinton",
            (),
        ),
        # a relative clause leaves the name
        (
            "John Reed, who will be the merged company's chairman, said the deal was good.",
            "John Reed, who will be the merged company's chairman,",
            "John Reed",
            (),
        ),
        # a person's campaign is one speaker however it is worded
        (
            "Hillary Clinton spoke in Ohio on Monday. Her campaign said the polls were wrong.",
            "Her campaign",
            "Clinton campaign",
            (),
        ),
        (
            "Donald Trump spoke in Ohio. Donald Trump's presidential campaign said the polls were wrong.",
            "Donald Trump's presidential campaign",
            "Trump campaign",
            (),
        ),
        # a document the article spoke of before is its maker's
        (
            "Priorities USA released an ad on Monday. The ad said the plan would fail.",
            "The ad",
            "Priorities USA",
            (),
        ),
    ],
)
def test_speakers_source_forms(nlp: Language, text: str, source: str, speaker: str, members: tuple[str, ...]) -> None:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text.startswith(source[:12])]
    assert found.speaker is not None
    assert (found.speaker.name, found.speaker.members) == (speaker, members)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an honorific's gender picks among namesakes
        ("Bill Clinton and Hillary Clinton arrived. Mrs. Clinton said the plan would work.", "Hillary Clinton"),
        ("Bill Clinton and Hillary Clinton arrived. Mr. Clinton said the plan would work.", "Bill Clinton"),
        # a name tagged as an organisation is the person the article names
        ("Donald Trump spoke in Ohio. Trump said the polls were wrong.", "Donald Trump"),
        # words before a full name that are no given names are an epithet, not a fuller name
        (
            "Hillary Clinton spoke in Ohio. Trump called her Crooked Hillary Clinton. Clinton said it was false.",
            "Hillary Clinton",
        ),
        # a nickname in quotes is not part of the name, and names the person too
        ('Rep. Robert C. "Bobby" Scott spoke. Bobby Scott said he would run.', "Robert C. Scott"),
        ('Rep. Robert C. "Bobby" Scott spoke. "We will win," Scott said.', "Robert C. Scott"),
        # a modified description of a person is the person the text is about
        ("Donald Trump spoke in Ohio on Monday. The New York businessman said the polls were wrong.", "Donald Trump"),
        # a bare namesake surname is the namesake the article has named most so far
        (
            "Sen. Ted Cruz spoke on Monday. Cruz said he would vote. Cruz said it was hard. "
            "Trump once mocked Heidi Cruz. Cruz said he had forgiven him.",
            "Ted Cruz",
        ),
        # an apposition that is no role leaves the title before the name: "the senator" is Graham
        (
            "Sen. Lindsey Graham (R-S.C.) spoke to reporters on Thursday. The senator said the bill would pass.",
            "Lindsey Graham",
        ),
        # "the judge" can be the article's justice, named after the description
        (
            "A New York judge has rejected the request. Manhattan Supreme Court Justice Frank Nervo wrote the "
            "ruling. The judge said the file would stay sealed.",
            "Frank Nervo",
        ),
        # a body named as what the description says, and named only after it
        (
            "The company cut pensions, according to the union. A spokesman for the United Mine Workers of "
            "America spoke later.",
            "United Mine Workers of America",
        ),
        # another party's nominee, or another office ("vice"), is not the one a description means
        (
            "Republican presidential nominee Donald Trump spoke in Ohio. Hillary Clinton spoke in Toledo. "
            "The Democratic presidential nominee said the plan would work.",
            "Hillary Clinton",
        ),
        (
            "Democratic vice presidential nominee Tim Kaine spoke in Ohio. Hillary Clinton spoke in Toledo. "
            "The Democratic presidential nominee said the plan would work.",
            "Hillary Clinton",
        ),
        # a full name tagged an organisation that the article shortens to its surname is a person
        ("NBC's Lester Holt will moderate. Holt said he would ask about taxes.", "Lester Holt"),
    ],
)
def test_speakers_namesakes_and_types(nlp: Language, text: str, speaker: str) -> None:
    assert [a.speaker.name for a in nlp(text)._.attributions if a.speaker][-1] == speaker


@pytest.mark.parametrize("source", ["Some", "Many"])
def test_speakers_quantifier_is_never_a_name(nlp: Language, source: str) -> None:
    doc = nlp(f"The plan was announced on Monday. {source} said it would fail.")
    [found] = [a for a in doc._.attributions if a.source and a.source.text == source]
    assert found.speaker is None
    assert found.unresolved == f"{source!r}: a quantifier with no group before it to pick from"


@pytest.mark.parametrize(
    ("text", "source", "why"),
    [
        ("The plan was announced on Monday. She said it would fail.", "She", "nobody before it agrees"),
        ("The plan was announced on Monday. I said it would fail.", "I", "outside a quote, and the article names"),
        (
            "Ted Cruz spoke on Monday. Talk had been mounting that he would endorse Trump.",
            "Talk",
            "says what was said, not who",
        ),
    ],
)
def test_speakers_no_speaker_has_a_reason(nlp: Language, text: str, source: str, why: str) -> None:
    [found] = [a for a in nlp(text)._.attributions if a.source and a.source.text == source]
    assert found.speaker is None and found.unresolved is not None and why in found.unresolved


def test_speakers_first_person_outside_quotes_is_the_author(nlp: Language) -> None:
    doc = nlp.make_doc("I think the plan will fail, and I said so last year.")
    doc._.author = "Dan Riehl"
    doc = nlp(doc)
    assert {a.speaker.name for a in doc._.attributions if a.speaker} == {"Dan Riehl"}


def test_speakers_headline_names_join_the_body(nlp: Language) -> None:
    text = "Obama Says Climate Change Is Terrifying\n\nWASHINGTON -- President Barack Obama said on Monday it was."
    doc = nlp(text)
    assert doc._.regions[0].label == "headline"
    # the tagger ran the headline into one name; its mention is the name the body knows
    assert [(m.text, m.entity_id) for m in doc._.mentions] == [
        ("Barack Obama", "person:barack-obama"),
        ("Obama", "person:barack-obama"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dana Whitfield", "dana-whitfield"),
        ("José Mourinho", "jose-mourinho"),  # accents off: ids stay what they were
        ("Путин", "путин"),  # other scripts keep their letters
        ("Си Цзиньпин", "си-цзиньпин"),
        ("習近平", "習近平"),
    ],
)
def test_speakers_ids_keep_every_script(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_speakers_ids_are_never_empty_and_never_shared() -> None:
    names = ["Путин", "Си Цзиньпин", "...", "—", "Xi Jinping"]
    assert all(slug(n) for n in names) and len({slug(n) for n in names}) == len(names)


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("By RON LIEBER", "Ron Lieber"),
        ("By EDUARDO PORTER. Email: eporter@nytimes.com,Twitter: @portereduardo", "Eduardo Porter"),
        ("By JAMES B. STEWART", "James B. Stewart"),
        ("Dan Riehl", "Dan Riehl"),
        ("Jane Doe, Reuters", "Jane Doe"),
        ("by Mary O'Neill for The Guardian", "Mary O'Neill"),
    ],
)
def test_speakers_byline_name(byline: str, name: str) -> None:
    assert byline_name(byline) == name


def test_speakers_first_person_is_the_author_of_a_capitalised_byline(nlp: Language) -> None:
    doc = nlp.make_doc("The plan was announced on Monday. I think it will fail.")
    doc._.author = "By RON LIEBER"
    for _, component in nlp.pipeline:
        doc = component(doc)
    [found] = [a for a in doc._.attributions if a.source and a.source.text == "I"]
    assert found.speaker is not None and found.speaker.name == "Ron Lieber"


def test_speakers_plural_noun_opening_a_sentence_is_unnamed(nlp: Language) -> None:
    """'Scholars' that the tagger took for a person's name because it opens a sentence (as in a
    PolNeAR article) is an unnamed group."""
    doc = nlp.make_doc("Donald Trump spoke about Ukraine on Monday. Scholars say his view of the region is new.")
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "ner":
            scholars = next(t.i for t in doc if t.text == "Scholars")
            doc.ents = [*doc.ents, SpacySpan(doc, scholars, scholars + 1, label="PERSON")]
    [found] = [a for a in doc._.attributions if a.source and a.source.text == "Scholars"]
    assert found.speaker is not None and found.speaker.type == "GROUP"
