"""Alembic environment: runs on the connection the caller passes in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from tawthiq.db import accounts, linkage, models, search  # noqa: F401  (importing them registers their tables)
from tawthiq.db.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=lambda name, kind, parent: not (name or "").startswith(search.FTS_OBJECTS),
)
with context.begin_transaction():
    context.run_migrations()
