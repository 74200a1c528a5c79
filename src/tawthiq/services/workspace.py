"""A workspace: the settings, the database and the evidence store of one data directory, built on demand."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tawthiq.blobs import BlobStore, open_blob_store
from tawthiq.config import Settings
from tawthiq.db.engine import make_engine, make_sessionmaker
from tawthiq.domain.errors import TooManyLookups


class LookupLimiter:
    """At most ``limit`` lookups by a part of an id per account and ``window`` seconds, in this process: enough
    for people and scripts that name records by prefix, too few to walk the id space (16^4 prefixes take hours)."""

    FULL_ID = 36  # a UUID; a SHA-256 is longer

    def __init__(self, limit: int = 120, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def spend(self, who: str, ident: str) -> None:
        """Count a lookup of ``ident`` by ``who`` if it is shorter than a whole id. Raises TooManyLookups."""
        if len(ident) >= self.FULL_ID:
            return
        now = time.monotonic()
        with self._lock:
            times = self._seen.setdefault(who, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                raise TooManyLookups(int(times[0] + self.window - now) + 1)
            times.append(now)


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    lookups: LookupLimiter = field(default_factory=LookupLimiter)  # shared by every request of one application

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
