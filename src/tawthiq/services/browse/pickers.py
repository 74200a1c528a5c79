"""Type-ahead choices for the forms: actors, persons and places whose name begins with (or contains) what was
typed, in either script and any common transliteration ("Deir ez-Zor", "Dayr az Zawr", "دير الزور" all match).

Names are compared by their matching key (:func:`tawthiq.text.match_key`): places by the keys the gazetteer
index already keeps (``place_names``), actors and persons by keys made here. The keys of a kind are kept in
memory until a record of that kind changes (its row count or latest change moves), so a keystroke costs a scan
of short strings, not a query per name.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from tawthiq.db.models import Actor, Person, Place
from tawthiq.db.search import PlaceName
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import may_read_level
from tawthiq.services.accounts.users import Account
from tawthiq.services.workspace import Workspace
from tawthiq.text import match_key

PICKABLE: dict[str, type[Actor] | type[Person] | type[Place]] = {"actor": Actor, "person": Person, "place": Place}
MAX_CHOICES = 20
# the article of a word still being typed ("دير الز"): whole words lose it in the key, a stub would keep it
PARTIAL_ARTICLE = re.compile(r"(?:^|(?<=\s))(?:ال|[aAeE]l-)(?=\S{1,2}$)")


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    label_ar: str
    detail: str  # what tells namesakes apart: a place's feature and country, an actor's slug, a person's role


@dataclass(frozen=True)
class _Entry:
    keys: tuple[str, ...]
    choice: Choice
    confidentiality: str


def _version(session: Any, model: Any) -> tuple[Any, ...]:
    return tuple(session.execute(select(func.count(), func.max(model.updated_at), func.max(model.created_at))).one())


class NameIndex:
    """The matching keys of every live actor, person and place, per kind, kept until that kind changes.
    One per application (``create_app`` makes it), shared by its threads."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[tuple[Any, ...], list[_Entry]]] = {}
        self._lock = threading.Lock()

    def entries(self, ws: Workspace, kind: str) -> list[_Entry]:
        model = PICKABLE[kind]
        with ws.reading() as session:
            version = _version(session, model)
            with self._lock:
                found = self._kept.get(kind)
            if found is not None and found[0] == version:
                return found[1]
            rows: list[Any] = list(session.scalars(select(model).where(model.deleted_at.is_(None))))
            names: dict[str, set[str]] = {}
            if kind == "place":
                for place_id, place_key in session.execute(select(PlaceName.place_id, PlaceName.key)):
                    names.setdefault(place_id, set()).add(place_key)
            entries = [_entry(kind, row, names.get(row.id, set())) for row in rows]
        with self._lock:
            self._kept[kind] = (version, entries)
        return entries


def _entry(kind: str, row: Any, keys: set[str]) -> _Entry:
    spellings = [row.name, row.name_ar or ""]
    if kind == "actor":
        spellings += [*row.aliases, row.slug or ""]
        detail = row.slug or ""
    elif kind == "person":
        spellings += row.other_names
        detail = row.role_title or ""
    else:
        spellings += row.alt_names
        detail = " · ".join(x for x in (row.feature, row.country_code) if x)
    keys |= {match_key(s) for s in spellings if s}
    keys.discard("")
    return _Entry(tuple(sorted(keys)), Choice(row.id, row.name, row.name_ar or row.name, detail), row.confidentiality)


def suggest(ws: Workspace, account: Account, *, kind: str, text: str, limit: int = 10,
            index: NameIndex | None = None) -> list[Choice]:
    """Up to ``limit`` records of ``kind`` (actor, person, place) the account may read whose name matches ``text``:
    names that begin with it first, then names that contain it, shorter names first.

    ``index`` keeps the names between calls (without one they are read afresh). Raises InvalidInput for another
    kind; an empty or letterless ``text`` gives no choices.
    """
    if kind not in PICKABLE:
        raise InvalidInput.single("kind", f"{kind!r} is not one of {', '.join(PICKABLE)}",
                                  f"\u200f{kind!r} ليس من الأنواع: {', '.join(PICKABLE)}")
    wanted = match_key(PARTIAL_ARTICLE.sub("", text.strip()))
    if not wanted:
        return []
    ranked: list[tuple[int, int, str, Choice]] = []
    for entry in (index or NameIndex()).entries(ws, kind):
        best = min((0 if k.startswith(wanted) else 1 for k in entry.keys if wanted in k), default=None)
        if best is not None and may_read_level(account, entry.confidentiality):
            ranked.append((best, len(entry.choice.label), entry.choice.label, entry.choice))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:min(limit, MAX_CHOICES)]]
