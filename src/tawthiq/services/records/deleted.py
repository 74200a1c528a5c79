"""The deleted records of one kind, for the web's "deleted" list: where a mistaken deletion is found and undone.

Only records the account may read are listed, as :func:`access.list_readable` shows them; restoring one goes
through :func:`access.restore`, which asks the policy.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tawthiq.domain.errors import NotFound
from tawthiq.domain.policy import Principal, readable_levels
from tawthiq.services.records import access
from tawthiq.services.records.levels import effective_level, readable_clause
from tawthiq.services.records.store import hide_protected, jsonable, row_dict, spec_for
from tawthiq.services.workspace import Workspace


def list_deleted(ws: Workspace, account: Principal, *, kind: str, limit: int = 200) -> list[dict[str, Any]]:
    """The deleted records of ``kind`` the account may read, most recently deleted first.

    Raises NotFound for a kind that cannot be deleted.
    """
    spec = spec_for(kind)
    if spec.name not in access.WRITABLE_KINDS:
        raise NotFound(kind, "*")
    model = spec.model
    query = (select(model).where(model.deleted_at.is_not(None), readable_clause(spec.name, readable_levels(account)))
             .order_by(model.deleted_at.desc(), model.id).limit(limit))
    with ws.reading() as session:
        out = []
        for row in session.scalars(query):
            found = row_dict(spec, row)
            shown = hide_protected(spec, {k: jsonable(v) for k, v in found.items()})
            shown["effective_level"] = effective_level(session, spec.name, found)
            out.append(shown)
        return out
