"""An event's public grade and casualty figures, as the acting account may see them; overrides by hand.

The rule is :mod:`tawthiq.domain.grading` (written out in docs/publishing.md). Everything it is computed from is
read within the account's clearance: the event and the events merged with it, their acts, perpetrators,
information and reports. A restricted source or report therefore changes neither the grade nor the figures a
viewer sees; the grade a user sees is the grade of what that user may see. An override set by an admin or a
coordinator (with a reason, in the audit log) is the grade everyone who may read the event sees, until it is
cleared; its reason is shown to the roles that may publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select, true
from sqlalchemy.orm import Session

from tawthiq.db.linkage import Merge, MergeMember
from tawthiq.db.models import Act, Actor, Event, Information, Involvement, Report, Source
from tawthiq.db.publishing import GradeOverride
from tawthiq.domain.enums import InformationRelation
from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.domain.grading import (
    CATEGORIES,
    DEFAULT_ADMITTED,
    GRADE_LABELS,
    PERPETRATOR_DEGREES,
    Account as Telling,
    Facts,
    Grade,
    figure_ranges,
    grade as compute,
    parse_grade,
)
from tawthiq.domain.policy import Action, allows, ensure, readable_levels
from tawthiq.services.accounts.users import Account
from tawthiq.services.linkage import review as linkreview
from tawthiq.services.records import access
from tawthiq.services.records.levels import readable_clause
from tawthiq.services.records.store import Writer
from tawthiq.services.workspace import Workspace

__all__ = ["GradeView", "Totals", "clear_override", "event_grade", "headline_totals", "override_grade"]

ACT_CATEGORIES = ("killed", "injured", "detained", "displaced")  # the act's own columns; "missing" comes from reports
MAX_REASON = 2000
CHUNK = 300  # merge groups graded per round of queries
# ids past which a table is read in one pass and filtered here, not by an IN list: SQLite takes 32,766 bound
# parameters at most, and scans a table by another index once per list (a publication grades 100,000 events at once)
ONE_PASS = 20_000


@dataclass
class OverrideView:
    grade: str
    reason: str | None  # None for roles that may not publish
    set_by: str | None
    set_at: datetime


@dataclass
class GradeView:
    """The grade a reader sees, why, what was computed, and the figures as min–max per category."""

    event: str
    grade: str
    label_ar: str
    reason: str
    reason_ar: str
    computed: str
    computed_reason: str
    computed_reason_ar: str
    override: OverrideView | None
    sources: int
    merged: list[str]
    figures: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Totals:
    """Headline figures: per category the sum of the lowest and of the highest figures of the admitted events
    (merged events counted once), and how many events of each grade there are."""

    admitted: list[str]
    events: int
    grades: dict[str, int]
    figures: dict[str, dict[str, int]]


def event_grade(ws: Workspace, account: Account, *, event: str,
                corroboration: linkreview.Corroboration | None = None,
                record: dict[str, Any] | None = None) -> GradeView:
    """The grade of ``event`` as ``account`` sees it. Raises NotFound (missing, or above the clearance).

    ``corroboration`` is the event's corroboration as ``account`` sees it, and ``record`` the event as
    ``access.read_record`` gave it to ``account``, when the caller has them already (the event page): they are then
    not worked out again (the corroboration's count is the grade's count of independent sources)."""
    if record is None or record["id"] != event:
        record = access.read_record(ws, account, kind="event", ident=event)
    if corroboration is None or corroboration.event != record["id"]:
        corroboration = linkreview.event_corroboration(ws, account, event=record["id"], record=record)
    group = [record["id"], *sorted(m.id for m in corroboration.merged)]
    with ws.reading() as session:
        return _views(session, account, [group], statuses={record["id"]: str(record["status"])},
                      counted={record["id"]: corroboration.sources})[record["id"]]


def override_grade(ws: Workspace, account: Account, *, event: str, grade: str, reason: str) -> GradeView:
    """Set the grade of ``event`` by hand (admins and coordinators), with a reason; recorded in the audit log.

    Raises NotFound, Forbidden (role), or InvalidInput (an unknown grade, no reason); nothing is written then.
    """
    record = access.read_record(ws, account, kind="event", ident=event)
    ensure(account, Action.PUBLISH, what=f"grade of event {event}")
    chosen = parse_grade(grade or "")
    problems = []
    if chosen is None:
        problems.append(Problem("grade", f"must be one of {', '.join(g.value for g in Grade)}",
                                f"يجب أن يكون واحداً من {'، '.join(g.value for g in Grade)}"))
    reason = _reason(reason, problems)
    if problems or chosen is None:
        raise InvalidInput(problems)
    with access.acting(ws, account).transaction() as session:
        writer = Writer(session, account.username)
        previous = _active(session, record["id"])
        seq = writer.chain.append(actor=account.username, action="grade-override", kind="event",
                                  record_id=record["id"],
                                  details={"grade": chosen.value, "reason": reason,
                                           "replaces": previous.grade if previous else None})
        writer.flush()
        now = datetime.now(UTC)
        if previous is not None:  # one active override per event: the new one replaces it, both kept
            previous.cleared_at, previous.cleared_by, previous.clear_reason, previous.clear_audit_seq = (
                now, account.username, f"replaced: {reason}", seq)
        session.add(GradeOverride(event_id=record["id"], grade=chosen.value, reason=reason, set_by=account.username,
                                  set_at=now, audit_seq=seq))
    return event_grade(ws, account, event=record["id"])


def clear_override(ws: Workspace, account: Account, *, event: str, reason: str) -> GradeView:
    """Remove the override of ``event`` (admins and coordinators), with a reason: the computed grade applies again.
    The override is kept, stamped as cleared; recorded in the audit log.

    Raises NotFound, Forbidden, or InvalidInput (no reason, or no override to clear); nothing is written then.
    """
    record = access.read_record(ws, account, kind="event", ident=event)
    ensure(account, Action.PUBLISH, what=f"grade of event {event}")
    problems: list[Problem] = []
    reason = _reason(reason, problems)
    if problems:
        raise InvalidInput(problems)
    with access.acting(ws, account).transaction() as session:
        active = _active(session, record["id"])
        if active is None:
            raise InvalidInput.single("grade", "this event's grade is not set by hand: nothing to clear",
                                      "درجة هذا الحدث غير محدَّدة يدوياً: لا شيء يُلغى")
        writer = Writer(session, account.username)
        seq = writer.chain.append(actor=account.username, action="grade-override-clear", kind="event",
                                  record_id=record["id"], details={"grade": active.grade, "reason": reason})
        writer.flush()
        active.cleared_at, active.cleared_by, active.clear_reason, active.clear_audit_seq = (
            datetime.now(UTC), account.username, reason, seq)
    return event_grade(ws, account, event=record["id"])


def headline_totals(ws: Workspace, account: Account, *, admitted: Sequence[str] = DEFAULT_ADMITTED) -> Totals:
    """Headline figures over the live events ``account`` may read, counting only the events whose grade (as the
    account sees it) is admitted (default: fair and confirmed). An event merged with others counts once, with the
    group's range. Raises InvalidInput (an unknown grade)."""
    grades = [parse_grade(g) for g in admitted]
    if any(g is None for g in grades) or not grades:
        raise InvalidInput.single("admitted", f"must name grades among {', '.join(g.value for g in Grade)}",
                                  f"يجب أن تسمّي درجات من {'، '.join(g.value for g in Grade)}")
    wanted = {g.value for g in grades if g is not None}
    allowed = readable_levels(account)
    with ws.reading() as session:
        ids = list(session.scalars(select(Event.id).where(Event.deleted_at.is_(None),
                                                          readable_clause("event", allowed))
                                   .order_by(Event.created_at, Event.id)))
    counts: dict[str, int] = {g.value: 0 for g in Grade}
    sums: dict[str, dict[str, int]] = {}
    events = 0
    with ws.reading() as session:
        for chunk in _chunks(_merge_groups(session, ids, allowed), CHUNK):
            for view in _views(session, account, chunk).values():
                counts[view.grade] += 1
                if view.grade not in wanted:
                    continue
                events += 1
                for category, figure in view.figures.items():
                    total = sums.setdefault(category, {"min": 0, "max": 0})
                    total["min"] += figure["min"]
                    total["max"] += figure["max"]
    return Totals(sorted(wanted), events, counts, {c: sums[c] for c in CATEGORIES if c in sums})


