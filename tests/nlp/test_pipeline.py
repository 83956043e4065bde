"""The assembled pipeline: its components in order and what an extraction says produced it."""

from __future__ import annotations

import pytest
import torch
from spacy.language import Language

from newsgraph.nlp.pipeline import OUR_COMPONENTS, pipeline_version, settings_pipeline
from newsgraph.settings import Settings


def test_pipeline_components_in_order(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names[0] == "newsgraph_regions"
    assert names.index("newsgraph_paragraphs") < names.index("parser")
    assert names[-len(OUR_COMPONENTS) :] == list(OUR_COMPONENTS)


def test_pipeline_version_names_the_precision(nlp: Language) -> None:
    version = pipeline_version(nlp)
    assert version.startswith("newsgraph-")
    assert "+attribution-" in version
    assert version.endswith(f"+{nlp.get_pipe('newsgraph_events').precision}")


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_pipeline_precision_from_settings(precision: str) -> None:
    nlp = settings_pipeline(Settings(precision=precision))
    assert nlp.get_pipe("newsgraph_events").precision == precision
    nets = nlp.get_pipe("newsgraph_attribution_model").predictor.nets
    assert all(conv.weight.dtype == getattr(torch, precision) for net in nets for conv in net.role_convs)
    assert pipeline_version(nlp).endswith(f"+{precision}")


def test_pipeline_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="precision must be one of"):
        settings_pipeline(Settings(precision="half"))
