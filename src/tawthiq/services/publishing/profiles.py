"""Publication profiles: what may leave. Built-in ones ship as JSON files; admins and coordinators save their own.

A profile saved under a name gets the next version; earlier versions are kept and listed by
:func:`profile_history`. A saved profile with the name of a built-in one takes its place. Every key is checked
(docs/publishing.md lists them): an unknown key, a field that may never be published (a source's identity, say),
an unknown level, status, grade or violation type is refused with the key named, and nothing is saved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import func, select

from tawthiq.db.models import Concept
from tawthiq.db.publishing import PublicationProfile
from tawthiq.domain.errors import InvalidInput, NotFound, Problem
from tawthiq.domain.grading import Grade
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.domain.publication import DATE_LEVELS, PLACE_LEVELS, PUBLISHABLE, Profile
from tawthiq.services.records import access
from tawthiq.services.records.store import Writer
from tawthiq.services.workspace import Workspace

__all__ = ["ProfileVersion", "builtin_profiles", "delete_profile", "list_profiles", "load_profile", "parse_profile",
           "profile_data", "profile_history", "restore_profile", "save_profile", "show_profile"]

STATUS_LADDER = ("unverified", "corroborated", "verified")  # lowest first; disputed and false are apart
SOURCES = ("none", "pseudonyms")
EVIDENCE = ("none", "stripped", "blurred")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
KEYS = ("name", "version", "title_en", "title_ar", "min_status", "include_disputed", "fields", "sources",
        "victims_named", "place_level", "sensitive_types", "sensitive_place_level", "date_level", "evidence",
        "admitted_grades")


@dataclass(frozen=True)
class ProfileVersion:
    """One version of a profile as listed: where it comes from (built-in or saved), who saved it and when."""

    name: str
    version: int
    origin: str  # "built-in" or "saved"
    title_en: str
    title_ar: str
    saved_by: str | None = None
    saved_at: datetime | None = None
    deleted: str | None = None  # the reason, when this version deleted the saved profile (it can be restored)


def _choice(problems: list[Problem], key: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        problems.append(Problem(key, f"must be one of {', '.join(allowed)} (got {value!r})",
                                f"يجب أن يكون واحداً من {'، '.join(allowed)} (المُعطى {value!r})"))
        return allowed[0]
    return value


def _flag(problems: list[Problem], key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        problems.append(Problem(key, "must be true or false", "يجب أن يكون true أو false"))
        return False
    return value


def _names(problems: list[Problem], key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(key, "must be a list of names", "يجب أن يكون قائمة أسماء"))
        return []
    return list(value)


@cache
def _shipped_violation_types() -> frozenset[str]:
    text = resources.files("tawthiq.vocabularies").joinpath("violation-types.json").read_text(encoding="utf-8")
    return frozenset(str(c["slug"]) for c in json.loads(text)["concepts"])


def parse_profile(data: Any, *, version: int = 1, violation_types: frozenset[str] | None = None) -> Profile:
    """Check a profile's keys and make it. Raises InvalidInput naming every bad key (English and Arabic)."""
    if not isinstance(data, Mapping):
        raise InvalidInput.single("profile", "must be a JSON object of keys", "يجب أن يكون كائن JSON من المفاتيح")
    problems: list[Problem] = []
    for key in data:
        if key not in KEYS:
            problems.append(Problem(str(key), f"is not a profile key (keys: {', '.join(KEYS)})",
                                    "ليس مفتاحاً من مفاتيح ملف النشر"))
    name = data.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        problems.append(Problem("name", "must be 1 to 60 lower-case letters, digits or dashes",
                                "يجب أن يكون من 1 إلى 60 حرفاً لاتينياً صغيراً أو رقماً أو شرطة"))
        name = "?"
    titles = {}
    for key in ("title_en", "title_ar"):
        value = data.get(key, "")
        if not isinstance(value, str) or len(value) > 200:
            problems.append(Problem(key, "must be a text of at most 200 characters", "يجب أن يكون نصاً حتى 200 حرف"))
            value = ""
        titles[key] = value
    min_status = _choice(problems, "min_status", data.get("min_status", "corroborated"), STATUS_LADDER)
    include_disputed = _flag(problems, "include_disputed", data.get("include_disputed", False))
    fields = _fields(problems, data.get("fields"))
    sources = _choice(problems, "sources", data.get("sources", "none"), SOURCES)
    victims_named = _flag(problems, "victims_named", data.get("victims_named", False))
    if victims_named and "name" not in fields.get("victim", frozenset()):
        problems.append(Problem("victims_named", "needs \"name\" in fields.victim",
                                "يحتاج إلى \"name\" في fields.victim"))
    place_level = _choice(problems, "place_level", data.get("place_level", "exact"), PLACE_LEVELS)
    sensitive_place_level = _choice(problems, "sensitive_place_level", data.get("sensitive_place_level", "district"),
                                    PLACE_LEVELS)
    date_level = _choice(problems, "date_level", data.get("date_level", "day"), DATE_LEVELS)
    evidence = _choice(problems, "evidence", data.get("evidence", "none"), EVIDENCE)
    known = _shipped_violation_types() | (violation_types or frozenset())
    sensitive = _names(problems, "sensitive_types", data.get("sensitive_types", []))
    unknown = sorted(set(sensitive) - known)
    if unknown:
        problems.append(Problem("sensitive_types", f"unknown violation types: {', '.join(unknown)}",
                                f"أنواع انتهاكات غير معروفة: {'، '.join(unknown)}"))
    grades = _names(problems, "admitted_grades", data.get("admitted_grades", ["fair", "confirmed"]))
    wrong = sorted(set(grades) - {g.value for g in Grade})
    if wrong or not grades:
        problems.append(Problem("admitted_grades", f"must name grades among {', '.join(g.value for g in Grade)}"
                                + (f" (unknown: {', '.join(wrong)})" if wrong else ""),
                                f"يجب أن يسمّي درجات من {'، '.join(g.value for g in Grade)}"))
    if problems:
        raise InvalidInput(problems)
    return Profile(name=name, version=version, title_en=titles["title_en"], title_ar=titles["title_ar"],
                   min_status=min_status, include_disputed=include_disputed, fields=fields, sources=sources,
                   victims_named=victims_named, place_level=place_level, sensitive_types=frozenset(sensitive),
                   sensitive_place_level=sensitive_place_level, date_level=date_level, evidence=evidence,
                   admitted_grades=tuple(g.value for g in Grade if g.value in grades))


