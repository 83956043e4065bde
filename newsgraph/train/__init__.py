"""Training of newsgraph's learned components."""

from newsgraph.train.attribution import parse, train

__all__ = ["parse", "train"]
