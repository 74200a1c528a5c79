"""Type-ahead choices for the forms: actors, persons and places whose name matches what was typed, in either script
and any common transliteration ("Deir ez-Zor", "Dayr az Zawr", "دير الزور" all match).

Names are compared twice: by spelling (normalised, article and area words aside: "Douma" is spelled as "Dūmā") and
by matching key (:func:`tawthiq.text.match_key`, a consonant skeleton: "Dayr az Zawr" meets "Deir ez-Zor", and so
does the unrelated "Dim"). A choice spelled as typed comes before one that only shares the skeleton.

Places are ranked further, because one name is often many places: Syria and the region (the packaged countries)
before places abroad; then places within the areas the record already names (``near``: the more areas shared, the
better); then Syria before its neighbours, as the resolver weighs them (COUNTRY_PRIOR); then the bigger kind of place
(the resolver's feature weights: a city before a town before a village). The gazetteer keeps no population: its
feature stands for it (the packaged data types places as city, town or village by population, and adding a column
would leave every stored place different from its recorded versions).

The names of a kind are kept in memory until a record of that kind changes (its row count or latest change moves),
so a keystroke costs a scan of short strings, not a query per name.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from tawthiq.db.models import Actor, Person, Place
from tawthiq.db.search import PlaceName
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Principal, may_read_level
from tawthiq.geo import DEFAULT_COUNTRIES
from tawthiq.geo.matching import COUNTRY_PRIOR, FEATURE_WEIGHT
from tawthiq.geo.resolver import spelling
from tawthiq.search.tokens import without_area_words
from tawthiq.services.workspace import Workspace
from tawthiq.text import match_key

PICKABLE: dict[str, type[Actor] | type[Person] | type[Place]] = {"actor": Actor, "person": Person, "place": Place}
MAX_CHOICES = 20
# the article of a word still being typed ("دير الز"): whole words lose it in the key, a stub would keep it
PARTIAL_ARTICLE = re.compile(r"(?:^|(?<=\s))(?:ال|[aAeE]l-)(?=\S{1,2}$)")
SAME_SPELLING, SPELLING_BEGINS, SAME_KEY, KEY_BEGINS, KEY_CONTAINS = range(5)
TRAIL = " · "


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    label_ar: str
    detail: str  # what tells namesakes apart: a place's enclosing areas, an actor's slug, a person's role
    detail_ar: str = ""


@dataclass(frozen=True)
class _Entry:
    keys: tuple[str, ...]
    choice: Choice
    confidentiality: str
    spellings: frozenset[str] = frozenset()
    # every spelling and every key after a line break: one substring test rejects most records at a keystroke
    joined_spellings: str = ""
    joined_keys: str = ""
    # places only
    parent_id: str | None = None
    country: str | None = None
    weight: float = 0.0
    trail_name: str = ""  # how it is named in the trail of the places within it ("Rif Dimashq")
    trail_name_ar: str = ""


@dataclass
class _Kept:
    version: tuple[Any, ...]
    entries: list[_Entry]
    by_id: dict[str, _Entry]


def _version(session: Any, model: Any) -> tuple[Any, ...]:
    return tuple(session.execute(select(func.count(), func.max(model.updated_at), func.max(model.created_at))).one())


class NameIndex:
    """The matching keys of every live actor, person and place, per kind, kept until that kind changes.
    One per application (``create_app`` makes it), shared by its threads."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}
        self._lock = threading.Lock()

    def entries(self, ws: Workspace, kind: str) -> list[_Entry]:
        return self._load(ws, kind).entries

    def _load(self, ws: Workspace, kind: str) -> _Kept:
        model = PICKABLE[kind]
        with ws.reading() as session:
            version = _version(session, model)
            with self._lock:
                found = self._kept.get(kind)
            if found is not None and found.version == version:
                return found
            rows: list[Any] = list(session.scalars(select(model).where(model.deleted_at.is_(None))))
            names: dict[str, set[str]] = {}
            if kind == "place":
                for place_id, place_key in session.execute(select(PlaceName.place_id, PlaceName.key)):
                    names.setdefault(place_id, set()).add(place_key)
            entries = [_entry(kind, row, names.get(row.id, set())) for row in rows]
        kept = _Kept(version, entries, {e.choice.id: e for e in entries})
        with self._lock:
            self._kept[kind] = kept
        return kept


def _entry(kind: str, row: Any, keys: set[str]) -> _Entry:
    spellings = [row.name, row.name_ar or ""]
    extra: dict[str, Any] = {}
    if kind == "actor":
        spellings += [*row.aliases, row.slug or ""]
        detail = row.slug or ""
    elif kind == "person":
        spellings += row.other_names
        detail = row.role_title or ""
    else:
        spellings += row.alt_names
        detail = ""  # the enclosing areas, named as the reader may see them, when asked
        extra = {"parent_id": row.parent_id, "country": row.country_code,
                 "weight": FEATURE_WEIGHT.get(row.feature, 0.8),
                 "trail_name": without_area_words(row.name) or row.name,
                 "trail_name_ar": without_area_words(row.name_ar or "") or row.name_ar or row.name}
    keys |= {match_key(s) for s in spellings if s}
    keys.discard("")
    spelled = frozenset(spelling(s) for s in spellings if s) - {""}
    ordered = tuple(sorted(keys))
    return _Entry(ordered, Choice(row.id, row.name, row.name_ar or row.name, detail, detail), row.confidentiality,
                  spelled, "".join(f"\n{s}" for s in sorted(spelled)), "".join(f"\n{k}" for k in ordered), **extra)


