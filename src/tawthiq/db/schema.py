"""Bring a database to the current schema with Alembic; nothing else creates tables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# Alembic (and parsing every migration with it) costs a command line that only reads 0.2 s and 16 MiB: the revision
# of a database and the head of the migrations are read without it; upgrading uses it.
_REVISION = re.compile(r"""^(down_)?revision\s*(?::[^=]*)?=\s*['"]?([\w-]+)['"]?""", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (Alembic's version table), or None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if revision is None else str(revision)


def head_revision() -> str | None:
    """The newest revision of the migrations: the one no other revision names as its ``down_revision``."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for down, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if down else revisions).add(value)
    heads = revisions - parents
    if len(heads) != 1:  # branches or an unusual file: let Alembic decide
        from alembic.script import ScriptDirectory

        head: str | None = ScriptDirectory.from_config(alembic_config()).get_current_head()
        return head
    return heads.pop()
