"""Publishing: an event's public grade and casualty figures as min–max, overrides by hand, headline totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.publishing.grading import (
        clear_override as clear_override,
        event_grade as event_grade,
        headline_totals as headline_totals,
        override_grade as override_grade,
    )

__getattr__, __all__ = lazy(__name__, {
    "clear_override": "grading", "event_grade": "grading", "headline_totals": "grading", "override_grade": "grading",
})
