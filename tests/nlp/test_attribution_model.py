"""The learned attribution extractor: features and decoding on hand-built Docs, the shipped model end to end."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.nlp.attribution_decoding import (
    Predictor,
    allowed_transitions,
    bio_spans,
    redrawn_cue,
    viterbi,
    viterbi_batch,
)
from newsgraph.nlp.attribution_drafts import snap_to_quotes
from newsgraph.nlp.attribution_features import (
    CHUNK,
    FLAGS,
    WINDOW_AFTER,
    WINDOW_BEFORE,
    Vocabularies,
    body_quotes,
    cue_head,
    relative_features,
    sentence_chunks,
    token_table,
)
from newsgraph.nlp.attribution_model import AttributionModel
from newsgraph.nlp.attribution_nets import (
    CONFIG,
    CUE_TAGS,
    MODEL_DIR,
    ROLE_TAGS,
    AttributionNet,
    RoleItem,
    load_members,
    role_item,
    weights_digest,
)
from newsgraph.nlp.attributions import Draft, content_form
from newsgraph.records import Span

VOCAB = Vocabularies(
    pos=["VERB", "PRON", "PUNCT", "NOUN", "AUX", "SCONJ"],
    tag=["VBD", "PRP", "."],
    dep=["ROOT", "nsubj", "ccomp", "punct", "mark", "aux"],
    ent=["", "PERSON"],
    lemma=["say", "she", "we"],
)

# “We will act,” she said. -- hand-built parse
WORDS = ["“", "We", "will", "act", ",", "”", "she", "said", "."]
SPACES = [False, True, True, False, False, True, True, False, False]
HEADS = [7, 3, 3, 7, 7, 7, 7, 7, 7]
DEPS = ["punct", "nsubj", "aux", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"]
POS = ["PUNCT", "PRON", "AUX", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"]
LEMMAS = ["“", "we", "will", "act", ",", "”", "she", "say", "."]


def direct_doc(vocab: Vocab) -> Doc:
    doc = Doc(vocab, words=WORDS, spaces=SPACES, heads=HEADS, deps=DEPS, pos=POS, lemmas=LEMMAS)
    doc._.regions = []
    return doc


def flag(table, name: str) -> list[int]:
    return [i for i in range(len(table)) if table.flags[i, FLAGS.index(name)]]


@pytest.mark.parametrize(
    ("tags", "prefix", "spans"),
    [
        (["O", "B", "I", "O", "B"], "", [(1, 3), (4, 5)]),
        (["I", "I", "O"], "", [(0, 2)]),  # a stray I starts a span
        (["B", "B", "I"], "", [(0, 1), (1, 3)]),
        (["B-SOURCE", "I-SOURCE", "O", "B-CONTENT", "I-CONTENT"], "-SOURCE", [(0, 2)]),
        (["B-SOURCE", "I-SOURCE", "O", "B-CONTENT", "I-CONTENT"], "-CONTENT", [(3, 5)]),
        ([], "", []),
    ],
)
def test_attribution_model_bio_spans(tags: list[str], prefix: str, spans: list[tuple[int, int]]) -> None:
    assert bio_spans(tags, prefix) == spans


@pytest.mark.parametrize("tags", [CUE_TAGS, ROLE_TAGS])
def test_attribution_model_viterbi_keeps_bio_well_formed(tags: tuple[str, ...]) -> None:
    rng = np.random.default_rng(0)
    scores = np.log(rng.dirichlet(np.ones(len(tags)), size=40))
    path = viterbi(scores, tags)
    assert len(path) == 40
    for previous, tag in zip(["O", *path], path, strict=False):
        if tag.startswith("I"):
            assert previous in ("B" + tag[1:], tag)


@pytest.mark.parametrize("tags", [CUE_TAGS, ROLE_TAGS])
def test_attribution_model_viterbi_batch_reads_each_row_to_its_length(tags: tuple[str, ...]) -> None:
    """Rows of different lengths decoded together give each row's own best path."""
    rng = np.random.default_rng(1)
    lengths = [12, 0, 1, 5, 12, 7]
    scores = np.log(rng.dirichlet(np.ones(len(tags)), size=(len(lengths), 12)))
    together = viterbi_batch(scores, lengths, tags)
    assert together == [viterbi(scores[row, :n], tags) for row, n in enumerate(lengths)]
    assert [len(path) for path in together] == lengths


