"""Gazetteer data into the places table: the default region from the package, or a team's own files."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.base import Base
from tawthiq.db.models import Place
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure, readable_levels
from tawthiq.geo import DEFAULT_COUNTRIES, GazetteerEntry, default_entries, read_cod_ab, read_geonames_dump
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import readable_clause, readable_ids
from tawthiq.services.records.store import Writer
from tawthiq.services.records.vocabularies import SHIPPED_AT, SHIPPED_BY
from tawthiq.services.workspace import Workspace

PLACE_NAMESPACE = uuid.UUID("2a0f6c1e-5b1f-4d38-9c55-67617a657474")
FORMATS = ("geonames", "cod-ab")


def place_id(gazetteer: str, gazetteer_id: str) -> str:
    """Gazetteer places get the same id on every instance that loads the same data."""
    return str(uuid.uuid5(PLACE_NAMESPACE, f"{gazetteer}:{gazetteer_id}"))


def load_default_gazetteer(ws: Workspace, account: Principal, *, countries: Sequence[str] = DEFAULT_COUNTRIES,
                           progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Load the packaged GeoNames places (500+ people) of ``countries``, with their governorates, as ``account``.
    Places entered by hand that the gazetteer turns out to have are merged into its records (``merged``; see
    services/coding/duplicates.py). Safe to repeat. Raises Forbidden unless the role may load gazetteers."""
    ensure(account, Action.GAZETTEER)
    ws = acting(ws, account)
    with ws.transaction() as session:
        return _upsert(session, Writer(session, ws.user), default_entries(countries), shipped=True, progress=progress)


def import_gazetteer(ws: Workspace, account: Principal, *, path: Path, fmt: str,
                     progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Import a GeoNames dump (``geonames``) or an OCHA COD-AB table (``cod-ab``) in one transaction, as ``account``.

    Raises Forbidden unless the role may import gazetteers; InvalidInput naming the line and field of the first bad
    row; nothing is written then. Places entered by hand that the file has are merged into its records, as on a load.
    """
    ensure(account, Action.GAZETTEER)
    ws = acting(ws, account)
    if fmt not in FORMATS:
        raise InvalidInput.single("format", f"{fmt!r} is not one of {', '.join(FORMATS)}", "صيغة غير معروفة")
    if not path.is_file():
        raise InvalidInput.single("path", f"{path} does not exist", "الملف غير موجود")
    reader = read_geonames_dump if fmt == "geonames" else read_cod_ab
    try:
        with ws.transaction() as session:
            return _upsert(session, Writer(session, ws.user), reader(path), shipped=False, progress=progress)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput.single("file", f"{path.name}: {exc}", f"\u200f{path.name}: ملف غير صالح") from None


def resolve_places(ws: Workspace, account: Principal, *, text: str, language: str = "en") -> list[dict[str, Any]]:
    """How the places named in ``text`` resolve against the gazetteer, as ``account`` reads it: a mention that
    resolves (or falls back) to a place above the account's clearance is left out, as if the place did not exist."""
    from tawthiq.services.coding.geocoding import open_resolver

    ensure(account, Action.READ, what="places")
    found = open_resolver(ws).resolve(text, language)
    allowed = readable_levels(account)
    with ws.reading() as session:
        readable = readable_ids(session, "place", {s["place_id"] for s in found if s.get("place_id")}, allowed)
        wanted = {s["gazetteer_id"] for s in found if s.get("gazetteer_id")}
        named = set(session.scalars(select(Place.gazetteer_id).where(Place.gazetteer_id.in_(wanted),
                                                                     readable_clause("place", allowed))))
    return [s for s in found if (not s.get("place_id") or s["place_id"] in readable)
            and (not s.get("gazetteer_id") or s["gazetteer_id"] in named)]


def _upsert(session: Session, writer: Writer, entries: Iterable[GazetteerEntry], *, shipped: bool,
            progress: Callable[[int], None] | None) -> dict[str, int]:
    from tawthiq.services.coding.duplicates import merge_duplicate_places

    spec = KINDS["place"]
    columns = [c.key for c in Base.metadata.tables["places"].columns]
    counts = {"added": 0, "updated": 0, "unchanged": 0, "merged": 0}
    for entry in entries:
        values: dict[str, Any] = {
            "id": place_id(entry.gazetteer, entry.gazetteer_id), "name": entry.name[:300], "name_ar": entry.name_ar,
            "alt_names": list(entry.alt_names), "feature": entry.feature, "country_code": entry.country_code,
            "parent_id": place_id(entry.gazetteer, entry.parent_id) if entry.parent_id else None,
            "latitude": entry.latitude, "longitude": entry.longitude, "gazetteer": entry.gazetteer,
            "gazetteer_id": entry.gazetteer_id, "confidentiality": "public",
        }
        stored = session.execute(select(Place).where(Place.id == values["id"])).scalar_one_or_none()
        if stored is None:
            if shipped:
                values.update(version=1, created_at=SHIPPED_AT, created_by=SHIPPED_BY, updated_at=SHIPPED_AT,
                              updated_by=SHIPPED_BY)
            writer.insert(spec, values, keep_bookkeeping=shipped)
            counts["added"] += 1
        else:
            current = {c: getattr(stored, c) for c in columns}
            changed = {k: v for k, v in values.items() if current.get(k) != v}
            if changed:
                session.expunge(stored)
                writer.change(spec, current, changed, change="gazetteer-update")
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        if progress:
            progress(1)
        if len(writer.versions) >= 5000:
            writer.flush()
    writer.flush()
    counts["merged"] = len(merge_duplicate_places(session, writer))
    return counts
