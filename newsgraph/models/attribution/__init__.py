"""The shipped attribution model: an ensemble of three nets, one per seed (``seed-N/``: weights.bin, a
float16 state dict; config.json; metrics.json, the training run's figures); see
newsgraph.nlp.attribution_model. ``newsgraph train --seed 0 --seed 1 --seed 2`` reproduces it."""
