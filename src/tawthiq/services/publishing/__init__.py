"""Publishing: grades and figures, publication profiles, the redacted collection every output is made from, and
the withheld log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.publishing.collect import collect as collect
    from tawthiq.services.publishing.files import prepare_files as prepare_files
    from tawthiq.services.publishing.grading import (
        clear_override as clear_override,
        event_grade as event_grade,
        headline_totals as headline_totals,
        override_grade as override_grade,
    )
    from tawthiq.services.publishing.profiles import (
        list_profiles as list_profiles,
        load_profile as load_profile,
        profile_history as profile_history,
        save_profile as save_profile,
        show_profile as show_profile,
    )
    from tawthiq.services.publishing.withheld import record_run as record_run, withheld_log as withheld_log

__getattr__, __all__ = lazy(__name__, {
    "clear_override": "grading", "event_grade": "grading", "headline_totals": "grading", "override_grade": "grading",
    "collect": "collect", "prepare_files": "files", "list_profiles": "profiles", "load_profile": "profiles",
    "profile_history": "profiles", "save_profile": "profiles", "show_profile": "profiles",
    "record_run": "withheld", "withheld_log": "withheld",
})
