"""Settings: one typed table, read from the environment (prefix ``TAWTHIQ_``) when asked, never at import."""

from __future__ import annotations

import getpass
import ipaddress
import re
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str) -> tuple[IPNetwork, ...]:
    """Comma-separated addresses or CIDR networks (``127.0.0.1, 10.0.0.0/8, ::1``) as networks; an address is a
    network of one. Raises ValueError naming the first entry that is neither."""
    networks = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or a CIDR network / ليس عنوان IP ولا شبكة CIDR") from None
    return tuple(networks)


def account_name(login: str) -> str:
    """A login name as an account name can be written (lower case; other characters become "-"; "operator" when
    nothing usable is left): the command line acts as the account of that name, which `tawthiq init` makes."""
    account = re.sub(r"[^a-z0-9._-]+", "-", login.lower()).strip("-._")[:63]
    return account if len(account) >= 2 else "operator"


def _default_user() -> str:
    try:
        return account_name(getpass.getuser())
    except (KeyError, OSError):  # no passwd entry, e.g. in a bare container
        return "operator"


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
    spacy_model: str = Field(
        default="", description="An installed spaCy pipeline whose person entities join the rules' (optional)."
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark the web session cookie Secure (sent over HTTPS only): turn on behind TLS.",
    )
    session_hours: int = Field(default=12, ge=1, description="How long a web login lasts, in hours.")
    login_attempts: int = Field(
        default=5, ge=1, description="Failed web logins allowed per address in 15 minutes; as many failures in a row "
        "lock the account (see docs/protection.md).",
    )
    web_assets_dir: Path | None = Field(
        default=None,
        description="Where the map's npm packages were installed (`npm ci` by `make venv`). Empty: `node_modules` "
        "of the source checkout.",
    )
    map_tiles_url: str | None = Field(
        default=None,
        description="An online tile server for the map, e.g. `https://tile.example.org/{z}/{x}/{y}.png` (also allowed "
        "by the Content-Security-Policy). Empty (the default): only the offline base layer, nothing fetched.",
    )
    max_upload_mb: int = Field(
        default=2048, ge=1,
        description="The largest web request with files (evidence uploads), in MiB; a larger one is refused with 413 "
        "while it streams in. Other request bodies (forms, JSON) are limited to 8 MiB.",
    )
    organisation: str = Field(
        default="", max_length=200,
        description="The organisation's name in English, the publisher of every publication (the public site's "
        "title and feed, the PDF reports' cover and running header, the ACLED file's `source`). Empty: the Arabic "
        "name, or else a neutral \"Tawthiq publication\".",
    )
    organisation_ar: str = Field(
        default="", max_length=200,
        description="The organisation's name in Arabic, on Arabic pages and reports. Empty: the English name, or "
        "else a neutral \"منشور توثيق\".",
    )

    passphrase: SecretStr | None = Field(
        default=None,
        description="Passphrase that unlocks the organisation key (scripts; interactive commands prompt instead).",
    )
    key_file: Path | None = Field(
        default=None,
        description="Key file that unlocks the organisation key; must lie outside the data directory. "
        "Empty: `DATA_DIR.key` beside the data directory, made by `tawthiq init` when no passphrase is set.",
    )
    two_factor_roles: str = Field(
        default="admin,coordinator",
        description="Roles that must log in with a second factor (TOTP), comma-separated; empty: none.",
    )
    lockout_minutes: int = Field(
        default=15, ge=1, description="How long an account stays locked after `login_attempts` failed logins in a row.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Reverse proxies whose `X-Forwarded-For` is believed, comma-separated addresses or CIDR networks "
        "(`127.0.0.1,10.0.0.0/8`). Empty: no forwarded header is believed; the address is the connection's.",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _check_trusted_proxies(cls, value: str) -> str:
        parse_networks(value)  # a wrong entry fails when the settings are read, naming the entry
        return value

    def trusted_networks(self) -> tuple[IPNetwork, ...]:
        """The networks of ``trusted_proxies``, parsed."""
        return parse_networks(self.trusted_proxies)

    def resolved_key_file(self) -> Path:
        """The key file: the one named, or ``DATA_DIR.key`` next to the data directory."""
        if self.key_file:
            return self.key_file.expanduser().resolve()
        data = self.data_dir.resolve()
        return data.with_name(data.name + ".key")

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