def _fields(problems: list[Problem], value: Any) -> dict[str, frozenset[str]]:
    """``fields``: per kind, the fields that may leave; a kind not listed publishes none of its fields."""
    if not isinstance(value, Mapping):
        problems.append(Problem("fields", f"must map kinds ({', '.join(PUBLISHABLE)}) to lists of fields",
                                f"يجب أن يربط الأنواع ({'، '.join(PUBLISHABLE)}) بقوائم حقول"))
        return {kind: frozenset() for kind in PUBLISHABLE}
    out = {}
    for kind, names in value.items():
        if kind not in PUBLISHABLE:
            problems.append(Problem(f"fields.{kind}", f"is not a kind that may be published "
                                    f"({', '.join(PUBLISHABLE)})", "ليس نوعاً يمكن نشره"))
            continue
        listed = _names(problems, f"fields.{kind}", names)
        for name in listed:
            if name not in PUBLISHABLE[kind]:
                problems.append(Problem(f"fields.{kind}", f"\"{name}\" may never be published "
                                        f"(publishable: {', '.join(sorted(PUBLISHABLE[kind]))})",
                                        f"\"{name}\" لا يجوز نشره أبداً"))
        out[kind] = frozenset(n for n in listed if n in PUBLISHABLE[kind])
    return {kind: out.get(kind, frozenset()) for kind in PUBLISHABLE}


def profile_data(profile: Profile) -> dict[str, Any]:
    """A profile as the JSON a file or a saved version holds (the keys :func:`parse_profile` reads)."""
    return {"name": profile.name, "version": profile.version, "title_en": profile.title_en,
            "title_ar": profile.title_ar, "min_status": profile.min_status,
            "include_disputed": profile.include_disputed,
            "fields": {kind: sorted(profile.fields.get(kind, ())) for kind in PUBLISHABLE},
            "sources": profile.sources, "victims_named": profile.victims_named, "place_level": profile.place_level,
            "sensitive_types": sorted(profile.sensitive_types), "sensitive_place_level": profile.sensitive_place_level,
            "date_level": profile.date_level, "evidence": profile.evidence,
            "admitted_grades": list(profile.admitted_grades)}


