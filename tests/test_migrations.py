"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from tawthiq.db import schema
from tawthiq.db.base import Base
from tawthiq.db.engine import make_engine
from tawthiq.db.search import FTS_OBJECTS
from tawthiq.services.workspace import Workspace


def test_migrations_match_the_models(ws: Workspace) -> None:
    with ws.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            # the full-text structures are backend-specific and made by hand in migration 0002
            "include_name": lambda name, kind, parent: not (name or "").startswith(FTS_OBJECTS),
        })
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert schema.current_revision(ws.engine) == schema.head_revision()


def test_sqlite_connections_use_wal_and_enforce_foreign_keys(sqlite_ws: Workspace) -> None:
    with sqlite_ws.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_upgrading_twice_is_harmless(sqlite_ws: Workspace) -> None:
    schema.upgrade(sqlite_ws.engine)
    assert "events" in inspect(sqlite_ws.engine).get_table_names()


def test_nothing_is_created_until_asked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert schema.current_revision(engine) is None
    engine.dispose()
