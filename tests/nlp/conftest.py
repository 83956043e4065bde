from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.vocab import Vocab

from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.settings import Settings


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real English pipeline with the newsgraph components."""
    return load_pipeline(Settings().model)


@pytest.fixture
def vocab() -> Vocab:
    """An English vocabulary (lexical attributes such as ``is_alpha`` need the language's getters)."""
    return spacy.blank("en").vocab
