"""Printing: Rich tables for people, JSON for scripts, errors on stderr in English and Arabic."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from tawthiq.domain.errors import Ambiguous, InvalidInput, NotFound, TawthiqError

console = Console()
errors = Console(stderr=True)

_CONCEPT = re.compile(r"^[a-z][a-z-]*:[a-z0-9-]+$")

EXIT_INVALID = 2
EXIT_NOT_FOUND = 3
EXIT_PROBLEMS = 1


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


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


def fail(exc: TawthiqError) -> NoReturn:
    """Print a user error and exit: 2 for bad input, 3 for a record that cannot be found."""
    if isinstance(exc, InvalidInput):
        errors.print("[bold red]Rejected, nothing was written / رُفض، لم يُكتب شيء:[/]")
        for problem in exc.problems:
            errors.print(f"  - {problem.describe()}", markup=False)
        raise typer.Exit(EXIT_INVALID)
    if isinstance(exc, NotFound | Ambiguous):
        errors.print(str(exc), markup=False)
        raise typer.Exit(EXIT_NOT_FOUND)
    errors.print(str(exc), markup=False)
    raise typer.Exit(EXIT_INVALID)
