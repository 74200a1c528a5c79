"""Assisted coding: document intake, extraction suggestions and their review, the gazetteer and geocoding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.coding.gazetteer import (
        import_gazetteer as import_gazetteer,
        load_default_gazetteer as load_default_gazetteer,
        resolve_places as resolve_places,
    )
    from tawthiq.services.coding.geocoding import open_resolver as open_resolver
    from tawthiq.services.coding.ingest import extract_file as extract_file, ingest_paths as ingest_paths
    from tawthiq.services.coding.reportdesk import (
        decide as decide,
        intake_text as intake_text,
        review_view as review_view,
        suggestions as suggestions,
    )

__getattr__, __all__ = lazy(__name__, {
    "decide": "reportdesk", "extract_file": "ingest", "import_gazetteer": "gazetteer", "ingest_paths": "ingest",
    "intake_text": "reportdesk", "load_default_gazetteer": "gazetteer", "open_resolver": "geocoding",
    "resolve_places": "gazetteer", "review_view": "reportdesk", "suggestions": "reportdesk",
})
