"""A workspace: the settings, the database and the evidence store of one data directory, built on demand."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tawthiq.blobs import BlobStore, open_blob_store
from tawthiq.config import Settings
from tawthiq.db.engine import make_engine, make_sessionmaker


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore

    @property
    def user(self) -> str:
        return self.settings.user

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back whole when it raises."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing it does is committed."""
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_workspace(settings: Settings) -> Workspace:
    """Build the engine, sessions and evidence store that ``settings`` name. Creates nothing on disk."""
    engine = make_engine(settings.resolved_database_url(), echo=settings.echo_sql, writer=True)
    return Workspace(settings, engine, make_sessionmaker(engine), open_blob_store(settings.resolved_evidence_url()))
