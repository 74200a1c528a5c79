"""Evidence in a publication: only derived copies, never an original.

A profile's ``evidence`` key says which copies may leave: ``stripped`` (metadata removed; a copy with faces
blurred is stripped too) or ``blurred`` (faces blurred). :func:`published_files` only finds copies already made;
an item without a fit copy is held back (``evidence-not-derived``, or ``faces-not-blurred`` when only a stripped
copy exists). :func:`prepare_files` makes the missing copies beforehand (services/evidence/copies.py), each linked
to its original in custody, and reports those it could not make.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tawthiq.db.models import CustodyEntry, EvidenceItem, EvidenceLink
from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.errors import TawthiqError
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.domain.publication import Profile, PublicFile, Withheld, WithheldEntry
from tawthiq.services.records.levels import readable_ids
from tawthiq.services.workspace import Workspace

__all__ = ["prepare_files", "published_files"]

PUBLIC = [Confidentiality.PUBLIC.value]
STRIPPED, BLURRED = "metadata-stripped", "faces-blurred"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/tiff": "tif"}
CHUNK = 500
ONE_PASS = 20_000  # ids past which the links are read in one pass rather than by chunks of ids
Hold = Callable[..., None]


def _in(column: Any, ids: Sequence[str]) -> Any:
    chunks = [list(ids[i:i + CHUNK]) for i in range(0, len(ids), CHUNK)] or [[]]
    return or_(*(column.in_(chunk) for chunk in chunks))


def published_files(session: Session, profile: Profile, event_ids: Sequence[str], event_of: dict[str, str],
                    hold: Hold) -> dict[str, tuple[PublicFile, ...]]:
    """For each published event, the fit derived copies of the public evidence attached to it or to its public
    acts (``event_of``: act id -> event id). What is held back is passed to ``hold``."""
    found: dict[str, Any] = {}  # one query per chunk: SQLite refuses a statement of 300,000 ids
    columns = (EvidenceLink.id, EvidenceLink.evidence_id, EvidenceLink.event_id, EvidenceLink.act_id)
    if len(event_ids) + len(event_of) > ONE_PASS:  # many: the live links read in one pass, filtered here
        events, acts = set(event_ids), set(event_of)
        found.update((link.id, link) for link in session.execute(select(*columns).where(
            EvidenceLink.deleted_at.is_(None))) if link.event_id in events or link.act_id in acts)
    else:
        for column, ids in ((EvidenceLink.event_id, list(event_ids)), (EvidenceLink.act_id, list(event_of))):
            for start in range(0, len(ids), CHUNK):
                found.update((link.id, link) for link in session.execute(select(*columns).where(
                    column.in_(ids[start:start + CHUNK]), EvidenceLink.deleted_at.is_(None))))
    links = list(found.values())
    wanted: dict[str, set[str]] = {}
    for link in links:
        event = link.event_id or event_of.get(str(link.act_id))
        if event:
            wanted.setdefault(link.evidence_id, set()).add(event)
    items = {i.id: i for i in session.scalars(select(EvidenceItem).where(
        _in(EvidenceItem.id, sorted(wanted)), EvidenceItem.deleted_at.is_(None)))} if wanted else {}
    public = readable_ids(session, "evidence", list(items), PUBLIC)
    originals = sorted(i.id for i in items.values() if i.parent_id is None)
    copies: dict[str, list[EvidenceItem]] = {}
    blurred: set[str] = set()  # bytes made by blurring (no face found may give the stripped copy's bytes)
    custody: dict[str, int] = {}
    if originals and profile.evidence != "none":
        for copy in session.scalars(select(EvidenceItem).where(_in(EvidenceItem.parent_id, originals),
                                                               EvidenceItem.deleted_at.is_(None))
                                    .order_by(EvidenceItem.created_at, EvidenceItem.id)):
            copies.setdefault(str(copy.parent_id), []).append(copy)
        for entry in session.scalars(select(CustodyEntry).where(_in(CustodyEntry.evidence_id, originals),
                                                                CustodyEntry.action == "derive")):
            if (entry.details or {}).get("derivation") == BLURRED and entry.details.get("copy_sha256"):
                blurred.add(str(entry.details["copy_sha256"]))
        custody = dict(session.execute(select(CustodyEntry.evidence_id, func.count()).where(
            _in(CustodyEntry.evidence_id, originals)).group_by(CustodyEntry.evidence_id)).all())
    fit_copies = readable_ids(session, "evidence", [c.id for cs in copies.values() for c in cs], PUBLIC)
    out: dict[str, dict[str, PublicFile]] = {}
    for item_id, events in sorted(wanted.items()):
        item = items.get(item_id)
        if item is None:
            continue
        for event in sorted(events):
            if item_id not in public:
                hold("evidence", item_id, Withheld.NOT_PUBLIC, event=event)
                continue
            if profile.evidence == "none":
                hold("evidence", item_id, Withheld.EVIDENCE_OFF, event=event)
                continue
            original = item if item.parent_id is None else items.get(str(item.parent_id))
            candidates = [item] if item.parent_id is not None else [c for c in copies.get(item_id, [])
                                                                     if c.id in fit_copies]
            chosen = _choose(profile.evidence, candidates, blurred)
            if chosen is None:
                stripped_only = profile.evidence == "blurred" and any(c.derivation == STRIPPED for c in candidates)
                hold("evidence", item_id, Withheld.FACES_NOT_BLURRED if stripped_only
                     else Withheld.EVIDENCE_NOT_DERIVED, event=event)
                continue
            listed = profile.fields.get("evidence", frozenset())
            source = original or item
            out.setdefault(event, {})[chosen.sha256] = PublicFile(
                sha256=chosen.sha256, media_type=chosen.media_type, extension=_extension(chosen),
                size=int(chosen.size), derivation=BLURRED if chosen.sha256 in blurred else str(chosen.derivation),
                description=source.description if "description" in listed else "",
                original_sha256=source.sha256 if "sha256" in listed and original is not None else None,
                custody_entries=int(custody.get(source.id, 0)))
    return {event: tuple(found[sha] for sha in sorted(found)) for event, found in out.items()}


def _choose(wanted: str, candidates: list[EvidenceItem], blurred: set[str]) -> EvidenceItem | None:
    def is_blurred(copy: EvidenceItem) -> bool:
        return copy.derivation == BLURRED or copy.sha256 in blurred

    if wanted == "blurred":
        return next((c for c in candidates if is_blurred(c)), None)
    return next((c for c in candidates if c.derivation == STRIPPED),
                next((c for c in candidates if is_blurred(c)), None))


def _extension(item: EvidenceItem) -> str:
    return EXTENSIONS.get(item.media_type) or PurePosixPath(item.original_name).suffix.lstrip(".").lower() or "bin"


def prepare_files(ws: Workspace, account: Principal, profile: str | Profile = "public") -> list[WithheldEntry]:
    """Make the derived copies ``profile`` needs and that are missing (metadata stripped, or faces blurred), as
    ``account`` (admins and coordinators), each linked to its original in custody. Returns what could not be
    made, with the reason (``evidence-not-derived``: not an image; ``faces-not-blurred``: no face detector).
    Raises Forbidden."""
    from tawthiq.media.faces import FaceDetectorMissing
    from tawthiq.services.evidence import copies
    from tawthiq.services.publishing.collect import collect

    ensure(account, Action.PUBLISH, what="publication files")
    found = collect(ws, account, profile=profile)
    if found.profile.evidence == "none":
        return []
    derive = copies.derive_blurred_copy if found.profile.evidence == "blurred" else copies.derive_stripped_copy
    missing = {(w.record_id, w.event_id) for w in found.withheld if w.kind == "evidence"
               and w.reason in (Withheld.EVIDENCE_NOT_DERIVED, Withheld.FACES_NOT_BLURRED)}
    failed: list[WithheldEntry] = []
    done: dict[str, Withheld | None] = {}
    for item_id, event in sorted(missing, key=lambda m: (m[0], m[1] or "")):
        if item_id not in done:
            try:
                derive(ws, account, ident=item_id)
                done[item_id] = None
            except TawthiqError:
                done[item_id] = Withheld.EVIDENCE_NOT_DERIVED
            except FaceDetectorMissing:  # no face detector installed: the image is held back, never published unblurred
                done[item_id] = Withheld.FACES_NOT_BLURRED
        reason = done[item_id]
        if reason is not None:
            failed.append(WithheldEntry("evidence", item_id, reason, event_id=event))
    return failed
