"""The newsgraph spaCy pipeline: the English model plus our components.

Our components are registered factories; a user can add them to a pipeline of
their own with ``nlp.add_pipe("newsgraph_regions", first=True)`` and so on,
after ``import newsgraph.nlp.pipeline``. Results live on Doc extensions:

- ``doc._.date``: the article's publication date (ISO), set before the pipeline runs
- ``doc._.title``: its title, when known, set before the pipeline runs (to find the headline line)
- ``doc._.author``: its byline, when known, set before the pipeline runs (an op-ed's "I")
- ``doc._.regions``: non-body regions (``Region`` records)
- ``doc._.quotes``: quote-mark spans
- ``doc._.attributions``: ``Attribution`` records, with resolved speakers
- ``doc._.mentions``: named mentions of people and organisations
- ``doc._.entities``: the article's people and organisations by id, as ``Speaker`` profiles
- ``doc._.time_expressions``: ``TimeExpression`` records
- ``doc._.events``: ``Event`` records (PLOVER)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from newsgraph import __version__
from newsgraph.ingest.cleaning import find_regions
from newsgraph.nlp import attribution_model, attributions, events, speakers, timex  # noqa: F401  (registers factories)
from newsgraph.nlp.attribution_nets import MODEL_DIR, weights_digest
from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.precision import resolved_precision
from newsgraph.nlp.tokenizer import GuardedTokenizer
from newsgraph.settings import Settings

EXTENSIONS = (
    "date",
    "title",
    "author",
    "regions",
    "quotes",
    "attributions",
    "mentions",
    "entities",
    "time_expressions",
    "events",
)
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

OUR_COMPONENTS = ("newsgraph_attribution_model", "newsgraph_speakers", "newsgraph_time", "newsgraph_events")


@Language.component("newsgraph_regions", assigns=["doc._.regions"])
def mark_regions(doc: Doc) -> Doc:
    doc._.regions = find_regions(doc_text(doc), doc._.title)
    return doc


# Abbreviations after which the small English parser wrongly starts a sentence.
ABBREVIATIONS = frozenset("U.S. U.K. U.N. E.U. Mr. Ms. Mrs. Dr. Gov. Sen. Rep. Gen. Lt. Col. Sgt. St. Rev.".split())


@Language.component("newsgraph_paragraphs", requires=["token.tag"], assigns=["token.is_sent_start"])
def split_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, and none after "U.S." in "U.S. President"."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
        elif previous.text in ABBREVIATIONS and token.tag_ in ("NNP", "NNPS", "NN", "NNS"):
            token.is_sent_start = False
    return doc


def load_pipeline(model: str, attribution_dir: str | None = None, precision: str = "auto") -> Language:
    """The English pipeline ``model`` with the newsgraph components added; ``attribution_dir``
    is a directory written by ``newsgraph train`` (default: the model shipped with the package);
    ``precision``: the learned models' number type (``Settings.precision``)."""
    nlp = spacy.load(model)
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    nlp.add_pipe("newsgraph_regions", first=True)
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    configs = {
        "newsgraph_attribution_model": {"model_dir": attribution_dir or None, "precision": precision},
        "newsgraph_events": {"precision": precision},
    }
    for name in OUR_COMPONENTS:
        nlp.add_pipe(name, config=configs.get(name, {}))
    return nlp


#: Characters of an article that spaCy's own components take at once. Their memory grows with the
#: length of what they are given (tok2vec and the NER over a 200 KB article: 1.2 GB at the peak), so a
#: longer article is parsed a block of whole paragraphs at a time; their context is a few words, so
#: the blocks' annotations are the whole's but at the cuts.
BLOCK_CHARS = 100_000


def run(nlp: Language, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
    """``nlp.pipe(docs)``, in order, with spaCy's own components over an article longer than
    ``BLOCK_CHARS`` a block at a time (``blocks``) and ours over the whole of it."""
    ours = [name for name in ("newsgraph_regions", *OUR_COMPONENTS) if name in nlp.pipe_names]
    stream: Iterable[Doc] = _parsed(nlp, docs, batch_size, ours)
    for name in ours:
        component = nlp.get_pipe(name)
        pipe = getattr(component, "pipe", None)
        stream = pipe(stream, batch_size=batch_size) if pipe is not None else map(component, stream)
    yield from stream


def _parsed(nlp: Language, docs: Iterable[Doc], batch_size: int, ours: list[str]) -> Iterator[Doc]:
    for batch in minibatch(docs, batch_size):
        # Doc.text joins every token anew; doc_text joins them once per Doc, for our components too.
        long = [len(doc_text(d)) > BLOCK_CHARS for d in batch]
        short = iter(nlp.pipe([d for d, is_long in zip(batch, long, strict=True) if not is_long], disable=ours))
        for doc, is_long in zip(batch, long, strict=True):
            yield _parsed_in_blocks(nlp, doc, ours) if is_long else next(short)


def _parsed_in_blocks(nlp: Language, doc: Doc, ours: list[str]) -> Doc:
    # One block a batch: a batch of them would be the whole article again.
    parts = list(nlp.pipe((nlp.make_doc(b) for b in blocks(doc_text(doc), BLOCK_CHARS)), batch_size=1, disable=ours))
    whole = Doc.from_docs(parts, ensure_whitespace=False)
    for name in EXTENSIONS:  # what the caller set on the Doc (date, title, author) goes with it
        setattr(whole._, name, getattr(doc._, name))
    return whole


def blocks(text: str, limit: int) -> Iterator[str]:
    """``text`` in pieces of at most ``limit`` characters, joined they are ``text``: cut after a line
    break, else after a sentence's full stop, else after a space, else at ``limit``."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next((i + len(m) for m in ("\n", ". ", " ") if (i := window.rfind(m)) > 0), limit)
        yield text[start : start + cut]
        start += cut
    if start < len(text):
        yield text[start:]


def settings_pipeline(settings: Settings) -> Language:
    """:func:`load_pipeline` as ``settings`` say."""
    return load_pipeline(settings.model, settings.attribution_model, settings.precision)


def pipeline_version(nlp: Language) -> str:
    """What produced an extraction: our version, the English model's, the attribution model's and
    the learned models' precision (bfloat16 can flip a borderline sentence's event type)."""
    attribution = nlp.get_pipe("newsgraph_attribution_model").version
    precision = nlp.get_pipe("newsgraph_events").precision
    return version_string(nlp.meta, attribution, precision)


def settings_version(settings: Settings) -> str:
    """``pipeline_version`` of ``settings_pipeline(settings)``, from the models' files without loading
    them: what ingest compares with the store to skip an article before extracting it."""
    model = Path(settings.model)
    meta = spacy.util.get_model_meta(model if model.is_dir() else spacy.util.get_package_path(settings.model))
    attribution = weights_digest(settings.attribution_model or MODEL_DIR)
    return version_string(meta, attribution, resolved_precision(settings.precision))


def version_string(english: Mapping[str, Any], attribution: str, precision: str) -> str:
    return f"newsgraph-{__version__}+{english['name']}-{english['version']}+attribution-{attribution}+{precision}"
