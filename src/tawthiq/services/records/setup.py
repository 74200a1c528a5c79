"""Preparing a data directory and reporting on it."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select

from tawthiq.db import schema
from tawthiq.db.accounts import User
from tawthiq.db.models import AuditEntry, AuditHead
from tawthiq.domain.errors import TawthiqError
from tawthiq.domain.policy import Action, Forbidden, Principal, allows, ensure, readable_levels
from tawthiq.services import filemodes
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import readable_clause
from tawthiq.services.workspace import Workspace


class NotInitialised(TawthiqError):
    def __str__(self) -> str:
        return ("the data directory is not initialised: run `tawthiq init` / "
                "مجلد البيانات غير مهيأ: شغّل tawthiq init")


def ensure_initialised(ws: Workspace) -> None:
    """Raise NotInitialised unless the database is at the current schema."""
    if schema.current_revision(ws.engine) != schema.head_revision():
        raise NotInitialised()


def _database_made(ws: Workspace) -> bool:
    """False for a SQLite file not made yet (connecting would make an empty one); True for any other database."""
    url = ws.engine.url
    return not (url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists())


def has_accounts(ws: Workspace) -> bool:
    """Whether the data directory has accounts already (then maintaining it needs one that may)."""
    if not _database_made(ws):
        return False
    with ws.engine.connect() as connection:
        if not inspect(connection).has_table("users"):
            return False
        return connection.execute(select(User.id).limit(1)).first() is not None


def init_workspace(ws: Workspace, account: Principal | None = None) -> dict[str, Any]:
    """Create the data directory, bring the database to the current schema and load the shipped vocabularies.

    Safe to run again: it only adds what is missing or newer. A data directory without accounts is set up by
    anyone (its operator becomes its admin); one with accounts only by an ``account`` whose role may maintain it
    (Forbidden otherwise, nothing changed).
    """
    from tawthiq.services.accounts.users import ensure_operator
    from tawthiq.services.protection import keys as protection
    from tawthiq.services.records.store import Writer
    from tawthiq.services.records.vocabularies import load_shipped
    from tawthiq.services.scratch import remove_leftovers

    if not _database_made(ws) or schema.current_revision(ws.engine) is None:
        protection.check_new_key(ws)  # a new key's passphrase or key file refused before anything is written
    data = ws.settings.data_dir
    data.mkdir(mode=filemodes.DIR_MODE, parents=True, exist_ok=True)  # where a SQLite database lives
    if account is not None:
        ensure(account, Action.MAINTAIN, what="(upgrade the data directory)")
    elif has_accounts(ws):
        raise Forbidden(f"{Action.MAINTAIN.value} (no account given)")
    _make_database_file(ws)
    tightened = filemodes.tighten(ws)  # before the schema: what an older version made loose is closed first
    schema.upgrade(ws.engine)
    with ws.transaction() as session:
        loaded = load_shipped(session, Writer(session, ws.user))
    leftovers = remove_leftovers(ws)  # what killed intakes, backups and bundles left
    keys = protection.setup_keys(ws)  # the organisation key, and any protected value still in plain text sealed
    operator = ensure_operator(ws)  # a new data directory's operator is its admin
    tightened += filemodes.tighten(ws)  # and what was made meanwhile (the key file, the instance key)
    return {"data_dir": str(data.resolve()), "schema": schema.current_revision(ws.engine),
            **asdict(loaded), "leftovers_removed": len(leftovers["removed"]), "leftover_bytes_removed":
            leftovers["bytes"], "permissions_tightened": filemodes.shown(tightened),
            "organisation_key": keys["method"], "operator_created": operator.username if operator else None}


def _make_database_file(ws: Workspace) -> None:
    """Make a new SQLite file 0600 before SQLite does (it would follow the umask: 0644 as a rule); its -wal and
    -shm files take the mode of the database file."""
    url = ws.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        try:
            os.close(os.open(url.database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, filemodes.FILE_MODE))
        except FileExistsError:
            pass


def workspace_status(ws: Workspace, account: Principal) -> dict[str, Any]:
    """Where the data is, the schema revision, and the live records of each kind that ``account`` may read; the
    audit totals for a role that may read the audit log."""
    revision = schema.current_revision(ws.engine)
    status: dict[str, Any] = {
        "data_dir": str(ws.settings.data_dir.resolve()),
        "database": ws.engine.url.render_as_string(hide_password=True),
        "schema": revision,
        "schema_current": revision == schema.head_revision(),
        "records": {},
    }
    loose = filemodes.loose(ws)
    if loose:  # readable by other accounts on this machine: `tawthiq init` closes them
        status["loose_permissions"] = loose
    allowed = readable_levels(account)
    with ws.reading() as session:
        for spec in KINDS.values():
            model = spec.model
            status["records"][spec.plural] = session.scalar(
                select(func.count()).select_from(model).where(model.deleted_at.is_(None),
                                                              readable_clause(spec.name, allowed)))
        if allows(account, Action.READ_AUDIT):
            status["audit_entries"] = session.scalar(select(func.count()).select_from(AuditEntry))
            head = session.get(AuditHead, 1)
            status["audit_head"] = head.hash if head else None
    return status