def _level(entry: _Entry, typed: str, wanted: str) -> int | None:
    """How well a record's names match: the same spelling, a spelling that begins with what was typed, the same
    key, a key that begins with it, a key that contains it; None for no match."""
    if typed and f"\n{typed}" in entry.joined_spellings:
        return SAME_SPELLING if typed in entry.spellings else SPELLING_BEGINS
    if wanted not in entry.joined_keys:
        return None
    best = None
    for key in entry.keys:
        if key == wanted:
            return SAME_KEY
        if wanted in key:
            level = KEY_BEGINS if key.startswith(wanted) else KEY_CONTAINS
            best = level if best is None else min(best, level)
    return best


def _abroad(country: str | None) -> bool:
    """Outside Syria and the region. A place with no country anywhere above it is a team's own: not abroad."""
    return country is not None and country not in DEFAULT_COUNTRIES


def _prior(country: str | None) -> float:
    """Syria before Iraq before the other neighbours, as the resolver weighs them (a team's own place as Syria)."""
    return 1.0 - COUNTRY_PRIOR.get(country or "SY", 0.0)


class _Places:
    """The places of one index as one reader sees them: ancestors within the clearance only."""

    def __init__(self, kept: _Kept, account: Principal) -> None:
        self.kept = kept
        self.account = account

    def readable(self, ident: str | None) -> _Entry | None:
        entry = self.kept.by_id.get(ident or "")
        return entry if entry is not None and may_read_level(self.account, entry.confidentiality) else None

    def ancestors(self, entry: _Entry) -> list[_Entry]:
        out: list[_Entry] = []
        seen = {entry.choice.id}
        current = entry.parent_id
        while current and current not in seen:
            seen.add(current)
            parent = self.kept.by_id.get(current)
            if parent is None:
                break  # deleted: what lies above it is not shown through it
            if may_read_level(self.account, parent.confidentiality):
                out.append(parent)
            current = parent.parent_id
        return out

    def country(self, entry: _Entry) -> str | None:
        return entry.country or next((a.country for a in self.ancestors(entry) if a.country), None)

    def labelled(self, entry: _Entry) -> Choice:
        above = self.ancestors(entry)
        return Choice(entry.choice.id, entry.choice.label, entry.choice.label_ar,
                      TRAIL.join(a.trail_name for a in above), TRAIL.join(a.trail_name_ar for a in above))


def suggest(ws: Workspace, account: Principal, *, kind: str, text: str, limit: int = 10,
            index: NameIndex | None = None, near: Sequence[str] = ()) -> list[Choice]:
    """Up to ``limit`` records of ``kind`` (actor, person, place) the account may read whose name matches ``text``,
    best first (see the module's note). A place's ``detail`` names the areas it lies in ("Rif Dimashq · Syria"),
    those the account may read only; ``near`` (place ids already on the record) favours the places within their
    areas, and a place the account may not read counts as none.

    ``index`` keeps the names between calls (without one they are read afresh). Raises InvalidInput for another
    kind; an empty or letterless ``text`` gives no choices.
    """
    if kind not in PICKABLE:
        raise InvalidInput.single("kind", f"{kind!r} is not one of {', '.join(PICKABLE)}",
                                  f"\u200f{kind!r} ليس من الأنواع: {', '.join(PICKABLE)}")
    wanted = match_key(PARTIAL_ARTICLE.sub("", text.strip()))
    if not wanted:
        return []
    typed = spelling(text.strip())
    kept = (index or NameIndex())._load(ws, kind)
    places = _Places(kept, account) if kind == "place" else None
    areas: set[str] = set()
    for ident in near if places else ():
        if places and (found := places.readable(ident)) is not None:
            areas |= {found.choice.id} | {a.choice.id for a in places.ancestors(found)}
    ranked: list[tuple[Any, ...]] = []
    for entry in kept.entries:
        level = _level(entry, typed, wanted)
        if level is None or not may_read_level(account, entry.confidentiality):
            continue
        if places is None:
            ranked.append((level, len(entry.choice.label), entry.choice.label, entry))
            continue
        above = places.ancestors(entry)
        shared = sum(1 for a in above if a.choice.id in areas)
        # spelled as typed first; a shared skeleton alone ("Dim" for "Douma") says little: where it lies counts more
        group, country = min(level, SAME_KEY), places.country(entry)
        ranked.append((group, _abroad(country), -shared, _prior(country), level, -entry.weight,
                       len(entry.choice.label), entry.choice.label, entry))
    ranked.sort(key=lambda r: r[:-1])
    best: list[_Entry] = [r[-1] for r in ranked[:min(limit, MAX_CHOICES)]]
    return [places.labelled(e) for e in best] if places else [e.choice for e in best]


def place_label(ws: Workspace, account: Principal, *, ident: str, language: str = "en",
                index: NameIndex | None = None) -> str:
    """A place as a picker shows it once chosen: its name and the areas it lies in ("Dūmā · Rif Dimashq · Syria"),
    in ``language``; "" for a place the account may not read or that does not exist."""
    places = _Places((index or NameIndex())._load(ws, "place"), account)
    entry = places.readable(ident)
    if entry is None:
        return ""
    choice = places.labelled(entry)
    name, trail = (choice.label_ar, choice.detail_ar) if language == "ar" else (choice.label, choice.detail)
    return TRAIL.join(x for x in (name, trail) if x)
