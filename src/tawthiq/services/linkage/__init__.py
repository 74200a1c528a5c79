"""Linkage: victim lists, matching persons and incidents, review of candidate pairs, merges, corroboration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.linkage.review import (
        decide as decide,
        event_corroboration as event_corroboration,
        list_merges as list_merges,
        merge as merge,
        pair_view as pair_view,
        queue as queue,
        run as run,
        run_report as run_report,
        undo_merge as undo_merge,
    )
    from tawthiq.services.linkage.victim_lists import import_person_list as import_person_list

__getattr__, __all__ = lazy(__name__, {
    "decide": "review", "event_corroboration": "review", "import_person_list": "victim_lists",
    "list_merges": "review", "merge": "review", "pair_view": "review", "queue": "review", "run": "review",
    "run_report": "review", "undo_merge": "review",
})
