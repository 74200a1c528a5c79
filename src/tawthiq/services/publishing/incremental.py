"""Collecting again only what changed since the last publication of a profile.

:func:`collect_changed` gives the same :class:`PublicSet` as :func:`collect.collect` (the tests compare them), but
reads again only the events that changed. What a run collected is kept in the data directory (``publish-memo/``,
0600 in the 0700 directory: it holds the withheld log's record ids), with the audit sequence number and hash it was
read at. The next run reads the audit log past that number — every write goes through it — and decides:

- nothing written since: the memo is the set;
- only events, acts, involvements and victims written (or an event's grade set by hand): those events are collected
  again, each with every event it was ever tied to (the events named by every version of a changed act, the acts
  named by every version of a changed victim or involvement) and the events merged with them, and spliced in;
- anything else written (a place, an actor, a source, a report, a vocabulary term, evidence, a merge, an import…),
  a write the rules here do not know, another chain (a restored or another database), another profile version or
  another version of this code, or many events changed: everything is collected again.

Writes that cannot change what is published are passed over (accounts, keys, exports, backups, publications).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.linkage import Merge, MergeMember
from tawthiq.db.models import AuditEntry, AuditHead, RecordVersion
from tawthiq.domain.canonical import canonical_hash
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.domain.publication import Profile, PublicEvent, PublicSet, VocabularyTerm, WithheldEntry, event_digest
from tawthiq.services.filemodes import DIR_MODE, FILE_MODE
from tawthiq.services.publishing.collect import Gathered, assemble, gather, owner, with_files
from tawthiq.services.publishing.profiles import load_profile, profile_data
from tawthiq.services.workspace import Workspace

__all__ = ["Collected", "collect_changed"]

FORMAT = "tawthiq-publish-memo/1"
MEMO = "publish-memo"  # the folder in the data directory
LOCAL = frozenset({"event", "act", "involvement", "victim"})  # what belongs to one event only
RECORD_CHANGES = frozenset({"create", "update", "delete", "restore", "review", "sync", "import", "place-merge"})
EVENT_ACTIONS = frozenset({"grade-override", "grade-override-clear"})
# writes that change nothing a publication reads (a new profile version changes the memo's key)
UNRELATED = frozenset({
    "backup", "clean", "export", "instance-trust", "key-create", "key-rewrap", "package", "password-change",
    "password-reset", "profile-save", "publish", "reveal", "search-export", "sessions-revoke", "token-create",
    "totp-enrol", "user-create", "user-enable", "user-locked", "user-role",
})
MAX_ENTRIES = 20_000  # audit entries past which collecting everything is simpler
MAX_SHARE = 0.25  # share of the set's events past which collecting everything is as quick
ALWAYS = 1000  # events that are always read again on their own, whatever their share


@dataclass(frozen=True)
class Collected:
    """The set, and how it was made: ``full`` (everything read), ``incremental`` (``changed`` events read again and
    spliced into the last run's set) or ``unchanged`` (nothing written since the last run that a publication
    reads)."""

    pset: PublicSet
    mode: str
    changed: int
    # with ``defer_save``: writes the memo for the next run, with what the publication's writers keep for it
    save: Callable[[Mapping[str, Any] | None], None] = field(default=lambda _kept: None)
    digests: Mapping[str, str] = field(default_factory=dict)  # each published event's ``event_digest``
    kept: Mapping[str, Any] = field(default_factory=dict)  # what the last run's writers kept (opaque here)


@dataclass(frozen=True)
class _Memo:
    key: str
    seq: int
    head: str  # the audit hash at ``seq``: another chain (a restored or another database) is never taken for this one
    events: list[PublicEvent]
    withheld: list[WithheldEntry]
    vocabularies: Mapping[str, Sequence[VocabularyTerm]]
    order: dict[str, tuple[date, datetime, str]]
    stamps: dict[str, datetime]
    digests: dict[str, str]  # each published event's event_digest: only a changed event's is taken again
    kept: Mapping[str, Any] = field(default_factory=dict)  # what the writers of that run kept for the next


def collect_changed(ws: Workspace, account: Principal, *, profile: str | Profile = "public",
                    defer_save: bool = False) -> Collected:
    """What ``profile`` lets leave, as :func:`collect.collect` gives it, reading again only what changed since the
    last call for this profile (see the module's text). With ``defer_save`` the memo is written when the caller
    calls ``Collected.save`` (once the set is published; in another process if it likes), else before returning.
    Raises Forbidden (role), NotFound (an unknown profile)."""
    ensure(account, Action.PUBLISH, what="publication")
    chosen = profile if isinstance(profile, Profile) else load_profile(ws, profile)
    collecting = gc.isenabled()
    gc.disable()  # the memo's million objects: the collector's passes over them would take most of the time
    try:
        return _collect(ws, chosen, defer_save)
    finally:
        if collecting:
            gc.enable()


def _collect(ws: Workspace, chosen: Profile, defer_save: bool) -> Collected:
    key = _key(chosen)
    path = _path(ws, chosen.name)
    memo = _load(path, key)
    with ws.reading() as session:
        seq, head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one_or_none() \
            or (0, "")
        affected = _affected(session, memo, seq) if memo is not None else None
        if memo is not None and affected is not None and not affected:
            if memo.seq == seq:
                def again(kept: Mapping[str, Any] | None = None, memo: _Memo = memo) -> None:
                    if kept is not None and kept != memo.kept:  # the same set, written elsewhere
                        _write(path, replace(memo, kept=kept))
                return Collected(with_files(ws, _set(chosen, memo)), "unchanged", 0, again, memo.digests, memo.kept)
            mode, fresh = "unchanged", memo  # only unrelated writes: the same set, known at a later number
        elif memo is not None and affected is not None and len(affected) <= max(ALWAYS, MAX_SHARE * len(memo.order)):
            part = gather(session, chosen, sorted(affected))
            mode, fresh = "incremental", _splice(memo, part, affected)
        else:
            whole = gather(session, chosen)
            affected, mode = set(whole.order), "full"
            fresh = _Memo(key, seq, head, whole.pset.events, whole.pset.withheld, whole.pset.vocabularies,
                          whole.order, whole.stamps, {e.id: event_digest(e) for e in whole.pset.events})
    fresh = replace(fresh, key=key, seq=seq, head=head)
    kept = memo.kept if memo is not None else {}

    def save(kept: Mapping[str, Any] | None = None) -> None:
        _write(path, replace(fresh, kept=kept or {}))

    done = Collected(with_files(ws, _set(chosen, fresh)), mode, len(affected), save, fresh.digests, kept)
    if not defer_save:
        done.save(None)
    return done


def _set(profile: Profile, memo: _Memo) -> PublicSet:
    return assemble(profile, memo.events, memo.withheld, memo.vocabularies, memo.stamps)


def _splice(memo: _Memo, part: Gathered, affected: set[str]) -> _Memo:
    """The memo with the events of ``affected`` taken out and what ``part`` read of them put in, in order."""
    order = {e: at for e, at in memo.order.items() if e not in affected} | part.order
    stamps = {e: at for e, at in memo.stamps.items() if e not in affected} | part.stamps
    events = sorted([*(e for e in memo.events if e.id not in affected), *part.pset.events], key=lambda e: order[e.id])
    withheld = [*(w for w in memo.withheld if owner(w) not in affected), *part.pset.withheld]
    digests = {e: d for e, d in memo.digests.items() if e not in affected} | {
        e.id: event_digest(e) for e in part.pset.events}
    return replace(memo, events=events, withheld=withheld, vocabularies=part.pset.vocabularies, order=order,
                   stamps=stamps, digests=digests)


def _affected(session: Session, memo: _Memo, seq: int) -> set[str] | None:
    """The events to collect again since ``memo`` was read, or None when everything must be."""
    if seq < memo.seq or session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == memo.seq)) != memo.head:
        return None
    if seq - memo.seq > MAX_ENTRIES:
        return None
    written: dict[str, set[str]] = {kind: set() for kind in LOCAL}
    for action, kind, record_id in session.execute(select(AuditEntry.action, AuditEntry.kind, AuditEntry.record_id)
                                                   .where(AuditEntry.seq > memo.seq)):
        if action in UNRELATED:
            continue
        if not record_id or kind not in LOCAL or not (
                action in RECORD_CHANGES or (kind == "event" and action in EVENT_ACTIONS)):
            return None
        written[kind].add(record_id)
    acts = written["act"] | _named(session, "victim", written["victim"], "act_id") \
        | _named(session, "involvement", written["involvement"], "act_id")
    events = written["event"] | _named(session, "act", acts, "event_id")
    return _with_merged(session, events)


def _named(session: Session, kind: str, ids: set[str], column: str) -> set[str]:
    """The ids every version of these records named in ``column`` (a record moved to another act or event leaves
    the one it left changed too)."""
    out: set[str] = set()
    for chunk in _chunks(sorted(ids)):
        for (data,) in session.execute(select(RecordVersion.data).where(RecordVersion.kind == kind,
                                                                        RecordVersion.record_id.in_(chunk))):
            value = json.loads(data).get(column)
            if value:
                out.add(str(value))
    return out


def _with_merged(session: Session, events: set[str]) -> set[str]:
    """``events`` and every event merged with one of them (a grade and its figures are the merge group's)."""
    if not events:
        return events
    groups: dict[str, set[str]] = {}
    for merge_id, record_id in session.execute(
            select(MergeMember.merge_id, MergeMember.record_id).join(Merge, Merge.id == MergeMember.merge_id)
            .where(Merge.kind == "event", Merge.undone_at.is_(None))):
        groups.setdefault(merge_id, set()).add(record_id)
    out, grown = set(events), True
    while grown:
        grown = False
        for members in groups.values():
            if members & out and not members <= out:
                out |= members
                grown = True
    return out


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _key(profile: Profile) -> str:
    """What a memo is valid for: this profile's content and this version of the code that collects."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for source in sorted([*here.glob("*.py"), here.parent.parent / "domain" / "publication.py",
                          here.parent.parent / "domain" / "grading.py"]):
        digest.update(source.read_bytes())
    try:
        version = metadata.version("tawthiq")
    except metadata.PackageNotFoundError:
        version = ""
    return canonical_hash({"format": FORMAT, "profile": profile_data(profile), "code": digest.hexdigest(),
                           "version": version})


def _path(ws: Workspace, name: str) -> Path:
    return ws.settings.data_dir / MEMO / f"{hashlib.sha256(name.encode('utf-8')).hexdigest()[:24]}.pickle"


def _load(path: Path, key: str) -> _Memo | None:
    """The memo of the last run, if it is there, whole, and made for ``key``; else None (everything is read)."""
    found = _read(path)
    if not isinstance(found, _Memo) or found.key != key:
        return None
    return found


def _read(path: Path) -> Any:
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)  # noqa: S301 - our own file, in the owner-only data directory
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _write(path: Path, value: Any) -> None:
    """Write ``value`` whole (a temporary file renamed over it), owner-only."""
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
