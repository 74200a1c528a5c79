"""Open data: CSV and JSON of the published incidents, acts and (when the profile names or describes them) victims,
a Frictionless Data Package that describes them (field types, vocabularies with English and Arabic labels), and an
ACLED-compatible incidents file. Made from a :class:`PublicSet` and nothing else.

``write_data(pset, out)`` writes into ``out``, the site's ``data/`` folder (an incident's page is then at
``../en/incidents/ID.html`` from a file there). Sources are never exported. Rows are ordered by id and nothing
depends on the clock, so the same set gives the same bytes; a file is rewritten only when its bytes change.

Choices, documented in docs/publishing.md and in the package's descriptions: a figure not reported is an empty
cell, never 0 (ACLED writes 0 for "unknown"; we do not turn "not reported" into zero); the ACLED file holds one row
per act, and leaves out the acts that ACLED's codes cannot place in time (known only to the year, or longer than a
month) or in space (only the country, or no place): they are in ``acts.csv``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from tawthiq.domain.grading import CATEGORIES, GRADE_LABELS
from tawthiq.domain.publication import PublicAct, PublicEvent, PublicPlace, PublicSet, PublicVictim, VocabularyTerm
from tawthiq.publish.rows import (
    LEFT_OUT,
    PLAIN_TYPES,
    FileRows,
    KeptRows,
    csv_lines,
    json_lines,
    layout,
    make_file,
    put,
    unchanged_owners,
    write_bytes,
)
from tawthiq.web.i18n import translator

ACT_CATEGORIES = ("killed", "injured", "detained", "displaced")  # what an act records (missing: reports only)
ACLED_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "admin1",
                 "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "fatalities",
                 "notes")
JSON_RESOURCES = ("incidents", "acts", "victims")  # written as JSON too
ADMIN_LEVELS = ("governorate", "district", "subdistrict")  # admin1, admin2, admin3
# ACLED's geo_precision: 1 the town itself, 2 near it or a part of a region, 3 only the region (its capital).
ACLED_GEO = {"exact": 1, "near": 2, "region": 3}
# Labels of the fixed value sets, in English and Arabic (the codebook's and the package's enum labels).
FIXED: dict[str, dict[str, tuple[str, str]]] = {
    "status": {"unverified": ("unverified", "غير متحقق منه"), "corroborated": ("corroborated", "مدعوم بمصادر"),
               "verified": ("verified", "متحقق منه"), "disputed": ("disputed", "متنازع عليه"),
               "false": ("false", "غير صحيح")},
    "grade": {grade.value: labels for grade, labels in GRADE_LABELS.items()},
    "date_precision": {"day": ("day", "يوم"), "week": ("week", "أسبوع"), "month": ("month", "شهر"),
                       "year": ("year", "سنة"), "unknown": ("unknown", "غير معروف")},
    "geo_precision": {"exact": ("exact", "دقيق"), "near": ("near the place", "قرب المكان"),
                      "region": ("the area only", "المنطقة فقط"), "country": ("the country only", "البلد فقط")},
    "sex": {"female": ("female", "أنثى"), "male": ("male", "ذكر"), "unknown": ("unknown", "غير معروف")},
    "age_group": {"child": ("child (under 18)", "طفل (دون 18)"), "adult": ("adult", "بالغ"),
                  "unknown": ("unknown", "غير معروف")},
}
CATEGORY_LABELS = {"killed": ("killed", "القتلى"), "injured": ("injured", "الجرحى"),
                   "detained": ("detained", "المعتقلون"), "missing": ("missing", "المفقودون"),
                   "displaced": ("displaced", "النازحون")}


@dataclass(frozen=True)
class Column:
    """One field: its name, Frictionless type, description, the vocabulary its values come from, and its value."""

    name: str
    type: str
    description: str
    get: Callable[[Any], Any]
    vocabulary: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: list[Any]
    key: Callable[[Any], str]  # a row's stable key (its place in the last run's file is found by it)
    owner: Callable[[Any], str]  # the incident a row is made from ("": none, made every time)
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, its field)
    make: Callable[[Any], Any] = lambda row: row  # what the columns read from a row (None: the row is left out)
    context: str = ""  # what every row depends on besides its incident and the code (the ACLED source)


def write_data(pset: PublicSet, out: Path, *, organisation: str = "") -> list[Path]:
    """Write the open data of ``pset`` into the folder ``out`` (made if missing); return every file it holds now.

    ``organisation`` is the ACLED file's ``source`` (by default the set's organisation, English first; empty when
    neither is given). A file whose bytes would not change is left as it is; ``victims.*`` is removed when the set
    no longer holds victims.
    """
    return write_data_kept(pset, out, organisation=organisation)[0]


def write_data_kept(pset: PublicSet, out: Path, *, organisation: str = "", digests: Mapping[str, str] | None = None,
                    kept: KeptRows | None = None) -> tuple[list[Path], KeptRows | None]:
    """:func:`write_data`, copying the rows of unchanged incidents from the files the last run wrote (``kept``,
    what that run returned; ``digests``: each event's ``event_digest``). Returns the files and, when ``digests``
    are given, what the next run needs (see :mod:`tawthiq.publish.rows`)."""
    out.mkdir(parents=True, exist_ok=True)
    events = sorted(pset.events, key=lambda e: e.id)
    acts = sorted(((e, a) for e in events for a in e.acts), key=lambda pair: pair[1].id)
    victims = [(e, a, n, v) for e, a in acts for n, v in enumerate(a.victims, 1)]
    resources = [_incidents(events), _acts(acts)]
    if victims:
        resources.append(_victims(victims))
    resources.append(_acled(acts, organisation or pset.organisation or pset.organisation_ar))
    used = {c.vocabulary for r in resources for c in r.columns if c.vocabulary} | {"category"}
    # Only the vocabularies of the fields exported (the set's source kinds and reliability describe sources).
    vocabularies = {n: terms for n, terms in _vocabularies(pset, [a for _, a in acts]).items() if n in used}
    resources.insert(-1, _codebook(vocabularies))

    unchanged = unchanged_owners(kept, out, digests)
    written: dict[str, FileRows] = {}
    names = []  # one resource made and written at a time: a large collection never holds them all in memory
    for number, resource in enumerate(resources):
        files = _write_resource(resource, out, kept.files if kept else {}, unchanged)
        written |= files
        names += [out / name for name in files]
        if resource.name == "incidents_acled":
            left_out = files[f"{resource.name}.csv"].lengths.count(LEFT_OUT)
            resources[number] = replace(resource, description=f"{ACLED_NOTE} {left_out} acts left out.")
    names.append(_put(out / "datapackage.json", _json(_package(pset, resources, vocabularies))))
    if not victims:
        for name in ("victims.csv", "victims.json"):
            (out / name).unlink(missing_ok=True)
    made = KeptRows(str(out.resolve()), digests, written) if digests is not None else None
    return sorted(names), made


def _write_resource(resource: Resource, out: Path, kept: Mapping[str, FileRows], unchanged: Callable[[str], bool]
                    ) -> dict[str, FileRows]:
    """Write a resource's CSV (and JSON, for the incidents, acts and victims), each row copied from the last run's
    file when its incident is unchanged, else encoded once for both files."""
    keys = [resource.key(row) for row in resource.rows]
    same = [unchanged(resource.owner(row)) for row in resource.rows]
    names = [c.name for c in resource.columns]
    header = csv_lines([names], ())[0]
    encoder = _Encoder(resource, with_json=resource.name in JSON_RESOURCES)
    files = {}
    formats = [("csv", header, b"", lambda _any: b"")]
    if encoder.with_json:
        formats.append(("json", b"[\n", b",\n", lambda any_row: b"\n]\n" if any_row else b"]\n"))
    for which, (extension, head, separator, tail) in enumerate(formats):
        name = f"{resource.name}.{extension}"
        wanted = layout(name, header.decode("utf-8"), resource.context)
        made = make_file(out / name, wanted=wanted, kept=kept.get(name), keys=keys, unchanged=same,
                         encode=partial(encoder, which=which), head=head, separator=separator, tail=tail)
        files[name] = put(out / name, made)
    return files


class _Encoder:
    """Each row of a resource encoded at most once, for its CSV and its JSON file alike (as asked for)."""

    def __init__(self, resource: Resource, *, with_json: bool) -> None:
        self.resource, self.with_json = resource, with_json
        self.done: dict[int, tuple[bytes, bytes] | None] = {}

    def __call__(self, positions: list[int], *, which: int) -> list[bytes | None]:
        todo = [n for n in positions if n not in self.done]
        if todo:
            resource = self.resource
            made = [resource.make(resource.rows[n]) for n in todo]
            columns = resource.columns
            table = [[c.get(row) for c in columns] for row in made if row is not None]
            # the csv module words None, numbers and strings itself; only booleans and dates need cell()
            worded = [n for n, c in enumerate(columns) if c.type not in PLAIN_TYPES]
            lines = iter(zip(csv_lines(table, worded), json_lines([c.name for c in columns], table)
                             if self.with_json else [b""] * len(table), strict=True))
            for n, row in zip(todo, made, strict=True):
                self.done[n] = None if row is None else next(lines)
        return [None if (pair := self.done[n]) is None else pair[which] for n in positions]


# --- the resources -------------------------------------------------------------------------------------------


def _admin(event: PublicEvent, level: str, index: int) -> str | None:
    place = event.place
    if place is None:
        return None
    pair = _levels(place).get(level)
    return pair[index] if pair else None


@lru_cache(maxsize=1 << 14)
def _levels(place: PublicPlace) -> dict[str, tuple[str, str | None]]:
    """A place's name at each level (its own and those above it): the same few places serve many incidents."""
    names = {feature: (name, name_ar) for feature, name, name_ar in place.admin}
    names.setdefault(place.feature, (place.name, place.name_ar))
    return names


def _admin_of(event: PublicEvent, *, level: str, index: int) -> str | None:
    return _admin(event, level, index)


def _figure(event: PublicEvent, *, category: str, bound: str) -> int | None:
    figures = event.figures.get(category)
    return None if figures is None else int(getattr(figures, bound))


def _act_figure(pair: tuple[PublicEvent, PublicAct], *, category: str) -> int | None:
    return pair[1].figures.get(category)


def _incidents(events: list[PublicEvent]) -> Resource:
    # Dates repeat across incidents: each span is put in words once per language.
    english, arabic = lru_cache(maxsize=None)(translator("en").span), lru_cache(maxsize=None)(translator("ar").span)
    columns = [
        Column("id", "string", "The incident's stable id (its page keeps this URL).", lambda e: e.id, required=True),
        Column("url", "string", "Its page, relative to the site's root.", lambda e: f"en/incidents/{e.id}.html"),
        Column("url_ar", "string", "Its Arabic page, relative to the site's root.",
               lambda e: f"ar/incidents/{e.id}.html"),
        Column("page", "string", "Its page, relative to this file.", lambda e: f"../en/incidents/{e.id}.html"),
        Column("title", "string", "Title.", lambda e: e.title),
        Column("description", "string", "What happened, as published.", lambda e: e.description),
        Column("start", "date", "First day of the span the date is known to (read with date_precision: a year is "
               "not its 1 January).", lambda e: e.start),
        Column("end", "date", "Last day of that span.", lambda e: e.end),
        Column("date_precision", "string", "How precisely the date is known.", lambda e: e.precision,
               vocabulary="date_precision"),
        Column("date_en", "string", "The date in words, no more precise than recorded.",
               lambda e: english(e.start, e.end, e.precision)),
        Column("date_ar", "string", "The date in Arabic words.", lambda e: arabic(e.start, e.end, e.precision)),
        Column("place", "string", "Place name (English), at the level published.",
               lambda e: e.place.name if e.place else e.place_text),
        Column("place_ar", "string", "Place name (Arabic).", lambda e: e.place.name_ar if e.place else None),
        Column("place_level", "string", "The level the place is published at (village, district, governorate…).",
               lambda e: e.place.feature if e.place else None),
        *[Column(f"admin{n}{suffix}", "string", f"{level.capitalize()} ({language}).",
                 partial(_admin_of, level=level, index=i))
          for n, level in enumerate(ADMIN_LEVELS, 1) for i, (suffix, language) in enumerate((("", "English"),
                                                                                               ("_ar", "Arabic")))],
        Column("latitude", "number", "WGS 84, as precise as geo_precision says.",
               lambda e: e.place.latitude if e.place else None),
        Column("longitude", "number", "WGS 84.", lambda e: e.place.longitude if e.place else None),
        Column("geo_precision", "string", "How precisely the location is known.",
               lambda e: e.place.geo_precision if e.place else None, vocabulary="geo_precision"),
        Column("grade", "string", "The public grade, computed from the record (see the methodology).",
               lambda e: e.grade, vocabulary="grade"),
        Column("status", "string", "Verification status.", lambda e: e.status, vocabulary="status"),
        Column("counted", "boolean", "Whether its grade is admitted to the headline totals.", lambda e: e.counted),
    ]
    for category in CATEGORIES:
        for bound in ("min", "max"):
            columns.append(Column(
                f"{category}_{bound}", "integer",
                f"{category.capitalize()}: the {'lowest' if bound == 'min' else 'highest'} figure the accounts give. "
                "Empty: not reported (never 0). Categories are never added together.",
                partial(_figure, category=category, bound=bound)))
    return Resource("incidents", "Incidents", "One row per published incident.", tuple(columns), events, _event_id,
                    _event_id, ("id",))


def _acts(acts: list[tuple[PublicEvent, PublicAct]]) -> Resource:
    columns = [
        Column("id", "string", "The act's id.", lambda p: p[1].id, required=True),
        Column("incident_id", "string", "The incident it belongs to.", lambda p: p[0].id, required=True),
        Column("type", "string", "Violation type.", lambda p: p[1].type, vocabulary="violation-types"),
        Column("type_en", "string", "Violation type (English).", lambda p: p[1].type_en),
        Column("type_ar", "string", "Violation type (Arabic).", lambda p: p[1].type_ar),
        Column("acled_event_type", "string", "ACLED event type of the violation type.",
               lambda p: p[1].acled_event_type),
        Column("acled_sub_event_type", "string", "ACLED sub-event type.", lambda p: p[1].acled_sub_event_type),
        Column("start", "date", "First day of the act's span (its incident's when not recorded).",
               lambda p: _when(*p)[0]),
        Column("end", "date", "Last day of that span.", lambda p: _when(*p)[1]),
        Column("date_precision", "string", "How precisely the date is known.", lambda p: _when(*p)[2],
               vocabulary="date_precision"),
        Column("perpetrators", "string", "Who did it (English names, separated by \"; \").",
               lambda p: "; ".join(a.name for a in p[1].perpetrators)),
        Column("perpetrators_ar", "string", "Who did it (Arabic names).",
               lambda p: "; ".join(a.name_ar or a.name for a in p[1].perpetrators)),
        Column("perpetrator_ids", "string", "Their actor ids.", lambda p: "; ".join(a.id for a in p[1].perpetrators)),
        *[Column(c, "integer", f"{c.capitalize()}, as recorded on the act. Empty: not reported (never 0).",
                 partial(_act_figure, category=c)) for c in ACT_CATEGORIES],
        Column("victim_description", "string", "Who the victims were, as published.",
               lambda p: p[1].victim_description),
        Column("description", "string", "What was done.", lambda p: p[1].description),
    ]
    return Resource("acts", "Acts", "One row per violation (act) of a published incident.", tuple(columns), acts,
                    _act_id, _pair_event, ("id",), (("incident_id", "incidents", "id"),))


def _victims(victims: list[tuple[PublicEvent, PublicAct, int, PublicVictim]]) -> Resource:
    columns = [Column("act_id", "string", "The act the victim suffered.", lambda r: r[1].id, required=True),
               Column("number", "integer", "The victim's place in the act's list (1, 2, …).", lambda r: r[2],
                      required=True)]
    if any(v.name or v.name_ar for _, _, _, v in victims):  # names only when the profile names victims
        columns += [Column("name", "string", "Name (as published).", lambda r: r[3].name),
                    Column("name_ar", "string", "Name in Arabic.", lambda r: r[3].name_ar)]
    columns += [Column("sex", "string", "Sex.", lambda r: r[3].sex, vocabulary="sex"),
                Column("age_group", "string", "Age group (child: under 18).", lambda r: r[3].age_group,
                       vocabulary="age_group")]
    return Resource("victims", "Victims", "One row per victim listed on a published act, as the profile allows.",
                    tuple(columns), victims, lambda r: f"{r[1].id}#{r[2]}", lambda r: r[0].id, ("act_id", "number"),
                    (("act_id", "acts", "id"),))


def _codebook(vocabularies: Mapping[str, Sequence[VocabularyTerm]]) -> Resource:
    rows = [(name, term) for name in sorted(vocabularies) for term in vocabularies[name]]
    columns = (Column("vocabulary", "string", "Which field's values (the vocabulary's name).", lambda r: r[0],
                      required=True),
               Column("value", "string", "The value as written in the data.", lambda r: r[1].slug, required=True),
               Column("label_en", "string", "Label in English.", lambda r: r[1].label_en),
               Column("label_ar", "string", "Label in Arabic.", lambda r: r[1].label_ar),
               Column("parent", "string", "The broader value it belongs to, if any.", lambda r: r[1].parent))
    return Resource("codebook", "Codebook", "Every value of every coded field, with its English and Arabic labels.",
                    columns, rows, lambda r: f"{r[0]}\0{r[1].slug}", lambda _r: "", ("vocabulary", "value"))


ACLED_NOTE = ("ACLED-compatible: one row per act (ACLED rows are events of one type). time_precision 1: the day; "
              "2: a span of up to a week, event_date its middle; 3: up to a month, event_date its middle. geo_precision"
              " 1: the town; 2: near it or a part of a region; 3: the region only. Left out, because ACLED has no code"
              " for them: acts known only to the year or to a longer span, and acts placed only in a country or "
              "nowhere (all are in acts.csv). fatalities is the act's killed as recorded, empty when not reported "
              "(ACLED writes 0 for unknown; we do not turn \"not reported\" into zero). actor2 names the civilians "
              "when the act records victims. Sources are never published: source is the publishing organisation.")


def _acled(acts: list[tuple[PublicEvent, PublicAct]], source: str) -> Resource:
    types = {"event_date": "date", "time_precision": "integer", "latitude": "number", "longitude": "number",
             "geo_precision": "integer", "fatalities": "integer"}
    descriptions = {
        "time_precision": "1 the day; 2 up to a week (event_date its middle); 3 up to a month (event_date its middle).",
        "geo_precision": "1 the town itself; 2 near it or a part of a region; 3 the region only.",
        "fatalities": "Killed, as recorded on the act; empty when not reported (never 0 for unknown).",
        "actor1": "The act's first perpetrator; empty when none is published (no unidentified group is guessed).",
        "actor2": "The civilians harmed, when the act records victims.",
        "source": "The publishing organisation (sources are never published); empty when not given.",
        "notes": "The incident's title and the act's description.",
    }
    columns = tuple(Column(name, types.get(name, "string"), descriptions.get(name, f"As ACLED's {name}."),
                           itemgetter(name), vocabulary=f"acled_{name}" if name.endswith("precision")
                           else None) for name in ACLED_COLUMNS)
    return Resource("incidents_acled", "Incidents (ACLED format)", ACLED_NOTE, columns, acts, _act_id, _pair_event,
                    make=partial(_acled_row, source=source), context=source)  # the count left out: write_data_kept


def _when(event: PublicEvent, act: PublicAct) -> tuple[date | None, date | None, str]:
    if act.start is None and act.end is None:
        return event.start, event.end, event.precision
    return act.start, act.end, act.precision


def _acled_row(pair: tuple[PublicEvent, PublicAct], *, source: str) -> dict[str, Any] | None:
    """An act as an ACLED row, or None when ACLED's codes cannot place it in time or space."""
    event, act = pair
    start, end, precision = _when(event, act)
    place = event.place
    geo = ACLED_GEO.get(place.geo_precision) if place else None
    if start is None or end is None or precision in ("year", "unknown") or geo is None or place is None:
        return None
    length = (end - start).days + 1
    code = 1 if length == 1 else 2 if length <= 7 else 3 if length <= 31 else None
    if code is None:
        return None
    country = next((name for feature, name, _ in place.admin if feature == "country"), "")
    harmed = bool(act.victims or act.victim_description or any(act.figures.values()))
    return {
        "event_date": start + timedelta(days=(length - 1) // 2), "time_precision": code,
        "event_type": act.acled_event_type, "sub_event_type": act.acled_sub_event_type,
        "actor1": act.perpetrators[0].name if act.perpetrators else None,
        "actor2": (f"Civilians ({country})" if country else "Civilians") if harmed else None,
        "admin1": _admin(event, "governorate", 0), "admin2": _admin(event, "district", 0),
        "admin3": _admin(event, "subdistrict", 0), "location": place.name,
        "latitude": place.latitude, "longitude": place.longitude, "geo_precision": geo, "source": source,
        "fatalities": act.figures.get("killed"),
        "notes": ": ".join(part for part in (event.title, act.description) if part),
    }


def _event_id(event: PublicEvent) -> str:
    return event.id


def _act_id(pair: tuple[PublicEvent, PublicAct]) -> str:
    return pair[1].id


def _pair_event(pair: tuple[PublicEvent, PublicAct]) -> str:
    return pair[0].id


# --- vocabularies and the package ----------------------------------------------------------------------------


def _vocabularies(pset: PublicSet, acts: Iterable[PublicAct]) -> dict[str, list[VocabularyTerm]]:
    """The set's vocabularies, the act types it uses (should one be missing from them), and the fixed value sets."""
    found: dict[str, dict[str, VocabularyTerm]] = {
        name: {t.slug: t for t in terms} for name, terms in pset.vocabularies.items()}
    types = found.setdefault("violation-types", {})
    for act in acts:
        types.setdefault(act.type, VocabularyTerm(act.type, act.type_en, act.type_ar))
    for name, labels in FIXED.items():
        found[name] = {slug: VocabularyTerm(slug, en, ar) for slug, (en, ar) in labels.items()}
    found["category"] = {c: VocabularyTerm(c, *CATEGORY_LABELS[c]) for c in CATEGORIES}
    found["acled_time_precision"] = {
        "1": VocabularyTerm("1", "the day", "اليوم"), "2": VocabularyTerm("2", "up to a week", "حتى أسبوع"),
        "3": VocabularyTerm("3", "up to a month", "حتى شهر")}
    found["acled_geo_precision"] = {
        "1": VocabularyTerm("1", "the town", "البلدة"), "2": VocabularyTerm("2", "near it or part of a region",
                                                                            "قربها أو جزء من منطقة"),
        "3": VocabularyTerm("3", "the region only", "المنطقة فقط")}
    return {name: sorted(terms.values(), key=lambda t: t.slug) for name, terms in sorted(found.items())}


def _package(pset: PublicSet, resources: list[Resource],
             vocabularies: Mapping[str, Sequence[VocabularyTerm]]) -> dict[str, Any]:
    profile = pset.profile
    return {
        "profile": "tabular-data-package",
        "name": f"tawthiq-{profile.name}".lower(),
        "title": profile.title_en or profile.name,
        "title_ar": profile.title_ar or None,
        "description": (
            "Incidents of violations against civilians as published under this profile, redacted: sources are "
            "never exported, and what the profile holds back is absent. Dates are spans with a precision (a year is "
            "not its 1 January); a figure not reported is an empty cell, never 0; figures of different categories "
            f"are never added together. {ACLED_NOTE}"),
        "version": str(profile.version),
        "created": pset.as_of.isoformat(),
        "resources": [_describe(r, vocabularies) for r in resources],
        "vocabularies": {name: [{"value": t.slug, "label_en": t.label_en, "label_ar": t.label_ar,
                                 **({"parent": t.parent} if t.parent else {})} for t in terms]
                         for name, terms in vocabularies.items()},
    }


def _describe(resource: Resource, vocabularies: Mapping[str, Sequence[VocabularyTerm]]) -> dict[str, Any]:
    fields = []
    for column in resource.columns:
        spec: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.vocabulary:
            terms = vocabularies[column.vocabulary]
            values: list[Any] = [int(t.slug) if column.type == "integer" else t.slug for t in terms]
            constraints["enum"] = values
            spec["vocabulary"] = column.vocabulary  # its labels: the package's "vocabularies", and codebook.csv
        if column.type == "integer" and not column.vocabulary:
            constraints["minimum"] = 0 if column.name != "number" else 1
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if resource.primary_key:
        schema["primaryKey"] = list(resource.primary_key)
    if resource.foreign_keys:
        schema["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": rf}}
                                 for f, r, rf in resource.foreign_keys]
    return {"name": resource.name.replace("_", "-"), "title": resource.title, "description": resource.description,
            "path": f"{resource.name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


# --- writing -------------------------------------------------------------------------------------------------


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _put(path: Path, data: bytes) -> Path:
    write_bytes(path, data)
    return path
