"""Records and their history: kinds and fields, checked reads and writes, import and export, vocabularies, set-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.records.access import (
        acting as acting,
        create as create,
        create_event as create_event,
        delete as delete,
        history as history,
        list_readable as list_readable,
        may as may,
        new_record as new_record,
        read_for_edit as read_for_edit,
        read_record as read_record,
        related as related,
        restore as restore,
        update as update,
    )
    from tawthiq.services.records.demo import load_demo as load_demo
    from tawthiq.services.records.setup import (
        ensure_initialised as ensure_initialised,
        init_workspace as init_workspace,
        workspace_status as workspace_status,
    )
    from tawthiq.services.records.transfer import export_records as export_records, import_records as import_records
    from tawthiq.services.records.vocabularies import (
        list_concepts as list_concepts,
        list_vocabularies as list_vocabularies,
    )

__getattr__, __all__ = lazy(__name__, {
    "acting": "access", "create": "access", "create_event": "access", "delete": "access",
    "ensure_initialised": "setup", "export_records": "transfer", "history": "access", "import_records": "transfer",
    "init_workspace": "setup", "list_concepts": "vocabularies", "list_readable": "access",
    "list_vocabularies": "vocabularies", "load_demo": "demo", "may": "access", "new_record": "access",
    "read_for_edit": "access", "read_record": "access", "related": "access", "restore": "access", "update": "access",
    "workspace_status": "setup",
})
