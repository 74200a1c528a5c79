"""Engines and sessions: SQLite (WAL, foreign keys on) or PostgreSQL, chosen by URL alone."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_IOERR, SQLITE_FULL = 10, 13


def make_engine(url: str, *, echo: bool = False, writer: bool = False) -> Engine:
    """An engine for ``url``.

    On SQLite every connection gets WAL, foreign keys and a busy timeout; a ``writer`` engine starts each
    transaction with BEGIN IMMEDIATE, so two processes appending to the audit chain queue instead of
    both reading the same head (PostgreSQL gets the same guarantee from a row lock on the head).
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
        _configure_sqlite(engine, immediate=writer)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "do_connect")
    def _open(dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        # A WAL database maps a -shm file that SQLite removes with the last connection and makes again, 32 KiB, with
        # the next: on a full disk that fails ("disk I/O error") and even reads would be refused. Opened in exclusive
        # locking mode, SQLite keeps that index in memory instead, so status, verify and lists still work. Such a
        # connection holds the database to itself: it is closed when given back (see _give_back).
        connection = dialect.loaded_dbapi.connect(*cargs, **cparams)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except dialect.loaded_dbapi.OperationalError as exc:
            connection.close()
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (SQLITE_IOERR, SQLITE_FULL):
                raise
        connection = dialect.loaded_dbapi.connect(*cargs, **cparams)
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        record.info["exclusive"] = True
        return connection

    @event.listens_for(engine, "checkin")
    def _give_back(_dbapi_connection: Any, record: Any) -> None:
        if record.info.get("exclusive"):
            record.invalidate()  # closed now: another process may be waiting for the database

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
