"""Printing: Rich tables for people, JSON for scripts, errors on stderr in English and Arabic."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound, StorageFailed, TawthiqError
from tawthiq.domain.policy import Forbidden
from tawthiq.domain.serial import to_json

console = Console()
errors = Console(stderr=True, soft_wrap=True)  # messages stay whole lines: they are read and searched

_CONCEPT = re.compile(r"^[a-z][a-z-]*:[a-z0-9-]+$")

EXIT_PROBLEMS = 1  # verify and package verify found problems
EXIT_INVALID = 2  # rejected input: nothing was written
EXIT_NOT_FOUND = 3  # no such record, or one above the operator's clearance (the same answer)
EXIT_FORBIDDEN = 4  # the operator's role does not allow it, or there is no operator account
EXIT_STORAGE = 5  # a write failed on the disk (full, read-only, failing, no permission): nothing of it was kept


def print_json(value: Any) -> None:
    """``value`` as the API would return it (:func:`tawthiq.domain.serial.to_json`), indented."""
    sys.stdout.write(json.dumps(to_json(value), ensure_ascii=False, indent=2) + "\n")


def print_table(rows: list[dict[str, Any]], columns: list[str], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(short(row.get(c)) for c in columns))
    console.print(table)


def print_record(record: dict[str, Any], title: str | None = None) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key, value in record.items():
        if value not in (None, "", [], {}):
            table.add_row(key, short(value, 2000))
    console.print(table)


def short(value: Any, limit: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    if isinstance(value, str) and len(value) == 36 and value.count("-") == 4:
        return value[:8]  # ids: the first 8 characters are enough to name a record
    if isinstance(value, str) and _CONCEPT.match(value):
        return value.split(":", 1)[1]  # concept ids: the slug is what people read
    return text if len(text) <= limit else text[: limit - 1] + "…"


def exit_code(exc: TawthiqError) -> int:
    """The exit code of a user error: 2 rejected input, 3 unknown record, 4 not allowed, 5 storage failure."""
    if isinstance(exc, StorageFailed):
        return EXIT_STORAGE
    if isinstance(exc, NotFound | Ambiguous):
        return EXIT_NOT_FOUND
    if isinstance(exc, Forbidden) or _no_operator(exc):
        return EXIT_FORBIDDEN
    return EXIT_INVALID


def _no_operator(exc: TawthiqError) -> bool:
    # NoOperator can only have been raised once its module is loaded; importing it here would cost every error
    # the accounts module (see bench/cli_startup.py).
    users = sys.modules.get("tawthiq.services.accounts.users")
    return users is not None and isinstance(exc, users.NoOperator)


def storage_error(exc: BaseException) -> StorageFailed | None:
    """``exc`` as a storage failure (a full disk, a read-only one…) on the current data directory; None when it is
    another error, which then ends as it would have."""
    from tawthiq.domain.errors import storage_cause

    if storage_cause(exc) is None:  # most errors: decided without importing the services
        return None
    from tawthiq.config import Settings
    from tawthiq.services.disk import database_place, storage_failure

    try:
        where = database_place(Settings())
    except Exception:  # settings that cannot be read: the failure is still told, without the place
        where = None
    return storage_failure(exc, where=where)


def report(exc: TawthiqError) -> None:
    """Print a user error on stderr, in English and Arabic (each problem of rejected input on its own line)."""
    if isinstance(exc, InvalidInput):
        errors.print("[bold red]Rejected, nothing was written / رُفض، لم يُكتب شيء:[/]")
        for problem in exc.problems:
            errors.print(f"  - {problem.describe()}", markup=False)
        return
    errors.print(str(exc), markup=False)