DELETED = "deleted"  # the key of a version row that deletes a saved profile: {"deleted": reason}
MAX_REASON = 2000


@cache
def builtin_profiles() -> dict[str, Profile]:
    """The profiles shipped with Tawthiq (``public``, ``minimal``), by name."""
    out = {}
    for entry in sorted(resources.files("tawthiq.services.publishing").joinpath("profiles").iterdir(),
                        key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            profile = parse_profile(data, version=int(data.get("version", 1)))
            out[profile.name] = profile
    return out


def load_profile(ws: Workspace, name: str) -> Profile:
    """The profile ``name``: its latest saved version, else the built-in one. Raises NotFound."""
    with ws.reading() as session:
        row = session.scalars(select(PublicationProfile).where(PublicationProfile.name == name)
                              .order_by(PublicationProfile.version.desc()).limit(1)).first()
        saved = (dict(row.data), row.version) if row is not None else None
    if saved is not None and DELETED not in saved[0]:
        return _from_row(ws, *saved)
    if name in builtin_profiles():
        return builtin_profiles()[name]
    raise NotFound("profile", name)


def _from_row(ws: Workspace, data: dict[str, Any], version: int) -> Profile:
    return parse_profile({k: v for k, v in data.items() if k != "version"}, version=version,
                         violation_types=_violation_types(ws))


def _violation_types(ws: Workspace) -> frozenset[str]:
    with ws.reading() as session:
        return frozenset(session.scalars(select(Concept.slug).where(Concept.vocabulary == "violation-types",
                                                                    Concept.deleted_at.is_(None))))


def save_profile(ws: Workspace, account: Principal, data: Any) -> Profile:
    """Save ``data`` as the next version of the profile it names (admins and coordinators); recorded in the audit
    log. Raises Forbidden, or InvalidInput naming each bad key; nothing is saved then."""
    ensure(account, Action.PUBLISH, what="publication profiles")
    parsed = parse_profile({k: v for k, v in data.items() if k != "version"} if isinstance(data, Mapping) else data,
                           violation_types=_violation_types(ws))
    builtin = builtin_profiles().get(parsed.name)
    with access.acting(ws, account).transaction() as session:
        latest = session.scalar(select(func.max(PublicationProfile.version))
                                .where(PublicationProfile.name == parsed.name))
        version = max(latest or 0, builtin.version if builtin else 0) + 1
        saved = replace(parsed, version=version)
        writer = Writer(session, account.username)
        seq = writer.chain.append(actor=account.username, action="profile-save", kind="profile",
                                  record_id=parsed.name, details={"version": version})
        writer.flush()
        session.add(PublicationProfile(name=parsed.name, version=version, data=profile_data(saved),
                                       saved_by=account.username, saved_at=datetime.now(UTC), audit_seq=seq))
    return saved


def list_profiles(ws: Workspace, account: Principal) -> list[ProfileVersion]:
    """Every profile by name, in its current version (a saved one over a built-in one of the same name).
    Admins and coordinators only (Forbidden)."""
    ensure(account, Action.PUBLISH, what="publication profiles")
    current = {name: ProfileVersion(name, p.version, "built-in", p.title_en, p.title_ar)
               for name, p in builtin_profiles().items()}
    for version in _saved(ws, None):
        current[version.name] = version  # ascending versions: the latest stays
    for name, version in list(current.items()):  # a deleted saved profile: the built-in one again, if any
        if version.deleted is not None and name in builtin_profiles():
            builtin = builtin_profiles()[name]
            current[name] = ProfileVersion(name, builtin.version, "built-in", builtin.title_en, builtin.title_ar)
    return [current[name] for name in sorted(current)]


def delete_profile(ws: Workspace, account: Principal, name: str, *, reason: str) -> ProfileVersion:
    """Delete the saved profile ``name`` (admins and coordinators), with a reason: a new version that says so, every
    earlier one kept; a built-in profile of that name applies again. Recorded in the audit log. Raises Forbidden,
    NotFound, InvalidInput (no reason; a built-in profile, which cannot be deleted; already deleted)."""
    ensure(account, Action.PUBLISH, what="publication profiles")
    text = _reason(reason)
    versions = _saved(ws, name)
    if not versions:
        if name in builtin_profiles():
            raise InvalidInput.single("name", "a built-in profile cannot be deleted (save a version of it instead)",
                                      "لا يُحذف ملف نشر مدمج (احفظ نسخة منه بدلاً من ذلك)")
        raise NotFound("profile", name)
    if versions[-1].deleted is not None:
        raise InvalidInput.single("name", "this profile is already deleted", "ملف النشر هذا محذوف أصلاً")
    return _append(ws, account, name, {DELETED: text}, "profile-delete", text)


def restore_profile(ws: Workspace, account: Principal, name: str, *, reason: str) -> ProfileVersion:
    """Undo the deletion of the saved profile ``name``: a new version with the keys of the last one before it.
    Recorded in the audit log. Raises Forbidden, NotFound, InvalidInput (no reason; not deleted)."""
    ensure(account, Action.PUBLISH, what="publication profiles")
    text = _reason(reason)
    with ws.reading() as session:
        rows = [(dict(r.data), r.version) for r in session.scalars(
            select(PublicationProfile).where(PublicationProfile.name == name).order_by(PublicationProfile.version))]
    if not rows:
        raise NotFound("profile", name)
    if DELETED not in rows[-1][0]:
        raise InvalidInput.single("name", "this profile is not deleted: nothing to restore",
                                  "ملف النشر هذا غير محذوف: لا شيء يُستعاد")
    kept = next(data for data, _ in reversed(rows) if DELETED not in data)
    return _append(ws, account, name, kept, "profile-restore", text)


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInput.single("reason", "deleting or restoring a profile needs a reason",
                                  "حذف ملف النشر أو استعادته يحتاج إلى سبب")
    if len(text) > MAX_REASON:
        raise InvalidInput.single("reason", f"is longer than {MAX_REASON} characters ({len(text)})",
                                  f"أطول من {MAX_REASON} حرفاً ({len(text)})")
    return text


def _append(ws: Workspace, account: Principal, name: str, data: dict[str, Any], action: str,
            reason: str) -> ProfileVersion:
    """A new version row of ``name`` holding ``data``, with its audit entry."""
    with access.acting(ws, account).transaction() as session:
        latest = session.scalar(select(func.max(PublicationProfile.version)).where(PublicationProfile.name == name))
        version = (latest or 0) + 1
        writer = Writer(session, account.username)
        seq = writer.chain.append(actor=account.username, action=action, kind="profile", record_id=name,
                                  details={"version": version, "reason": reason})
        writer.flush()
        session.add(PublicationProfile(name=name, version=version, data=data, saved_by=account.username,
                                       saved_at=datetime.now(UTC), audit_seq=seq))
    return _saved(ws, name)[-1]


def profile_history(ws: Workspace, account: Principal, name: str) -> list[ProfileVersion]:
    """Every version of the profile ``name``, oldest first (the built-in one first, if any). Raises Forbidden,
    NotFound."""
    ensure(account, Action.PUBLISH, what="publication profiles")
    builtin = builtin_profiles().get(name)
    out = [ProfileVersion(name, builtin.version, "built-in", builtin.title_en, builtin.title_ar)] if builtin else []
    out.extend(_saved(ws, name))
    if not out:
        raise NotFound("profile", name)
    return out


def show_profile(ws: Workspace, account: Principal, name: str, version: int | None = None) -> Profile:
    """The profile ``name`` (its current version, or ``version``). Raises Forbidden, NotFound."""
    ensure(account, Action.PUBLISH, what="publication profiles")
    if version is None:
        return load_profile(ws, name)
    with ws.reading() as session:
        row = session.scalars(select(PublicationProfile).where(PublicationProfile.name == name,
                                                               PublicationProfile.version == version)).first()
        saved = (dict(row.data), row.version) if row is not None else None
    if saved is not None and DELETED not in saved[0]:
        return _from_row(ws, *saved)
    builtin = builtin_profiles().get(name)
    if builtin is not None and builtin.version == version:
        return builtin
    raise NotFound("profile", f"{name} version {version}")


def _saved(ws: Workspace, name: str | None) -> list[ProfileVersion]:
    with ws.reading() as session:
        query = select(PublicationProfile).order_by(PublicationProfile.name, PublicationProfile.version)
        if name is not None:
            query = query.where(PublicationProfile.name == name)
        return [ProfileVersion(row.name, row.version, "saved", str(row.data.get("title_en", "")),
                               str(row.data.get("title_ar", "")), row.saved_by, row.saved_at,
                               str(row.data[DELETED]) if DELETED in row.data else None)
                for row in session.scalars(query)]
