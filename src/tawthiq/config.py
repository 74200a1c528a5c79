"""Settings: one typed table, read from the environment (prefix ``TAWTHIQ_``) when asked, never at import."""

from __future__ import annotations

import getpass
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in a bare container
        return "unknown"


class Settings(BaseSettings):
    """Every setting of Tawthiq. The README's configuration table is checked against these fields."""

    model_config = SettingsConfigDict(env_prefix="TAWTHIQ_", extra="ignore")

    data_dir: Path = Field(
        default=Path("data"),
        description="Data directory: the SQLite file and the evidence folder live here by default.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Empty: a SQLite file `tawthiq.db` in the data directory. "
        "PostgreSQL: `postgresql+psycopg://user:pass@host/db`.",
    )
    evidence_url: str | None = Field(
        default=None,
        description="Evidence store. Empty: the folder `evidence/` in the data directory. "
        "Also `file:///path` or `memory:` (tests only).",
    )
    user: str = Field(
        default_factory=_default_user,
        description="Who is acting, recorded in history, custody and the audit log (the login name by default).",
    )
    samples_dir: Path = Field(
        default=Path("../shared/samples"),
        description="Where `tawthiq demo` looks for the sample report it codes.",
    )
    echo_sql: bool = Field(default=False, description="Log every SQL statement (debugging only).")

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tawthiq.db').resolve()}"

    def resolved_evidence_url(self) -> str:
        """The evidence store URL, defaulting to the evidence folder in the data directory."""
        if self.evidence_url:
            return self.evidence_url
        return (self.data_dir / "evidence").resolve().as_uri()
