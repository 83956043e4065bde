"""Trained models shipped with newsgraph (package data)."""