def _reason(reason: str | None, problems: list[Problem]) -> str:
    text = (reason or "").strip()
    if not text:
        problems.append(Problem("reason", "setting or clearing a grade by hand needs a reason",
                                "تحديد الدرجة يدوياً أو إلغاؤه يحتاج إلى سبب"))
    elif len(text) > MAX_REASON:
        problems.append(Problem("reason", f"is longer than {MAX_REASON} characters ({len(text)})",
                                f"أطول من {MAX_REASON} حرفاً ({len(text)})"))
    return text


def _active(session: Session, event_id: str) -> GradeOverride | None:
    return _overrides(session, [event_id]).get(event_id)


def _overrides(session: Session, event_ids: Sequence[str]) -> dict[str, GradeOverride]:
    """The active override of each of these events that has one (the latest not cleared)."""
    if len(event_ids) > ONE_PASS:
        wanted = set(event_ids)
        rows = [row for row in session.scalars(select(GradeOverride).where(GradeOverride.cleared_at.is_(None))
                                               .order_by(GradeOverride.id)) if row.event_id in wanted]
    else:
        rows = list(session.scalars(select(GradeOverride).where(GradeOverride.event_id.in_(event_ids),
                                                                GradeOverride.cleared_at.is_(None))
                                    .order_by(GradeOverride.id)))
    return {row.event_id: row for row in rows}


