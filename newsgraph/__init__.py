"""newsgraph: who said what, and who did what to whom, when, from dated news articles."""

__version__ = "0.2.0"
