"""The ``newsgraph_time`` component: time expressions resolved against the article date.

The rules are token-free and live in :mod:`newsgraph.nlp.timex_rules`; this
component runs them over ``doc.text`` with ``doc._.date`` (the publication date,
TimeML's document creation time) as the anchor, and keeps the expressions of the
body: one that overlaps a non-body region of ``doc._.regions`` (the ``date``
header, a photo caption or credit, a byline, a dateline, boilerplate) is left out,
as a caption's "Nov. 15, 2021" dates the photo, not the story.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.doc_text import doc_text
from newsgraph.nlp.timex_rules import find_time_expressions
from newsgraph.records import Region, TimeExpression


@Language.factory("newsgraph_time", requires=["doc._.date", "doc._.regions"], assigns=["doc._.time_expressions"])
def make_time_tagger(nlp: Language, name: str) -> TimeTagger:
    return TimeTagger()


class TimeTagger:
    """Sets ``doc._.time_expressions`` to the body's :class:`~newsgraph.records.TimeExpression` records."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.time_expressions = body_time_expressions(doc_text(doc), doc._.date, doc._.regions or ())
        return doc


def body_time_expressions(text: str, article_date: str | None, regions: Iterable[Region]) -> list[TimeExpression]:
    """The time expressions of ``text`` that overlap none of ``regions``, in text order."""
    spans = [(region.start, region.end) for region in regions]
    return [
        expression
        for expression in find_time_expressions(text, article_date)
        if not any(expression.start < end and start < expression.end for start, end in spans)
    ]
