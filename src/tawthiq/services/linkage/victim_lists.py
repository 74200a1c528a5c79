"""Import victim lists (CSV, one row per listed person) as person records with their listing provenance."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, tuple_

from tawthiq.db.linkage import PersonListing
from tawthiq.domain.enums import Sex
from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.linkage.dates import parse_date, parse_year
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import Writer
from tawthiq.services.workspace import Workspace
from tawthiq.text import script

__all__ = ["LIST_COLUMNS", "import_person_list"]

LIST_COLUMNS = ("source", "external_id", "full_name", "given_name", "family_name", "father_name", "mother_name", "sex",
                "birth_date", "birth_year", "death_date", "place")
_NAMES = ("full_name", "given_name", "family_name")
_SEX = {"male": Sex.MALE, "m": Sex.MALE, "ذكر": Sex.MALE, "female": Sex.FEMALE, "f": Sex.FEMALE, "انثى": Sex.FEMALE,
        "أنثى": Sex.FEMALE}
_LIMITS = {"source": 200, "external_id": 200, "full_name": 500, "given_name": 200, "family_name": 200,
           "father_name": 200, "mother_name": 200, "sex": 20, "birth_date": 40, "death_date": 40, "place": 300}
MAX_PROBLEMS = 50


def _check_row(number: int, row: dict[str, str]) -> list[Problem]:
    problems = []
    for column in ("source", "external_id"):
        if not row.get(column):
            problems.append(Problem(column, "is required", "حقل مطلوب", number))
    if not any(row.get(c) for c in _NAMES):
        problems.append(Problem("full_name", "one name column (full_name, given_name or family_name) is required",
                                "يلزم عمود اسم واحد على الأقل", number))
    for column, limit in _LIMITS.items():
        if len(row.get(column) or "") > limit:
            problems.append(Problem(column, f"is longer than {limit} characters", f"أطول من {limit} حرفاً", number))
    if row.get("birth_year") and parse_year(row["birth_year"]) is None:
        problems.append(Problem("birth_year", f"{row['birth_year']!r} is not a year between 1900 and 2100",
                                "ليست سنة بين 1900 و2100", number))
    if row.get("sex") and row["sex"].strip().lower() not in _SEX and row["sex"].strip().lower() != "unknown":
        problems.append(Problem("sex", f"{row['sex']!r} is not male, female or unknown",
                                "ليست ذكر أو أنثى أو غير معروف", number))
    return problems


def _person_values(row: dict[str, str]) -> dict[str, Any]:
    parts = [row.get(c) or "" for c in ("given_name", "father_name", "family_name")]
    name = row.get("full_name") or " ".join(p for p in parts if p)
    birth = parse_year(row.get("birth_year")) or parse_date(row.get("birth_date")).year
    values: dict[str, Any] = {
        "name": name[:300], "sex": _SEX.get((row.get("sex") or "").strip().lower(), Sex.UNKNOWN).value,
        "birth_year": birth,
    }
    if script(name) == "ar":
        values["name_ar"] = name[:300]
    return values


def read_person_list(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a victim-list CSV with their line numbers. Raises InvalidInput for an unusable header."""
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            unknown = [h for h in header if h not in LIST_COLUMNS]
            if unknown or not header:
                raise InvalidInput.single(
                    "columns",
                    f"unknown column(s) {', '.join(unknown) or '(none)'}; expected some of {', '.join(LIST_COLUMNS)}",
                    "أعمدة غير معروفة في الترويسة", 1)
            rows = []
            for raw in reader:
                if None in raw:
                    raise InvalidInput.single("csv", "the row has more cells than the header",
                                              "الصف فيه خلايا أكثر من الترويسة", reader.line_num)
                rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in raw.items() if k}))
            return rows
    except UnicodeDecodeError:
        raise InvalidInput.single("file", f"{path.name} is not UTF-8 text", "الملف ليس نصاً بترميز UTF-8") from None


def import_person_list(ws: Workspace, account: Principal, *, path: Path) -> dict[str, int]:
    """Import a victim list as ``account`` (Forbidden unless its role may create records): one person record
    (versioned, audited) and one listing row per CSV row.

    Columns: ``source, external_id`` (required), at least one of ``full_name, given_name, family_name``,
    and optionally ``father_name, mother_name, sex, birth_date, birth_year, death_date, place``. Dates may
    be ISO, day-first or Hijri; an unreadable date is kept as written and left out of linkage.
    A (source, external_id) already imported is skipped. Raises InvalidInput naming each bad row and
    field (up to 50); nothing is written then.
    """
    ensure(account, Action.CREATE, what="(import a victim list)")
    ws = acting(ws, account)
    rows = read_person_list(path)
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        problems.extend(_check_row(number, row))
        key = (row.get("source", ""), row.get("external_id", ""))
        if key in seen and all(key):
            problems.append(Problem("external_id", f"appears twice in the file (line {seen[key]})", "مكرر في الملف",
                                    number))
        seen.setdefault(key, number)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InvalidInput(problems[:MAX_PROBLEMS])
    counts = {"imported": 0, "unchanged": 0}
    spec = KINDS["person"]
    with ws.transaction() as session:
        keys = list(seen)
        stored: set[tuple[str, str]] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            stored.update(
                (s, e) for s, e in session.execute(select(PersonListing.source, PersonListing.external_id).where(
                    tuple_(PersonListing.source, PersonListing.external_id).in_(chunk))))
        writer = Writer(session, ws.user)
        listings: list[dict[str, Any]] = []
        now = datetime.now(UTC)
        for _number, row in rows:
            if (row["source"], row["external_id"]) in stored:
                counts["unchanged"] += 1
                continue
            person = writer.insert(spec, _person_values(row), change="import")
            listings.append({
                **{c: (row.get(c) or None) for c in LIST_COLUMNS if c != "birth_year"},
                "source": row["source"], "external_id": row["external_id"], "person_id": person["id"],
                "birth_year": parse_year(row.get("birth_year")), "death_on": parse_date(row.get("death_date")).day,
                "imported_at": now, "imported_by": ws.user, "audit_seq": writer.versions[-1]["audit_seq"],
            })
            counts["imported"] += 1
            if len(writer.versions) >= 5000:
                writer.flush()
                session.execute(insert(PersonListing), listings)
                listings = []
        writer.flush()
        if listings:
            session.execute(insert(PersonListing), listings)
        writer.chain.append(actor=ws.user, action="import", kind="person",
                            details={"file": path.name, "kind": "person-list", **counts})
        writer.flush()
    return counts
