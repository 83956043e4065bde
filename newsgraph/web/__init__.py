"""The web app and HTTP API over the store: ``newsgraph serve``."""