def test_attribution_model_viterbi_finds_the_best_allowed_path() -> None:
    """Against every path of four tags: the best-scoring one that BIO allows."""
    rng = np.random.default_rng(2)
    scores = np.log(rng.dirichlet(np.ones(len(CUE_TAGS)), size=4))
    ok = allowed_transitions(tuple(CUE_TAGS))
    paths = [
        p
        for p in itertools.product(range(len(CUE_TAGS)), repeat=4)
        if not CUE_TAGS[p[0]].startswith("I") and all(ok[a, b] for a, b in itertools.pairwise(p))
    ]
    best = max(paths, key=lambda p: sum(scores[i, k] for i, k in enumerate(p)))
    assert viterbi(scores, CUE_TAGS) == [CUE_TAGS[k] for k in best]


def test_attribution_model_viterbi_prefers_best_path() -> None:
    scores = np.log(np.array([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.8, 0.1, 0.1]]))
    assert viterbi(scores, CUE_TAGS) == ["B", "I", "O"]
    assert viterbi(np.zeros((0, 3)), CUE_TAGS) == []


def test_attribution_model_token_table_quote_flags(vocab: Vocab) -> None:
    doc = direct_doc(vocab)
    table = token_table(doc, VOCAB, body_quotes(doc))
    assert flag(table, "in_quote") == [0, 1, 2, 3, 4, 5]
    assert flag(table, "opens_quote") == [0]
    assert flag(table, "closes_quote") == [5]
    assert flag(table, "cue_speech") == [7]
    assert table.vectors.shape == (len(doc), 96)  # no tensor: zeros
    assert table.ids[7, 0] == VOCAB.lookup("pos", "VERB") and table.ids[7, 4] == VOCAB.lookup("lemma", "say")
    assert table.ids[2, 4] == 1  # an unknown lemma


def test_attribution_model_token_table_paragraphs(vocab: Vocab) -> None:
    doc = Doc(vocab, words=["One", ".", "\n\n", "Two", "."], spaces=[False, False, False, False, False])
    doc._.regions = []
    table = token_table(doc, VOCAB, [])
    assert flag(table, "paragraph_start") == [3]
    assert list(table.paragraph) == [0, 0, 0, 1, 1]
    assert table.sentence[3] > table.sentence[0]


def test_attribution_model_relative_features_follow_the_parse(vocab: Vocab) -> None:
    doc = direct_doc(vocab)
    table = token_table(doc, VOCAB, body_quotes(doc))
    assert cue_head(table, 7, 8) == 7
    lo, hi, rel = relative_features(table, VOCAB, 7, 8)
    assert (lo, hi) == (0, len(doc))
    syntax = rel[:, 3]
    dep_size = VOCAB.size("dep")
    assert syntax[7] == 2  # the cue
    assert syntax[6] == 5 + VOCAB.lookup("dep", "nsubj")  # its subject
    assert set(syntax[1:4]) == {5 + VOCAB.lookup("dep", "ccomp")}  # its complement's subtree
    assert syntax.max() < 5 + 2 * dep_size
    distance = rel[:, 0]
    assert distance[7] == 10 and distance[6] < 10 < distance[8]
    quote = rel[:, 4]
    assert list(quote[:6]) == [3] * 6 and quote[6] == 1  # the quote just before the cue


def test_attribution_model_relative_features_window(vocab: Vocab) -> None:
    words = ["word"] * 400
    doc = Doc(vocab, words=words)
    table = token_table(doc, VOCAB, [])
    lo, hi, rel = relative_features(table, VOCAB, 200, 201)
    assert (lo, hi) == (200 - WINDOW_BEFORE, 201 + WINDOW_AFTER)
    assert rel.shape == (hi - lo, 5) and rel.min() >= 1


