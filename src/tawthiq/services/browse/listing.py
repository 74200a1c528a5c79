"""The list of one record kind (persons, actors, places, sources, reports) for one account: paged, searchable,
sorted sensibly, and within the account's clearance like every other read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, null, select

from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.policy import Principal, readable_levels
from tawthiq.services.browse.search import COUNT_CAP, SEARCHABLE, Filters, search
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.levels import readable_clause
from tawthiq.services.workspace import Workspace

LISTED = ("person", "actor", "place", "source", "report")
PAGE_SIZE = 50
MAX_PAGE = COUNT_CAP // PAGE_SIZE


@dataclass(frozen=True)
class Listed:
    id: str
    name: str  # a person's, actor's or place's name, a source's pseudonym, a report's title
    name_ar: str | None
    confidentiality: str


@dataclass
class RecordList:
    kind: str
    query: str
    page: int
    pages: int
    total: int  # every record listed (capped at COUNT_CAP when a query is searched)
    rows: list[Listed]
    searched: bool  # True: best matches first; False: by name (reports: the latest first)


def _name_column(model: Any, kind: str) -> Any:
    return getattr(model, {"source": "pseudonym", "report": "title"}.get(kind, "name"))


def list_records(ws: Workspace, account: Principal, *, kind: str, query: str = "", page: int = 1,
                 size: int = PAGE_SIZE, language: str = "en") -> RecordList:
    """One page of the live ``kind`` records the account may read. Without ``query``: persons, actors, places and
    sources by name (A to Z; in ``language`` "ar" by the Arabic name where there is one, as the page shows it),
    reports the latest received or published first. With ``query``: the records whose
    text matches it in either script (the search index; sources by a part of their pseudonym), best first.

    Raises NotFound for a kind that has no list, InvalidInput for a page outside 1…MAX_PAGE (naming ``page``).
    """
    if kind not in LISTED:
        raise NotFound("list", kind)
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput.single("page", f"must be between 1 and {MAX_PAGE}", f"يجب أن تكون بين 1 و{MAX_PAGE}")
    words = query.strip()
    if words and kind in SEARCHABLE:
        return _searched(ws, account, kind=kind, query=words, page=page, size=size)
    model: Any = KINDS[kind].model
    name = _name_column(model, kind)
    conditions = [model.deleted_at.is_(None), readable_clause(kind, readable_levels(account))]
    if words:  # sources are not in the search index (what they hold is protected): a part of the pseudonym
        escaped = words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(name).like(f"%{escaped}%", escape="\\"))
    order = ((func.coalesce(model.published_on, model.received_on).is_(None),
              func.coalesce(model.published_on, model.received_on).desc(), model.created_at.desc())
             if kind == "report" else (func.lower(_shown_name(model, name, language)), model.id))
    with ws.reading() as session:
        total = session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
        rows = session.execute(select(model.id, name, _arabic(model), model.confidentiality).where(*conditions)
                               .order_by(*order).offset((page - 1) * size).limit(size)).all()
    listed = [Listed(r[0], r[1], r[2], r[3]) for r in rows]
    return RecordList(kind, words, page, max(1, -(-total // size)), total, listed, searched=bool(words))


def _shown_name(model: Any, name: Any, language: str) -> Any:
    return func.coalesce(model.name_ar, name) if language == "ar" and hasattr(model, "name_ar") else name


def _arabic(model: Any) -> Any:
    return model.name_ar if hasattr(model, "name_ar") else null()  # sources and reports have one name


def _searched(ws: Workspace, account: Principal, *, kind: str, query: str, page: int, size: int) -> RecordList:
    found = search(ws, account, query=query, filters=Filters(kinds=[kind]), limit=size, offset=(page - 1) * size)
    model: Any = KINDS[kind].model
    ids = [hit.record_id for hit in found.hits]
    with ws.reading() as session:  # the names in both scripts, read again within the clearance
        named = {r[0]: r for r in session.execute(
            select(model.id, _name_column(model, kind), _arabic(model), model.confidentiality)
            .where(model.id.in_(ids), model.deleted_at.is_(None), readable_clause(kind, readable_levels(account))))}
    rows = [Listed(*named[i]) for i in ids if i in named]
    return RecordList(kind, query, page, max(1, -(-found.total // size)), found.total, rows, searched=True)
