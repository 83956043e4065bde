"""The attribution model: weights.bin (float16 state dict) and config.json; see newsgraph.nlp.attribution_model."""
