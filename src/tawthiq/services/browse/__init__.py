"""Finding records: full-text search and its index, the event page, dashboard, map, timeline and pickers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.browse.eventview import dashboard as dashboard, event_page as event_page, timeline as timeline
    from tawthiq.services.browse.mapview import admin_areas as admin_areas, event_map as event_map
    from tawthiq.services.browse.pickers import suggest as suggest

__getattr__, __all__ = lazy(__name__, {
    "admin_areas": "mapview", "dashboard": "eventview", "event_map": "mapview", "event_page": "eventview",
    "suggest": "pickers", "timeline": "eventview",
})
