"""The assembled pipeline: its components in order and what an extraction says produced it."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.nlp.pipeline import OUR_COMPONENTS, pipeline_version, settings_pipeline
from newsgraph.settings import Settings


def test_pipeline_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names[0] == "newsgraph_regions"
    assert names.index("newsgraph_paragraphs") < names.index("parser")
    assert names[-len(OUR_COMPONENTS) :] == list(OUR_COMPONENTS)


def test_pipeline_version_names_the_event_precision(nlp: Language) -> None:
    version = pipeline_version(nlp)
    assert version.startswith("newsgraph-")
    assert "+attribution-" in version
    assert version.endswith(f"+events-{nlp.get_pipe('newsgraph_events').precision}")


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_pipeline_event_precision_from_settings(precision: str) -> None:
    nlp = settings_pipeline(Settings(event_precision=precision))
    assert nlp.get_pipe("newsgraph_events").precision == precision
    assert pipeline_version(nlp).endswith(f"+events-{precision}")


def test_pipeline_unknown_event_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="event precision"):
        settings_pipeline(Settings(event_precision="half"))
