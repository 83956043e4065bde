"""The shipped attribution model: an ensemble of three nets, one per seed (``seed-N/``: weights.bin, a
float16 state dict; config.json; metrics.json, the training run's figures); see
newsgraph.nlp.attribution_model. ``newsgraph train --seed 1 --seed 2`` reproduces seeds 1 and 2,
``--seed 0 --threads 2`` seed 0 (both phases: 12 epochs, then 4 with the role tagger's cue outputs)."""
