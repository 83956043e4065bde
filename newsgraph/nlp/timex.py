"""Time expressions, resolved against the article date (placeholder, see issue 5)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsgraph_time", requires=["doc._.date", "doc._.regions"], assigns=["doc._.time_expressions"])
def make_time_tagger(nlp: Language, name: str) -> TimeTagger:
    return TimeTagger()


class TimeTagger:
    def __call__(self, doc: Doc) -> Doc:
        doc._.time_expressions = []
        return doc
