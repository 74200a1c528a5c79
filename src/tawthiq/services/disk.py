"""Failed writes as the user sees them: which path, why, how much space was needed and is free.

A full disk, a read-only or failing one and a denied permission reach the interfaces as OSError, as a database
error (SQLite, PostgreSQL) or already as ``StorageFailed``; ``storage_failure`` turns the first two into the last,
which the command line ends with its own exit code and the web with 507, instead of a traceback or a plain 500.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tawthiq.config import Settings
from tawthiq.domain.errors import StorageFailed, storage_cause


def free_bytes(path: Path | str | None) -> int | None:
    """Bytes free on the disk that holds ``path`` (or its nearest existing parent); None when it cannot be told."""
    if path is None:
        return None
    place = Path(path)
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        return shutil.disk_usage(place).free
    except OSError:
        return None


def database_place(settings: Settings) -> str:
    """Where the database writes: its SQLite file, or the server's URL without the password."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.resolved_database_url())
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def storage_failure(exc: BaseException, *, where: str | None = None, needed: int | None = None) -> StorageFailed | None:
    """The storage failure ``exc`` stands for, naming the path the error names (else ``where``: the database for a
    database error) and the space free there; None for any other error."""
    if isinstance(exc, StorageFailed):
        return exc
    cause = storage_cause(exc)
    if cause is None:
        return None
    named = getattr(exc, "filename", None)
    path = str(named) if named else (where or "?")
    free = free_bytes(path) if path.startswith("/") or Path(path).exists() else None
    if cause == "io" and free == 0:  # SQLite says "disk I/O error" when it cannot grow its index file
        cause = "full"
    return StorageFailed(path, cause, needed, free)


def raise_storage_failure(exc: BaseException, *, where: Path | str, needed: int | None = None) -> None:
    """Raise ``exc`` as StorageFailed (from ``exc``) when it is one; return otherwise, for the caller to re-raise."""
    failure = storage_failure(exc, where=str(where), needed=needed)
    if failure is not None:
        if failure.needed is None:
            failure.needed = needed
        raise failure from exc