@pytest.mark.parametrize("sentence_length", [5, 60, 300])
def test_attribution_model_sentence_chunks_cover_the_doc(vocab: Vocab, sentence_length: int) -> None:
    words = (["word"] * (sentence_length - 1) + ["."]) * 7
    starts = [i % sentence_length == 0 for i in range(len(words))]
    doc = Doc(vocab, words=words, sent_starts=starts)
    chunks = sentence_chunks(token_table(doc, VOCAB, []))
    assert chunks[0][0] == 0 and chunks[-1][1] == len(doc)
    assert all(b == c for (_, b), (c, _) in itertools.pairwise(chunks))
    assert all(0 < hi - lo <= CHUNK for lo, hi in chunks)


@pytest.mark.parametrize(
    ("text", "piece", "expected"),
    [
        # the model stopped a word short of the closing mark: the whole quote
        ("“We will win the vote,” she said.", "We will win the", ["“We will win the vote,”"]),
        # from outside into a quote: to its end
        ("She said it was “a total mistake” today.", "it was “a total", ["it was “a total mistake”"]),
        # a nested attribution inside a quote stays where it is
        (
            "“Honestly, I really think that the plan will fail badly and very soon,” he said.",
            "that the plan will fail",
            ["that the plan will fail"],
        ),
        # no quote: only the trimming
        ("He said that talks failed.", "that talks failed.", ["that talks failed"]),
        # over a paragraph break: split
        ("“One thing.\n\n“Two things,” he said.", "“One thing.\n\n“Two things,”", ["“One thing.", "“Two things,”"]),
    ],
)
def test_attribution_model_snap_to_quotes(vocab: Vocab, text: str, piece: str, expected: list[str]) -> None:
    words = text.split(" ")
    doc = Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False])  # offsets are all that matters
    assert doc.text == text
    start = text.index(piece)
    cue = [t for t in doc if t.text in ("think", "said.")][:1]  # the nested attribution's own cue
    draft = Draft(cue=cue, source=[], content=[], cue_class="speech")
    snap_to_quotes(draft, doc, [(start, start + len(piece))], body_quotes_of(doc))
    assert [text[s:e] for s, e in draft.content] == expected


def body_quotes_of(doc: Doc):
    doc._.regions = []
    return body_quotes(doc)


@pytest.mark.parametrize(
    ("pieces", "form"),
    [
        (["“We will win,”"], "direct"),
        (["“We will win,”", "“Believe me.”"], "direct"),
        (["that the plan was “a disaster”"], "mixed"),
        (["that talks failed"], "indirect"),
        ([], "indirect"),
    ],
)
def test_attribution_model_content_form(pieces: list[str], form: str) -> None:
    assert content_form([Span(0, len(p), p) for p in pieces]) == form


@pytest.fixture(scope="module")
def shipped() -> list[AttributionNet]:
    return load_members(MODEL_DIR)


def test_attribution_model_shipped_weights_are_small() -> None:
    assert sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file()) < 8_000_000


@pytest.mark.parametrize(("role_lstm", "cue_roles"), [(0, False), (16, False), (16, True)])
def test_attribution_model_loads_what_it_saved(
    tmp_path: Path, shipped: list[AttributionNet], role_lstm: int, cue_roles: bool
) -> None:
    net = AttributionNet(shipped[0].vocab, {"role_lstm": role_lstm, "cue_roles": cue_roles})
    net.save(tmp_path)
    config = json.loads((tmp_path / CONFIG).read_text(encoding="utf-8"))
    assert config["role_tags"] == list(ROLE_TAGS if cue_roles else ROLE_TAGS[:5])
    if not role_lstm:  # as saved before the role BiLSTM and the cue roles were hyperparameters
        del config["hyper"]["role_lstm"], config["hyper"]["cue_roles"]
        (tmp_path / CONFIG).write_text(json.dumps(config), encoding="utf-8")
    loaded = AttributionNet.load(tmp_path)
    assert (loaded.role_lstm is not None) == bool(role_lstm)
    assert loaded.role_tags == net.role_tags
    for name, value in net.state_dict().items():
        assert torch.equal(loaded.state_dict()[name], value.half().float())


