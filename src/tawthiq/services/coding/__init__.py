"""Assisted coding: document intake, extraction suggestions and their review, the gazetteer and geocoding."""
