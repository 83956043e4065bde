"""Attribution rules on hand-built parses, and end to end on the real model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.nlp.attribution_drafts import (
    drop_addressee,
    drop_cue_objects,
    drop_dangling_words,
    one_per_content,
    take_cue_preposition,
    unrelated_source,
)
from newsgraph.nlp.attributions import AttributionFinder, Draft, continued, find_all_quotes
from newsgraph.nlp.quotes import Quote
from newsgraph.records import Region

# words, spaces, heads, deps, pos, lemmas
CASES = {
    "direct_after": (
        ["“", "We", "will", "act", ",", "”", "she", "said", "."],
        [False, True, True, False, False, True, True, False, False],
        [7, 3, 3, 7, 7, 7, 7, 7, 7],
        ["punct", "nsubj", "aux", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
        ["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"],
        ["“", "we", "will", "act", ",", "”", "she", "say", "."],
    ),
    "inverted_cue": (
        ["“", "Yes", ",", "”", "said", "Mr.", "Younger", "."],
        [False, False, False, True, True, True, False, False],
        [4, 4, 4, 4, 4, 6, 4, 4],
        ["punct", "intj", "punct", "punct", "ROOT", "compound", "nsubj", "punct"],
        ["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "PROPN", "PROPN", "PUNCT"],
        ["“", "yes", ",", "”", "say", "Mr.", "Younger", "."],
    ),
    "indirect": (
        ["Officials", "have", "said", "that", "talks", "failed", "."],
        [True, True, True, True, True, False, False],
        [2, 2, 2, 5, 5, 2, 2],
        ["nsubj", "aux", "ROOT", "mark", "nsubj", "ccomp", "punct"],
        ["NOUN", "AUX", "VERB", "SCONJ", "NOUN", "VERB", "PUNCT"],
        ["official", "have", "say", "that", "talk", "fail", "."],
    ),
    "mixed": (
        ["She", "said", "it", "was", "“", "a", "mistake", "”", "."],
        [True, True, True, True, False, True, False, False, False],
        [1, 1, 3, 1, 6, 6, 3, 6, 1],
        ["nsubj", "ROOT", "nsubj", "ccomp", "punct", "det", "attr", "punct", "punct"],
        ["PRON", "VERB", "PRON", "AUX", "PUNCT", "DET", "NOUN", "PUNCT", "PUNCT"],
        ["she", "say", "it", "be", "“", "a", "mistake", "”", "."],
    ),
    "according_to": (
        ["According", "to", "police", ",", "the", "man", "fled", "."],
        [True, True, False, True, True, True, False, False],
        [6, 0, 1, 6, 5, 6, 6, 6],
        ["prep", "prep", "pobj", "punct", "det", "nsubj", "ROOT", "punct"],
        ["VERB", "ADP", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"],
        ["accord", "to", "police", ",", "the", "man", "flee", "."],
    ),
    "belief": (
        ["Analysts", "believe", "prices", "will", "rise", "."],
        [True, True, True, True, False, False],
        [1, 1, 4, 4, 1, 1],
        ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"],
        ["NOUN", "VERB", "NOUN", "AUX", "VERB", "PUNCT"],
        ["analyst", "believe", "price", "will", "rise", "."],
    ),
    "no_cue": (
        ["Prices", "rose", "."],
        [True, False, False],
        [1, 1, 1],
        ["nsubj", "ROOT", "punct"],
        ["NOUN", "VERB", "PUNCT"],
        ["price", "rise", "."],
    ),
}


def build(vocab: Vocab, case: str, regions: list[Region] | None = None) -> Doc:
    words, spaces, heads, deps, pos, lemmas = CASES[case]
    doc = Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    doc._.regions = regions or []
    return AttributionFinder()(doc)


@pytest.mark.parametrize(
    ("case", "kind", "source", "cue", "content"),
    [
        ("direct_after", "direct", "she", "said", ["“We will act,”"]),
        ("inverted_cue", "direct", "Mr. Younger", "said", ["“Yes,”"]),
        ("indirect", "indirect", "Officials", "have said", ["that talks failed"]),
        ("mixed", "mixed", "She", "said", ["it was “a mistake”"]),
        ("according_to", "indirect", "police", "According to", ["the man fled"]),
        ("belief", "belief", "Analysts", "believe", ["prices will rise"]),
    ],
)
def test_attributions_rules(vocab: Vocab, case: str, kind: str, source: str, cue: str, content: list[str]) -> None:
    doc = build(vocab, case)
    [found] = doc._.attributions
    assert (found.kind, found.source.text, found.cue.text) == (kind, source, cue)
    assert [span.text for span in found.content] == content
    for span in (found.source, found.cue, *found.content):
        assert doc.text[span.start : span.end] == span.text


def test_attributions_none_without_cue(vocab: Vocab) -> None:
    assert build(vocab, "no_cue")._.attributions == []


def test_attributions_none_inside_regions(vocab: Vocab) -> None:
    text = "“We will act,” she said."
    doc = build(vocab, "direct_after", [Region(0, len(text), text, "caption")])
    assert doc._.attributions == []


EXAMPLE = "../shared/examples/000_3070b542610b7c5b.txt"

# (cue, source, the start of the content): every quote of the example article.
EXAMPLE_QUOTES = [
    ("said", "she", "“We have made clear"),
    ("said", "she", "“This flies in the face"),
    ("was quoted as saying", "the Chinese leader", "“The crisis in Ukraine"),
    ("said", "Mr. Xi", "“As permanent members"),
    ("wrote", "she", "“If the U.S. had honoured"),
    ("wrote", "Mr. Qin", "“Conflict between Russia"),
    ("told", "Mr. Younger", "“This mindset of a zero-sum game"),
    ("said", "Mr. Younger", "“Vladimir Putin needs Xi,”"),
]


def test_attributions_example_article(nlp: Language) -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / EXAMPLE).read_text(encoding="utf-8")
    doc = nlp(text)
    found = {
        (a.cue.text if a.cue else None, a.source.text if a.source else None, a.content[0].text[:25])
        for a in doc._.attributions
    }
    for cue, source, start in EXAMPLE_QUOTES:
        assert any(f == (cue, source, f[2]) and f[2].startswith(start[:25]) for f in found), (
            cue,
            source,
            start,
        )
    caption_end = text.index("Associated Press") + len("Associated Press")
    for attribution in doc._.attributions:
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert text[span.start : span.end] == span.text
                assert span.start >= caption_end


@pytest.mark.parametrize(
    "text",
    [
        "He said “it will pass. She said “no” and left.”” Then ” more ” marks.",  # unbalanced marks
        "“This quote never closes, the mayor said, and the paragraph ends",  # never closes
        "“The whole article is one quote.\n\n“It runs over paragraphs.\n\n“And ends here,” she said.",
        "There are no quotes at all in this article about the weather.",
        "“",
        "said said said “ ” “ ”",
    ],
)
def test_attributions_never_fail(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for attribution in doc._.attributions:
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert text[span.start : span.end] == span.text


LEMMAS = {"told": "tell", "said": "say", "urged": "urge", "made": "make", "reports": "report", "asked": "ask"}


Parse = tuple[list[str], list[int], list[str], list[str]]  # words, heads, deps, pos


def parsed(vocab: Vocab, words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    lemmas = [LEMMAS.get(w, w.lower()) for w in words]
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def told_by_first_word(doc: Doc, piece: tuple[int, int]) -> Draft:
    """A speech draft: the first word the source, the second the cue, tokens ``piece`` the content."""
    return Draft(cue=[doc[1]], source=[doc[0]], content=[token_chars(doc, *piece)], cue_class="speech")


def token_chars(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """The character offsets of tokens ``a`` to ``b`` (exclusive)."""
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1])


# (words, heads, deps, pos, cue indexes, source indexes, the source is a guess)
NOUN_CUES = {
    "pobj_of_another_verb": (
        ["Biden", "spoke", "amid", "reports", "that", "Russia", "asked"],
        [1, 1, 1, 2, 6, 6, 3],
        ["nsubj", "ROOT", "prep", "pobj", "mark", "nsubj", "acl"],
        ["PROPN", "VERB", "ADP", "NOUN", "SCONJ", "PROPN", "VERB"],
        [3],
        [0],
        True,
    ),
    "possessor": (
        ["Trump", "'s", "claim", "that", "taxes", "rose"],
        [2, 0, 2, 5, 5, 2],
        ["poss", "case", "ROOT", "mark", "nsubj", "acl"],
        ["PROPN", "PART", "NOUN", "SCONJ", "NOUN", "VERB"],
        [2],
        [0, 1],
        False,
    ),
    "light_verb": (
        ["Trump", "made", "the", "claim", "that", "taxes", "rose"],
        [1, 1, 3, 1, 6, 6, 3],
        ["nsubj", "ROOT", "det", "dobj", "mark", "nsubj", "acl"],
        ["PROPN", "VERB", "DET", "NOUN", "SCONJ", "NOUN", "VERB"],
        [3],
        [0],
        False,
    ),
    "verb_cue": (
        ["Officials", "said", "talks", "failed"],
        [1, 1, 3, 1],
        ["nsubj", "ROOT", "nsubj", "ccomp"],
        ["NOUN", "VERB", "NOUN", "VERB"],
        [1],
        [0],
        False,
    ),
}


@pytest.mark.parametrize("case", sorted(NOUN_CUES))
def test_attributions_noun_cue_source_must_be_related(vocab: Vocab, case: str) -> None:
    words, heads, deps, pos, cue, source, guess = NOUN_CUES[case]
    doc = parsed(vocab, words, heads, deps, pos)
    assert unrelated_source([doc[i] for i in cue], [doc[i] for i in source]) is guess


# (words, heads, deps, pos, cue indexes, content pieces as token ranges, the pieces kept)
CUE_OBJECTS = {
    # "He told reporters to wait": the addressee is not content
    "addressee": (
        ["He", "told", "reporters", "to", "wait"],
        [1, 1, 1, 4, 1],
        ["nsubj", "ROOT", "dobj", "aux", "xcomp"],
        ["PRON", "VERB", "NOUN", "PART", "VERB"],
        [1],
        [(2, 3), (3, 5)],
        [(3, 5)],
    ),
    # "He urged Republicans to act": PolNeAR keeps the object of "urge"
    "urged_object": (
        ["He", "urged", "Republicans", "to", "act"],
        [1, 1, 1, 4, 1],
        ["nsubj", "ROOT", "dobj", "aux", "xcomp"],
        ["PRON", "VERB", "PROPN", "PART", "VERB"],
        [1],
        [(2, 3), (3, 5)],
        [(2, 3), (3, 5)],
    ),
    # "Ahead of the call, she said talks failed": the fronted adverbial is not content
    "fronted_adverbial": (
        ["Ahead", "of", "the", "call", ",", "she", "said", "talks", "failed"],
        [6, 0, 3, 1, 6, 6, 6, 8, 6],
        ["advmod", "prep", "det", "pobj", "punct", "nsubj", "ROOT", "nsubj", "ccomp"],
        ["ADV", "ADP", "DET", "NOUN", "PUNCT", "PRON", "VERB", "NOUN", "VERB"],
        [6],
        [(0, 4), (7, 9)],
        [(7, 9)],
    ),
    # "Acts of protest, he said, are patriotic": a subject before the cue is content
    "fronted_subject": (
        ["Protests", ",", "he", "said", ",", "are", "patriotic"],
        [5, 5, 3, 5, 5, 5, 5],
        ["nsubj", "punct", "nsubj", "parataxis", "punct", "ROOT", "acomp"],
        ["NOUN", "PUNCT", "PRON", "VERB", "PUNCT", "AUX", "ADJ"],
        [3],
        [(0, 1), (5, 7)],
        [(0, 1), (5, 7)],
    ),
    # "It noted only that talks failed": a focus adverb right after the cue is not content
    "focus_adverb": (
        ["It", "noted", "only", "that", "talks", "failed"],
        [1, 1, 5, 5, 5, 1],
        ["nsubj", "ROOT", "advmod", "mark", "nsubj", "ccomp"],
        ["PRON", "VERB", "ADV", "SCONJ", "NOUN", "VERB"],
        [1],
        [(2, 3), (3, 6)],
        [(3, 6)],
    ),
    # "Too often, it noted, talks fail": an adverb before the cue stays (PolNeAR keeps it)
    "fronted_adverb": (
        ["Too", "often", ",", "it", "noted", ",", "talks", "fail"],
        [1, 7, 7, 4, 7, 7, 7, 7],
        ["advmod", "advmod", "punct", "nsubj", "parataxis", "punct", "nsubj", "ROOT"],
        ["ADV", "ADV", "PUNCT", "PRON", "VERB", "PUNCT", "NOUN", "VERB"],
        [4],
        [(0, 2), (6, 8)],
        [(0, 2), (6, 8)],
    ),
    # "“It works,” she said of the plan": the topic of a direct quote is not its content
    "said_of": (
        ["“", "It", "works", ",", "”", "she", "said", "of", "the", "plan"],
        [6, 2, 6, 6, 6, 6, 6, 6, 9, 7],
        ["punct", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT", "prep", "det", "pobj"],
        ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "ADP", "DET", "NOUN"],
        [6],
        [(0, 5), (8, 10)],
        [(0, 5)],
    ),
}


@pytest.mark.parametrize("case", sorted(CUE_OBJECTS))
def test_attributions_drop_cue_objects(vocab: Vocab, case: str) -> None:
    words, heads, deps, pos, cue, pieces, kept = CUE_OBJECTS[case]
    doc = parsed(vocab, words, heads, deps, pos)

    draft = Draft(
        cue=[doc[i] for i in cue], source=[], content=[token_chars(doc, a, b) for a, b in pieces], cue_class="speech"
    )
    quotes = [Quote((token_chars(doc, a, b),)) for a, b in pieces if doc[a].text == "“"]
    drop_cue_objects(draft, doc, quotes)
    assert draft.content == [token_chars(doc, a, b) for a, b in kept]


#: "She said one in ten agreed with what they disagree with"
STRANDED = (
    ["She", "said", "one", "in", "ten", "agreed", "with", "what", "they", "disagree", "with"],
    [1, 1, 5, 2, 3, 1, 5, 9, 9, 6, 9],
    ["nsubj", "ROOT", "nsubj", "prep", "pobj", "ccomp", "prep", "dobj", "nsubj", "pcomp", "prep"],
    ["PRON", "VERB", "NUM", "ADP", "NUM", "VERB", "ADP", "PRON", "PRON", "VERB", "ADP"],
)
#: "She said he left the party and quit"
CONJOINED = (
    ["She", "said", "he", "left", "the", "party", "and", "quit"],
    [1, 1, 3, 1, 5, 3, 3, 3],
    ["nsubj", "ROOT", "nsubj", "ccomp", "det", "dobj", "cc", "conj"],
    ["PRON", "VERB", "PRON", "VERB", "DET", "NOUN", "CCONJ", "VERB"],
)


@pytest.mark.parametrize(
    ("table", "pieces", "kept", "quoted"),
    [
        (STRANDED, [(2, 4)], [(2, 3)], False),  # "one in": its object "ten" is outside
        (STRANDED, [(2, 4)], [(2, 4)], True),  # a quote is taken whole
        (STRANDED, [(2, 5)], [(2, 5)], False),  # "one in ten"
        (STRANDED, [(7, 11)], [(7, 11)], False),  # "what they disagree with": stranded, no object
        (STRANDED, [(2, 7)], [(2, 6)], False),  # "one in ten agreed with": its object follows
        (STRANDED, [(3, 4)], [(3, 4)], False),  # a lone preposition is left to the other rules
        (CONJOINED, [(2, 5)], [(2, 4)], False),  # "he left the": its noun is outside
        (CONJOINED, [(2, 7)], [(2, 6)], False),  # "he left the party and": the second conjunct is outside
        (CONJOINED, [(2, 8)], [(2, 8)], False),  # "he left the party and quit"
        (CONJOINED, [(5, 7)], [(5, 6)], False),  # "party and"
    ],
)
def test_attributions_drop_dangling_words(
    vocab: Vocab,
    table: Parse,
    pieces: list[tuple[int, int]],
    kept: list[tuple[int, int]],
    quoted: bool,
) -> None:
    doc = parsed(vocab, *table)

    draft = Draft(
        cue=[doc[1]], source=[doc[0]], content=[token_chars(doc, a, b) for a, b in pieces], cue_class="speech"
    )
    quotes = [Quote((token_chars(doc, a, b),)) for a, b in pieces] if quoted else []
    drop_dangling_words(draft, doc, quotes)
    assert draft.content == [token_chars(doc, a, b) for a, b in kept]


#: "She warned against hackers from China" and "She said on Monday she would go"
WARNED = (
    ["She", "warned", "against", "hackers", "from", "China"],
    [1, 1, 1, 2, 3, 4],
    ["nsubj", "ROOT", "prep", "pobj", "prep", "pobj"],
    ["PRON", "VERB", "ADP", "NOUN", "ADP", "PROPN"],
)
ON_MONDAY = (
    ["She", "said", "on", "Monday", "she", "would", "go"],
    [1, 1, 1, 2, 6, 6, 1],
    ["nsubj", "ROOT", "prep", "pobj", "nsubj", "aux", "ccomp"],
    ["PRON", "VERB", "ADP", "PROPN", "PRON", "AUX", "VERB"],
)


@pytest.mark.parametrize(
    ("table", "piece", "cue", "kept"),
    [
        (WARNED, (2, 6), (1, 3), (3, 6)),  # the model put "against" in the content
        (WARNED, (3, 6), (1, 3), (3, 6)),  # ... or in neither
        (WARNED, (4, 6), (1, 2), (4, 6)),  # the content does not start with its object
        (ON_MONDAY, (4, 7), (1, 2), (4, 7)),  # "on Monday" is an adverbial, not what was said
        (ON_MONDAY, (2, 7), (1, 2), (2, 7)),  # ... even when the content takes it in
        (ON_MONDAY, (2, 4), (1, 3), (3, 4)),  # a content that is its object gives it to the cue
    ],
)
def test_attributions_take_cue_preposition(
    vocab: Vocab,
    table: Parse,
    piece: tuple[int, int],
    cue: tuple[int, int],
    kept: tuple[int, int],
) -> None:
    doc = parsed(vocab, *table)
    draft = told_by_first_word(doc, piece)
    take_cue_preposition(draft, doc)
    assert draft.cue == list(doc[cue[0] : cue[1]])
    assert draft.content == [token_chars(doc, *kept)]


@pytest.mark.parametrize(
    ("text", "continues"),
    [
        ("Ms. Lee said the plan would fail. “It will cost us four billion dollars.”", True),
        ("Ms. Lee said the plan would fail.\n\n“It will cost us four billion dollars.”", True),
        ("Ms. Lee said the plan would fail. “Why?” “It will cost us four billion dollars.”", False),
        ("Ms. Lee said the plan would fail. She called it “a waste of four billion dollars.”", False),
        ("Ms. Lee said the plan would fail.\n\nCosts rose.\n\n“It will cost us four billion dollars.”", False),
        ("Ms. Lee said the plan would fail. “Too costly.”", False),
        ("Ms. Lee said the plan would fail. “It will cost us four billion dollars,” she said.", False),
        ("Ms. Lee said the plan would fail. “It will cost us four billion” dollars.", False),
        ("Ms. Lee said the plan would fail. “Will it cost us four billion dollars?”", True),
    ],
)
def test_attributions_continued_quote(text: str, continues: bool) -> None:
    end = text.index("fail") + len("fail")
    draft = Draft(cue=[], source=[], content=[(text.index("the plan"), end)], cue_class="speech")
    quote = find_all_quotes(text)[-1]
    assert (continued(text, quote, [draft]) is draft) == continues


SAYING = (
    ["He", "began", "by", "saying", "he", "would", "resign", ",", "aides", "reported", "."],
    [1, 9, 1, 2, 6, 6, 3, 9, 9, 9, 9],
    ["nsubj", "ccomp", "prep", "pcomp", "nsubj", "aux", "ccomp", "punct", "nsubj", "ROOT", "punct"],
    ["PRON", "VERB", "ADP", "VERB", "PRON", "AUX", "VERB", "PUNCT", "NOUN", "VERB", "PUNCT"],
)


@pytest.mark.parametrize(
    ("cues", "kept"),
    [
        ([(1, 4), (3, 4)], [(3, 4)]),  # the word inside a redrawn cue: the shorter, as near
        ([(9, 10), (3, 4)], [(3, 4)]),  # an outer cue after the content and the nearer one before it
        ([None, (9, 10)], [(9, 10)]),  # a continuation and a cue: the cue
        ([(3, 4)], [(3, 4)]),  # one draft stays
    ],
)
def test_attributions_one_per_content(
    vocab: Vocab, cues: list[tuple[int, int] | None], kept: list[tuple[int, int]]
) -> None:
    doc = parsed(vocab, *SAYING)
    content = [token_chars(doc, 4, 7)]
    drafts = [
        Draft(cue=list(doc[c[0] : c[1]]) if c else [], source=[], content=list(content), cue_class="speech")
        for c in cues
    ]
    other = Draft(cue=[doc[9]], source=[doc[8]], content=[token_chars(doc, 0, 7)], cue_class="speech")
    found = one_per_content([*drafts, other])
    assert found[-1] is other
    assert [(d.cue[0].i, d.cue[-1].i + 1) for d in found[:-1]] == kept


TELLING = (
    ["He", "told", "the", "reporters", "to", "stay", "tuned"],
    [1, 1, 3, 1, 5, 1, 5],
    ["nsubj", "ROOT", "det", "dobj", "aux", "xcomp", "acomp"],
    ["PRON", "VERB", "DET", "NOUN", "PART", "VERB", "ADJ"],
)
URGED = (["He", "urged", "the", "reporters", "to", "stay", "tuned"], *TELLING[1:])


@pytest.mark.parametrize(
    ("table", "piece", "kept"),
    [
        (TELLING, (2, 7), (4, 7)),  # "told | the reporters to stay tuned": the addressee leaves
        (TELLING, (4, 7), (4, 7)),  # already without it
        (TELLING, (2, 4), (2, 4)),  # the addressee alone, nothing follows: kept
        (URGED, (2, 7), (2, 7)),  # "urged" keeps its object, as PolNeAR does
    ],
)
def test_attributions_drop_addressee(
    vocab: Vocab,
    table: Parse,
    piece: tuple[int, int],
    kept: tuple[int, int],
) -> None:
    doc = parsed(vocab, *table)
    draft = told_by_first_word(doc, piece)
    drop_addressee(draft, doc)
    assert draft.content == [token_chars(doc, *kept)]