def test_attribution_model_runs_on_hand_built_doc(vocab: Vocab, shipped: list[AttributionNet]) -> None:
    doc = direct_doc(vocab)
    doc = AttributionModel(nets=shipped)(doc)
    for attribution in doc._.attributions:
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert doc.text[span.start : span.end] == span.text
    assert Predictor(shipped)(token_table(doc, shipped[0].vocab, [])) is not None


def test_attribution_model_ensemble_of_one_is_the_member(vocab: Vocab, shipped: list[AttributionNet]) -> None:
    """Averaging a net with itself changes nothing: the ensemble's vote is the members' mean probability."""
    table = token_table(direct_doc(vocab), shipped[0].vocab, [])
    assert Predictor(shipped[:1])(table) == Predictor([shipped[0], shipped[0]])(table)


@pytest.mark.parametrize("floor", [0.0, 0.5, 0.9, 1.01])
def test_attribution_model_confidence_floor(vocab: Vocab, shipped: list[AttributionNet], floor: float) -> None:
    """The floor keeps what reaches it, as found without one: a mean probability, so 1.01 keeps nothing."""
    table = token_table(direct_doc(vocab), shipped[0].vocab, [])
    everything = Predictor(shipped)(table)
    assert everything and all(0.0 <= p.confidence <= 1.0 for p in everything)
    kept = Predictor(shipped, min_confidence=floor)(table)
    assert kept == [p for p in everything if p.confidence >= floor]
    if floor > 1:
        assert kept == []


def test_attribution_model_cue_roles_keep_the_other_scores(vocab: Vocab, shipped: list[AttributionNet]) -> None:
    """The net that gains cue outputs scores source and content as the net it came from did."""
    net = AttributionNet(shipped[0].vocab, {"cue_roles": False}).eval()
    extended = net.with_cue_roles().eval()
    assert extended.role_tags == ROLE_TAGS and net.role_tags == ROLE_TAGS[:5]
    table = token_table(direct_doc(vocab), net.vocab, [])
    items = [role_item(table, 0, net.vocab, 7, 8)]
    with torch.inference_mode():
        before = net.role_logits(net.encode([table]), items)
        after = extended.role_logits(extended.encode([table]), items)
    assert after.shape[-1] == len(ROLE_TAGS)
    assert torch.allclose(after[..., :5], before)


@pytest.mark.parametrize(
    ("cue", "tags", "expected"),
    [
        ((2, 3), ["O", "O", "B-CUE", "I-CUE", "I-CUE", "O"], (2, 5)),  # "declared" -> "declared war on"
        ((2, 4), ["O", "O", "O", "B-CUE", "O", "O"], (3, 4)),  # "has said" -> "said"
        ((2, 3), ["O", "O", "O", "B-CUE", "O", "O"], (2, 3)),  # no CUE span overlaps: the cue stays
        ((2, 3), ["O", "O", "O", "O", "O", "O"], (2, 3)),  # a net without cue roles
        ((3, 6), ["B-CUE", "O", "B-CUE", "I-CUE", "B-CUE", "I-CUE"], (4, 6)),  # the most overlap wins
    ],
)
def test_attribution_model_redrawn_cue(cue: tuple[int, int], tags: list[str], expected: tuple[int, int]) -> None:
    lo = 10
    item = RoleItem(0, (lo + cue[0], lo + cue[1]), lo + cue[0], lo, lo + len(tags), np.zeros((len(tags), 5)))
    assert redrawn_cue(item, tags) == (lo + expected[0], lo + expected[1])


