"""A learned attribution extractor on top of spaCy's own token features.

What en_core_web_sm has already computed for its tagger and parser (its 96-d
``doc.tensor``, POS, tag, dependency label, entity type, lemma), plus quote-mark,
paragraph, sentence and cue-lexicon flags, goes through a one-layer BiLSTM over
chunks of whole sentences, shared by two taggers:

1. the *cue tagger* labels cue spans (BIO, decoded by a BIO-constrained Viterbi);
2. the *role tagger* runs once per cue over a window around it (``WINDOW_BEFORE``
   tokens before, ``WINDOW_AFTER`` after) with features relative to the cue:
   signed distance, sentence and paragraph offsets, the dependency relation that
   links each token to the cue (the subtree of its ``nsubj``, of its ``ccomp``, of
   a sibling ``nsubj`` for "..., adding that ...", an ancestor), and the position of
   each token's quote relative to the cue. Dilated residual convolutions and a
   BiLSTM label SOURCE, CONTENT and the CUE itself (BIO, Viterbi): the cue is redrawn
   with the content, whose start PolNeAR ties to the cue's end ("declared | war on X"
   or "declared war on | X"). A cue for which it finds no content is dropped: it
   was trained to find none around lexicon cue words that are no cue and around the
   cue tagger's own false cues; so is one whose content it is unsure of (mean CONTENT
   probability under ``MIN_CONFIDENCE``).

Nested attributions come for free (every cue gets its own window), and so do
discontinuous contents (“..,” he said. “...”: two CONTENT pieces).

Rules then do what they do surely (see ``attributions``): a content that reaches
into a quote is widened to the whole quote, the edges are trimmed to the PolNeAR
conventions, ``kind`` is read from the quote marks and the cue's class, dash and
colon cues ("“...” ― Name", "PENCE: ...") are found by pattern, a quoted sentence
that nothing attributed continues the attribution just before it, and a content that
two cues took goes to the nearer.

Everything runs in numpy and PyTorch (one thread) on one article at a time; the
weights are a float16 state dict of under 2 MB with a JSON config (label sets and
feature vocabularies) in ``newsgraph/models/attribution``; ``newsgraph.train``
reproduces them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import torch
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.attribution_decoding import (
    Predicted,
    Predictor,
)
from newsgraph.nlp.attribution_drafts import (
    add_continuations,
    add_missing,
    colon_attributions,
    cue_lemma_class,
    dash_attributions,
    drop_addressee,
    drop_cue_objects,
    drop_dangling_words,
    merge_rule_drafts,
    one_per_content,
    quote_spans,
    rule_drafts,
    snap_to_quotes,
    take_cue_preposition,
    unrelated_source,
)
from newsgraph.nlp.attribution_features import (
    body_quotes,
    token_table,
)
from newsgraph.nlp.attribution_nets import (
    MODEL_DIR,
    AttributionNet,
    load_members,
    weights_digest,
)
from newsgraph.nlp.attributions import Draft, to_record
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.precision import resolved_precision
from newsgraph.nlp.quotes import Quote
from newsgraph.records import Attribution


def to_drafts(doc: Doc, predicted: Sequence[Predicted], quotes: Sequence[Quote]) -> list[Draft]:
    """Token-offset predictions to drafts, contents snapped to the quotes."""
    drafts = []
    for p in predicted:
        cue = list(doc[p.cue[0] : p.cue[1]])
        source = list(doc[p.source[0] : p.source[1]]) if p.source else []
        if unrelated_source(cue, source):
            source = []
        pieces = []
        for a, b in p.content:
            tokens = [t for t in doc[a:b] if not t.is_space]
            if tokens:
                pieces.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1])))
        draft = Draft(cue=cue, source=source, content=[], cue_class=cue_lemma_class(cue))
        snap_to_quotes(draft, doc, pieces, quotes)
        drop_cue_objects(draft, doc, quotes)
        drop_addressee(draft, doc)
        drop_dangling_words(draft, doc, quotes)
        take_cue_preposition(draft, doc)
        if draft.content:
            drafts.append(draft)
    return drafts


#: The least mean CONTENT probability a predicted attribution needs to be kept. A prediction adds to exact
#: F1 when it is right with a probability over half the F1 reached (Lipton et al. 2014, *Thresholding
#: classifiers to maximize F1 score*), here about 0.33: on dev, the shipped ensemble's contents are exact
#: 19% of the time under 0.6 (9 of 47) and 33% from 0.6 to 0.7 (43 of 129).
MIN_CONFIDENCE = 0.6


@Language.factory(
    "newsgraph_attribution_model",
    default_config={
        "model_dir": None,
        "continuations": True,
        "rules": True,
        "union": False,
        "min_confidence": MIN_CONFIDENCE,
        "precision": "auto",
    },
    requires=["doc.tensor", "token.dep", "token.lemma", "token.pos", "token.tag", "doc.sents", "doc._.regions"],
    assigns=["doc._.attributions", "doc._.quotes"],
)
def make_attribution_model(
    nlp: Language,
    name: str,
    model_dir: str | None,
    continuations: bool,
    rules: bool,
    union: bool,
    min_confidence: float,
    precision: str,
) -> AttributionModel:
    """``continuations``: cue-less quotes continue the attribution before them; ``rules``: dash and colon
    cues; ``union``: also the syntactic rules' attributions that the model has nothing for (off: +0.003
    content F1 on dev for -0.002 cue F1, not worth its time); ``min_confidence``: see ``MIN_CONFIDENCE``
    (0 keeps all); ``precision``: of the role tagger's convolutions (``precision.resolved_precision``)."""
    return AttributionModel(
        model_dir or MODEL_DIR,
        continuations=continuations,
        rules=rules,
        union=union,
        min_confidence=min_confidence,
        precision=resolved_precision(precision),
    )


