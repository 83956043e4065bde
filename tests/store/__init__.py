"""Tests of the store (newsgraph.store) and near-duplicate detection."""
