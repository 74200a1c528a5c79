"""Linkage: victim lists, matching persons and incidents, review of candidate pairs, merges, corroboration."""