class AttributionModel:
    """The spaCy component: fills ``doc._.attributions`` with ``Attribution`` records."""

    def __init__(
        self,
        model_dir: str | Path = MODEL_DIR,
        continuations: bool = True,
        rules: bool = True,
        union: bool = False,
        min_confidence: float = MIN_CONFIDENCE,
        nets: Sequence[AttributionNet] | None = None,
        precision: str = "float32",
    ) -> None:
        """``nets``: members being trained, used as they are; ``precision`` (resolved) applies to the
        members loaded from ``model_dir``."""
        members = nets if nets is not None else load_members(model_dir)
        if nets is None:
            for member in members:
                member.run_convolutions_in(precision)
        self.predictor = Predictor(members, min_confidence=min_confidence)
        #: What the stored extractions name as their attribution model: a digest of the weights.
        self.version = "unsaved" if nets is not None else weights_digest(model_dir)
        self.continuations = continuations
        self.rules = rules
        self.union = union

    def __call__(self, doc: Doc) -> Doc:
        quotes = body_quotes(doc)
        doc._.quotes = quote_spans(doc_text(doc), quotes)
        doc._.attributions = self.extract(doc, quotes)
        return doc

    def extract(self, doc: Doc, quotes: Sequence[Quote]) -> list[Attribution]:
        text = doc_text(doc)
        if len(doc) == 0 or not text.strip():
            return []
        threads = torch.get_num_threads()
        try:
            torch.set_num_threads(1)
            table = token_table(doc, self.predictor.vocab, quotes)
            predicted = self.predictor(table)
        finally:
            torch.set_num_threads(threads)
        drafts = to_drafts(doc, predicted, quotes)
        if self.rules:
            drafts = merge_rule_drafts(drafts, [*dash_attributions(doc, quotes), *colon_attributions(doc)])
        if self.union:
            drafts = add_missing(drafts, rule_drafts(doc, quotes))
        if self.continuations:
            drafts = add_continuations(doc, quotes, drafts)
        drafts = one_per_content(drafts)
        drafts.sort(key=lambda d: d.content[0] if d.content else (0, 0))
        return [to_record(doc, text, d) for d in drafts if d.content]
