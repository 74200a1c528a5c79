"""Offline sync between instances: the bundle file format. What goes into a bundle is services/protection/bundles.py."""