def _chunks(items: Sequence[list[str]], size: int) -> Iterable[list[list[str]]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _merge_groups(session: Session, event_ids: Sequence[str], allowed: Sequence[str]) -> list[list[str]]:
    """The live readable events as merge groups, each once: [first event, *the others the reader may read], the
    groups of the active event merges (what ``tawthiq link corroboration`` counts over)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[str, list[str]] = {}
    for merge_id, record_id in session.execute(
            select(MergeMember.merge_id, MergeMember.record_id).join(Merge, Merge.id == MergeMember.merge_id)
            .where(Merge.kind == "event", Merge.undone_at.is_(None))):
        members.setdefault(merge_id, []).append(record_id)
    for ids in members.values():
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    merged = [i for i in parent if i not in set(event_ids)]
    visible = set(event_ids) | {row for row in session.scalars(select(Event.id).where(
        Event.id.in_(merged), Event.confidentiality.in_(allowed)))} if merged else set(event_ids)
    components: dict[str, list[str]] = {}
    for ident in parent:
        if ident in visible:
            components.setdefault(find(ident), []).append(ident)
    groups, seen = [], set()
    for ident in event_ids:
        if ident in seen:
            continue
        others = sorted(o for o in components.get(find(ident), []) if o != ident) if ident in parent else []
        seen.update([ident, *others])
        groups.append([ident, *others])
    return groups


def _views(session: Session, account: Account, groups: Sequence[list[str]], *,
           statuses: dict[str, str] | None = None, counted: dict[str, int] | None = None) -> dict[str, GradeView]:
    """The grade view of each group's first event, computed from the group as ``account`` may see it. ``statuses``
    (each first event's status) and ``counted`` (each group's independent sources, as ``_independent_sources``
    counts them) are read here unless the caller has them already."""
    allowed = readable_levels(account)
    office = allows(account, Action.PUBLISH)
    firsts = [g[0] for g in groups]
    if statuses is None:
        statuses = {row.id: row.status for row in session.execute(select(Event.id, Event.status).where(
            Event.id.in_(firsts)))}
    tellings = _tellings(session, groups, allowed)
    if counted is None:
        counted = _independent_sources(session, groups, allowed)
    overrides = _overrides(session, firsts)
    out = {}
    for group in groups:
        accounts, contradicted = tellings[group[0]]
        sources = counted[group[0]]
        verdict = compute(Facts(str(statuses[group[0]]), sources, contradicted, accounts))
        figures = {c: {"min": r.min, "max": r.max, "accounts": r.accounts}
                   for c, r in figure_ranges(accounts).items()}
        grade_, reason, reason_ar = verdict.grade, verdict.reason, verdict.reason_ar
        shown: OverrideView | None = None
        active = overrides.get(group[0])
        if active is not None:
            shown = OverrideView(active.grade, active.reason if office else None, active.set_by if office else None,
                                 active.set_at)
            grade_ = Grade(active.grade)
            reason = f"set by hand: {active.reason}" if office else "set by hand by the editors"
            reason_ar = f"حُدِّد يدوياً: {active.reason}" if office else "حدّده المحرّرون يدوياً"
        out[group[0]] = GradeView(group[0], grade_.value, GRADE_LABELS[grade_][1], reason, reason_ar,
                                  verdict.grade.value, verdict.reason, verdict.reason_ar, shown, sources,
                                  list(group[1:]), figures)
    return out


def _independent_sources(session: Session, groups: Sequence[list[str]], allowed: Sequence[str]) -> dict[str, int]:
    """For each group (by its first event), the count of ``tawthiq link corroboration``
    (:func:`tawthiq.services.linkage.clusters.independent_sources`, the one count every page shows), taken for many
    groups in one round of queries: distinct readable live sources, else a readable report's readable source, else
    the readable report itself, over the readable information on the group's events."""
    group_of = {ident: group[0] for group in groups for ident in group}
    rows = _read(session, "counted-information", allowed, lambda levels, among: select(
        Information.event_id, Information.source_id, Information.report_id).where(
        among(Information.event_id, "grade_events"), Information.deleted_at.is_(None),
        readable_clause("information", levels)), {"grade_events": list(group_of)},
                 lambda row: row.event_id in group_of)
    report_ids = {str(r.report_id) for r in rows if r.report_id}
    reports = {r.id: r.source_id for r in _read(session, "counted-reports", allowed, lambda levels, among: select(
        Report.id, Report.source_id).where(among(Report.id, "grade_reports"), Report.deleted_at.is_(None),
                                           Report.confidentiality.in_(levels)),
        {"grade_reports": sorted(report_ids)}, lambda row: row.id in report_ids)} if report_ids else {}
    source_ids = {str(i) for i in [*(r.source_id for r in rows), *reports.values()] if i}
    sources = {r.id for r in _read(session, "counted-sources", allowed, lambda levels, among: select(Source.id).where(
        among(Source.id, "grade_sources"), Source.deleted_at.is_(None), Source.confidentiality.in_(levels)),
        {"grade_sources": sorted(source_ids)}, lambda row: row.id in source_ids)} if source_ids else set()
    keys: dict[str, set[str]] = {group[0]: set() for group in groups}
    for event_id, source_id, report_id in rows:
        first = group_of[str(event_id)]
        if source_id in sources:
            keys[first].add(str(source_id))
        elif report_id in reports:
            via = reports[report_id]
            keys[first].add(str(via) if via in sources else f"report:{report_id}")
    return {first: len(found) for first, found in keys.items()}


def _tellings(session: Session, groups: Sequence[list[str]], allowed: Sequence[str]
              ) -> dict[str, tuple[list[Telling], int]]:
    """For each group (by its first event), the accounts of the incident the reader may see: one per event of the
    group (its readable acts' figures and perpetrators) and one per readable report with reviewed figures; and how
    many readable sources or reports contradict it."""
    group_of = {ident: group[0] for group in groups for ident in group}
    ids = list(group_of)
    # the columns the figures need, not whole records (an event may have hundreds of acts)
    acts = _read(session, "acts", allowed, lambda levels, among: select(
        Act.id, Act.event_id, *(getattr(Act, c) for c in ACT_CATEGORIES)).where(
        among(Act.event_id, "grade_events"), Act.deleted_at.is_(None), readable_clause("act", levels)),
        {"grade_events": ids}, lambda row: row.event_id in group_of)
    act_ids = [a.id for a in acts]
    event_of = {a.id: a.event_id for a in acts}
    involved = _read(session, "involvements", allowed, lambda levels, among: select(
        Involvement.act_id, Involvement.actor_id, Involvement.degree_id).where(
        among(Involvement.act_id, "grade_acts"), Involvement.deleted_at.is_(None), Involvement.actor_id.is_not(None),
        readable_clause("involvement", levels)), {"grade_acts": act_ids},
        lambda row: row.act_id in event_of) if act_ids else []
    perpetrators = [(str(act), str(actor)) for act, actor, degree in involved
                    if str(degree).rpartition(":")[2] in PERPETRATOR_DEGREES]
    lines = _lines(session, [actor for _act, actor in perpetrators], allowed)
    acts_of: dict[str, list[tuple[Any, ...]]] = {}  # each act's figures, in the order of ACT_CATEGORIES
    for act in acts:
        acts_of.setdefault(act.event_id, []).append(tuple(act)[2:])
    named_by: dict[str, set[frozenset[str]]] = {}
    for act_id, actor in perpetrators:
        if actor in lines:
            named_by.setdefault(event_of[act_id], set()).add(lines[actor])
    out: dict[str, tuple[list[Telling], int]] = {}
    for group in groups:
        tellings = []
        for event_id in group:
            own = acts_of.get(event_id, [])
            figures = {c: sum(int(a[n]) for a in own if a[n] is not None)
                       for n, c in enumerate(ACT_CATEGORIES) if any(a[n] is not None for a in own)}
            tellings.append(Telling(f"event:{event_id}", figures, sorted(named_by.get(event_id, set()), key=sorted)))
        out[group[0]] = (tellings, 0)
    infos = _read(session, "information", allowed, lambda levels, among: select(
        Information.event_id, Information.act_id, Information.report_id, Information.source_id,
        Information.relation).where(
        among(Information.event_id, "grade_events") | among(Information.act_id, "grade_acts"),
        Information.deleted_at.is_(None), readable_clause("information", levels)),
        {"grade_events": ids, "grade_acts": act_ids}, lambda row: row.event_id in group_of or row.act_id in event_of)
    contradicting: dict[str, set[str]] = {}
    cited: dict[str, set[str]] = {}
    for subject_event, subject_act, report_id, source_id, relation in infos:
        first = (group_of[str(subject_event)] if subject_event in group_of
                 else group_of[event_of[str(subject_act)]])
        if relation == InformationRelation.CONTRADICTS.value:
            contradicting.setdefault(first, set()).add(str(report_id or source_id))
        elif report_id:
            cited.setdefault(str(report_id), set()).add(first)
    if cited:
        for report in _read(session, "reports", allowed, lambda levels, among: select(
                Report.id, Report.suggestions).where(among(Report.id, "grade_reports"), Report.deleted_at.is_(None),
                                                     readable_clause("report", levels)),
                            {"grade_reports": list(cited)}, lambda row: row.id in cited):
            figures = _report_figures(report.suggestions or {})
            for first in sorted(cited[report.id]) if figures else []:
                out[first][0].append(Telling(f"report:{report.id}", figures))
    for first, keys in contradicting.items():
        out[first] = (out[first][0], len(keys))
    return out


def _report_figures(suggestions: dict[str, Any]) -> dict[str, int]:
    """A report's reviewed figures per category: its accepted counts that are totals (a breakdown, "among them five
    children", has ``part_of`` and is never one), added up within a category only."""
    out: dict[str, int] = {}
    for item in suggestions.get("counts", []) or []:
        if not isinstance(item, dict) or item.get("status") != "accepted" or "part_of" in item:
            continue
        kind, value = item.get("kind"), item.get("value")
        if kind in CATEGORIES and isinstance(value, int) and value >= 0:
            out[str(kind)] = out.get(str(kind), 0) + value
    return out


def _lines(session: Session, actors: Iterable[str], allowed: Sequence[str]) -> dict[str, frozenset[str]]:
    """Each readable actor with its readable ancestors (a unit, its division, its army)."""
    wanted = set(actors)
    parents: dict[str, str | None] = {}
    found = _readable_parents(session, wanted, allowed)  # each readable actor with its parent, in one query
    readable = set(found)
    while found:
        parents.update(found)
        upward = {str(parent) for parent in found.values() if parent} - set(parents)
        found = _readable_parents(session, upward, allowed)
    out = {}
    for actor in readable:
        line, current, guard = {actor}, parents.get(actor), 0
        while current and current in parents and current not in line and guard < 50:
            line.add(current)
            current, guard = parents.get(current), guard + 1
        out[actor] = frozenset(line)
    return out


def _readable_parents(session: Session, ids: Iterable[str], allowed: Sequence[str]) -> dict[str, str | None]:
    """Which of these actors (live or deleted) have an effective level within ``allowed``, each with its parent."""
    wanted = sorted({i for i in ids if i})
    found: dict[str, str | None] = {}
    query = _statement("actors", allowed, lambda levels: select(Actor.id, Actor.parent_id).where(
        Actor.id.in_(_ids("grade_actors")), readable_clause("actor", levels)))
    for start in range(0, len(wanted), 500):
        found.update((row.id, row.parent_id) for row in session.execute(query,
                                                                        {"grade_actors": wanted[start:start + 500]}))
    return found


# The statements the grade reads with, by name and readable levels: each built once, its lists bound at each read (a
# clearance below the highest makes each readable condition a tree of EXISTS that takes milliseconds to build).
_STATEMENTS: dict[tuple[str, tuple[str, ...]], Any] = {}


def _statement(name: str, allowed: Sequence[str], build: Callable[[list[str]], Any]) -> Any:
    key = (name, tuple(allowed))
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = build(list(allowed))
    return found


Among = Callable[[Any, str], Any]  # (column, name of a bound list of ids) -> the condition that column is in it


def _ids(name: str) -> Any:
    """A bound list of ids (``IN``), given at each read."""
    return bindparam(name, expanding=True)


def _read(session: Session, name: str, allowed: Sequence[str], build: Callable[[list[str], Among], Any],
          lists: dict[str, list[str]], keep: Callable[[Any], bool]) -> list[Any]:
    """The rows of ``build(levels, among)``, where ``among(column, name)`` is the condition that ``column`` is one of
    the ids ``lists[name]``. Long lists are not bound: the table is read in one pass and the rows ``keep`` accepts
    are kept (the same rows)."""
    if sum(len(ids) for ids in lists.values()) > ONE_PASS:
        return [row for row in session.execute(_statement(f"{name}:all", allowed, lambda levels: build(
            levels, lambda _column, _name: true()))) if keep(row)]
    return list(session.execute(_statement(name, allowed, lambda levels: build(
        levels, lambda column, key: column.in_(_ids(key)))), lists))
