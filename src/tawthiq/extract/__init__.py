"""Extraction suggestions for a report in English or Arabic: places, actors, persons, dates, violations,
sources and victim counts, each with its span in the original text, for a person to accept or reject.

    lexicon = Lexicon.shipped()          # or Lexicon.from_actors(the database's actors)
    result = extract(text, language="en", published_on=date(2015, 7, 14), lexicon=lexicon, places=NullPlaces())

One module per step (actors, persons, dates, violations, sources, counts; places come from the resolver),
the runner in :mod:`tawthiq.extract.pipeline`, the word lists in ``extract/data/*.json``.
"""

from __future__ import annotations

from tawthiq.extract.lexicon import ActorEntry, Lexicon, Pattern
from tawthiq.extract.pipeline import FIELDS, NullPlaces, PlaceResolver, extract

__all__ = ["FIELDS", "ActorEntry", "Lexicon", "NullPlaces", "Pattern", "PlaceResolver", "extract"]
