"""Who publishes: the organisation's name (``TAWTHIQ_ORGANISATION``, ``TAWTHIQ_ORGANISATION_AR``) on every output.

The interfaces put the names of the settings into the :class:`PublicSet` (:func:`published_by`); the renderers
read them from there (:func:`publisher`), as they read everything else. An Arabic output takes the Arabic name,
falling back to the English one (and the other way round); with neither, a neutral "Tawthiq publication", never
the profile's name as if it were the publisher (the profile's title stays a subtitle).
"""

from __future__ import annotations

import dataclasses

from tawthiq.config import Settings
from tawthiq.domain.publication import PublicSet
from tawthiq.web.i18n import translator

NEUTRAL = "Tawthiq publication"  # Arabic in web/locales/ar.json


def published_by(pset: PublicSet, settings: Settings) -> PublicSet:
    """``pset`` with the organisation's names of ``settings`` (surrounding spaces removed)."""
    return dataclasses.replace(pset, organisation=settings.organisation.strip(),
                               organisation_ar=settings.organisation_ar.strip())


def organisation(pset: PublicSet, language: str) -> str:
    """The organisation's name for an output in ``language`` (the other language's when that one is empty);
    empty when neither is set."""
    names = (pset.organisation_ar, pset.organisation) if language == "ar" else (pset.organisation, pset.organisation_ar)
    return next((name.strip() for name in names if name.strip()), "")


def publisher(pset: PublicSet, language: str) -> str:
    """The publisher's name as an output in ``language`` shows it: the organisation's, else the neutral one."""
    return organisation(pset, language) or translator(language).gettext(NEUTRAL)