def test_attribution_model_ensemble_needs_one_role_tag_set(shipped: list[AttributionNet]) -> None:
    with pytest.raises(ValueError, match="share their role tags"):
        Predictor([AttributionNet(shipped[0].vocab, {"cue_roles": False}), AttributionNet(shipped[0].vocab)])


def test_attribution_model_ensemble_needs_one_vocabulary(shipped: list[AttributionNet]) -> None:
    other = AttributionNet(Vocabularies(**{**shipped[0].vocab.to_json(), "lemma": ["say"]}))
    with pytest.raises(ValueError, match="share their feature vocabularies"):
        Predictor([shipped[0], other])


ARTICLE = """date 2024-03-02

Harbor City approved a new flood wall on Tuesday after months of debate.

“We cannot wait for the next storm to decide for us,” said Mayor Dana Whitfield, who pushed the plan.

The council's finance chair, Omar Reyes, said the cost would be covered by state grants.

According to the city engineer, construction will take two years.

“It is the biggest project this town has seen,” Mr. Reyes told reporters. “And it will pay for itself.”
"""


def test_attribution_model_extracts_from_made_up_article(nlp: Language) -> None:
    assert "newsgraph_attribution_model" in nlp.pipe_names
    doc = nlp(ARTICLE)
    # PolNeAR sources are whole noun phrases, relative clauses included
    found = {(a.source.text[:20] if a.source else None, a.content[0].text[:20], a.kind) for a in doc._.attributions}
    assert ("Mayor Dana Whitfield", "“We cannot wait for ", "direct") in found
    reyes = [a for a in doc._.attributions if a.content[0].text.startswith("“It is the biggest")]
    assert reyes and reyes[0].source.text == "Mr. Reyes" and reyes[0].cue.text == "told"
    assert len(reyes[0].content) == 2  # the quote goes on after "Mr. Reyes told reporters."
    assert any(a.cue and a.cue.text == "According to" for a in doc._.attributions)
    for attribution in doc._.attributions:
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert ARTICLE[span.start : span.end] == span.text


LONG_PARAGRAPH = " ".join(["The committee said the budget would rise and officials warned of cuts."] * 400)

ODD_ARTICLES = {
    "empty": "",
    "blank": "   \n\n  \n",
    "one_mark": "“",
    "marks_only": '”“”“""“',
    "never_closes": "The mayor said: “We will build it and we will finish it on time\n\nNobody answered.",
    "unbalanced": "He said “yes” and “no and ”maybe“ then ” left. “Really,” she said “",
    "one_long_quote": "“" + " ".join(["We will keep going and we will not stop."] * 300) + "”",
    "no_quotes": "Prices rose in March. The report was published on Friday.",
    "long_paragraph": LONG_PARAGRAPH,
    "straight_quotes": 'He said "we are ready" and "we will win." "Good," she added.',
    "colon_and_dash": "PENCE: We will win.\n\n“We will win.” ― Mike Pence",
    "punctuation": "... ;;; --- !!! ???",
}


@pytest.mark.parametrize("name", sorted(ODD_ARTICLES))
def test_attribution_model_never_fails(nlp: Language, name: str) -> None:
    text = ODD_ARTICLES[name]
    doc = nlp(text)
    assert isinstance(doc._.attributions, list)
    for attribution in doc._.attributions:
        assert attribution.content
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert 0 <= span.start < span.end <= len(text)
                assert text[span.start : span.end] == span.text


def test_attribution_model_loads_an_ensemble_directory(tmp_path: Path, shipped: list[AttributionNet]) -> None:
    """A model directory holds one net (config.json, weights.bin) or one subdirectory per member."""
    for name in ("seed-0", "seed-1"):
        shipped[0].save(tmp_path / "ensemble" / name)
    shipped[0].save(tmp_path / "single")
    assert len(load_members(tmp_path / "ensemble")) == 2
    assert len(load_members(tmp_path / "single")) == 1
    assert weights_digest(tmp_path / "ensemble") != weights_digest(tmp_path / "single")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no attribution model"):
        load_members(tmp_path / "empty")
