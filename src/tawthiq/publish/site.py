"""The public site: static, bilingual pages made from a :class:`PublicSet` and nothing else.

``write_site(pset, out, assets=node_modules)`` writes ``index.html`` (the choice of language), ``en/`` and ``ar/``
(home with headline figures and a chart, one page per incident, lists by governorate, perpetrator, violation type
and month, methodology, search, an Atom feed), ``files/`` (the derived copies the profile publishes) and
``assets/`` (the site's own style and scripts, and the map's and search's npm packages copied from ``assets``).

Every link is relative, every script and style is a file of the site, and the map's base layer is Natural Earth
as a script: the site works from ``file://`` (a USB stick) and from any static host, and never asks another site
for anything. Nothing depends on the clock or on the order of the set: the same set gives the same bytes.

Incremental: a file is written only when its bytes differ from the file already there, and a file of the site's
own folders that the set no longer makes (the page of an event withdrawn) is removed; ``data/`` (open data) and
the manifest are other writers' and left alone. URLs are stable: an incident's page is named by its event id.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from tawthiq.domain.dates import period_key
from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.domain.grading import CATEGORIES, GRADE_LABELS, Grade
from tawthiq.domain.publication import Figures, PublicEvent, PublicSet, event_digest
from tawthiq.publish import feeds, search
from tawthiq.publish.manifest import STATE, listed_files
from tawthiq.publish.publisher import publisher
from tawthiq.publish.search import newest_first
from tawthiq.web.i18n import LANGUAGES, Translator, catalog, translator

OWN = ("index.html", "en", "ar", "assets", "files")  # what write_site manages (and may remove from)
STATE_FORMAT = "tawthiq-site-state/1"
# npm files copied into assets/vendor: site path -> path under the assets folder (node_modules)
VENDOR = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE",
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "topojson-client/LICENSE": "topojson-client/LICENSE",
    "minisearch/index.js": "minisearch/dist/umd/index.js",
    "minisearch/LICENSE.txt": "minisearch/LICENSE.txt",
    "world-atlas/LICENSE": "world-atlas/LICENSE",
}
COUNTRIES = "world-atlas/countries-50m.json"  # Natural Earth 1:50m, written as assets/vendor/world-atlas/countries.js
STATIC = ("site.css", "search.js", "map.js")
LISTS = ("places", "perpetrators", "violations", "months")
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
# The words of the set's codes, in English (the Arabic catalog translates the English text).
LABELS: dict[str, dict[str, str]] = {
    "figure": {"killed": "Killed", "injured": "Injured", "detained": "Detained", "missing": "Missing",
               "displaced": "Displaced"},
    "place": {"exact": "exact place", "village": "village", "subdistrict": "subdistrict", "district": "district",
              "governorate": "governorate", "country": "country"},
    "location": {"exact": "exact location", "near": "near the place", "region": "the area only",
                 "country": "the country only"},
    "precision": {"day": "the day", "week": "the week", "month": "the month", "year": "the year"},
    "sex": {"female": "female", "male": "male", "unknown": "sex unknown"},
    "age": {"child": "child", "adult": "adult", "unknown": "age unknown"},
    "derivation": {"metadata-stripped": "metadata removed", "faces-blurred": "faces blurred"},
    "status": {"unverified": "unverified", "corroborated": "corroborated", "verified": "verified"},
    "list": {"places": "Incidents by governorate", "perpetrators": "Incidents by perpetrator",
             "violations": "Incidents by violation", "months": "Incidents by month"},
    "grade-rule": {
        "confirmed": "The incident's status is verified.",
        "fair": "Two or more independent sources, counting the records merged with it.",
        "weak": "One source, or none.",
        "contested": "Disputed, contradicted by a source, or accounts that disagree on the perpetrator or on a figure.",
        "discounted": "The incident was found false.",
    },
}


@dataclass
class SiteReport:
    """What a run did: files written (new or changed), left as they were, and removed; and every file of the site
    with its SHA-256 and size (relative path with ``/``)."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    files: dict[str, tuple[str, int]] = field(default_factory=dict)


class _Writer:
    """Writes a file only when its bytes differ (atomically: a reader never sees half a page).

    What a run wrote is recorded in the private state file (:data:`STATE`, beside the site's folders, not in the
    manifest): each file's SHA-256, size, modification time and, for a page, the digest of what it was made from.
    The next run trusts a file whose size and modification time are still the recorded ones without reading it;
    any other file is read and compared. ``publish verify`` hashes every file whatever the state says."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.root = str(out)  # paths joined as strings: a run checks two hundred thousand of them
        self.report = SiteReport()
        self._previous: Mapping[str, tuple[str, int]] | None = None
        self.state = _read_state(out)  # rel -> (sha256, size, mtime_ns, source)
        self.seen: dict[str, tuple[str, int, int, str]] = {}

    def _recorded(self, rel: str) -> tuple[str, int, int, str] | None:
        """The state's entry of a file still as that run left it (same size and modification time), else None."""
        entry = self.state.get(rel)
        if entry is None:
            return None
        try:
            stat = os.stat(os.path.join(self.root, rel))
        except OSError:
            return None
        return entry if (stat.st_size, stat.st_mtime_ns) == (entry[1], entry[2]) else None

    def _unchanged(self, rel: str, entry: tuple[str, int, int, str]) -> None:
        self.report.files[rel] = (entry[0], entry[1])
        self.seen[rel] = entry
        self.report.unchanged += 1

    def keep(self, rel: str, source: str) -> bool:
        """Whether the page already there was made from the same input (its ``source`` digest) and is still the
        file the last run left (state) or the last manifest lists: then it is left, unread by the templates (what
        makes a re-run fast)."""
        entry = self._recorded(rel)
        if entry is not None:
            if entry[3] != source:
                return False
            self._unchanged(rel, entry)
            return True
        if self._previous is None:  # the last run's files, from its manifest: read when the state lacks a page
            self._previous = listed_files(self.out)
        listed = self._previous.get(rel)
        if listed is None:
            return False
        path = self.out / rel
        try:
            data, stat = path.read_bytes(), path.stat()
        except OSError:
            return False
        if _marker(source) not in data[:2048] or (hashlib.sha256(data).hexdigest(), len(data)) != listed:
            return False
        self._unchanged(rel, (*listed, stat.st_mtime_ns, source))
        return True

    def put(self, rel: str, data: bytes, source: str = "") -> None:
        path = self.out / rel
        sha = hashlib.sha256(data).hexdigest()
        entry = self._recorded(rel)
        if entry is not None and entry[:2] == (sha, len(data)):
            self._unchanged(rel, (*entry[:3], source))
            return
        self.report.files[rel] = (sha, len(data))
        try:
            stat = path.stat()
            same = stat.st_size == len(data) and path.read_bytes() == data
        except FileNotFoundError:
            same = False
        if same:
            self.seen[rel] = (sha, len(data), stat.st_mtime_ns, source)
            self.report.unchanged += 1
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.part")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        self.seen[rel] = (sha, len(data), path.stat().st_mtime_ns, source)
        self.report.written += 1

    def save_state(self) -> None:
        """Record this run's files for the next (only when something changed)."""
        if self.seen == self.state:
            return
        body = {"format": STATE_FORMAT, "files": self.seen}  # in the order made: the same set, the same order
        temporary = self.out / f"{STATE}.part"
        temporary.write_text(json.dumps(body, separators=(",", ":")) + "\n", encoding="ascii")
        os.replace(temporary, self.out / STATE)

    def text(self, rel: str, text: str, source: str = "") -> None:
        self.put(rel, text.encode("utf-8"), source)

    def sweep(self) -> None:
        """Remove what the site's own folders hold that this run did not make."""
        for top in OWN:
            base = self.out / top
            if base.is_file() and top not in self.report.files:
                base.unlink()
                self.report.removed += 1
            if not base.is_dir():
                continue
            for folder, folders, names in os.walk(base, topdown=False):  # children before their folder
                inside = Path(folder).relative_to(self.out).as_posix()
                links = [name for name in folders if os.path.islink(os.path.join(folder, name))]
                for name in [*names, *links]:
                    if f"{inside}/{name}" not in self.report.files:
                        os.unlink(os.path.join(folder, name))
                        self.report.removed += 1
                if folder != str(base) and not os.listdir(folder):
                    os.rmdir(folder)


def _read_state(out: Path) -> dict[str, tuple[str, int, int, str]]:
    """The last run's record of its files (empty when there is none or it cannot be read: then files are read)."""
    try:
        body = json.loads((out / STATE).read_bytes())
        if body["format"] != STATE_FORMAT:
            return {}
        return {str(rel): (str(e[0]), int(e[1]), int(e[2]), str(e[3])) for rel, e in body["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def _marker(source: str) -> bytes:
    return f'<meta name="tawthiq-source" content="{source}">'.encode("ascii")


@cache
def _version() -> str:
    """What every page also depends on besides its data: the templates, the Arabic catalog, this module."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted((Path(__file__).parent / "templates").glob("*")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps(catalog("ar"), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def _source(*parts: object) -> str:
    return hashlib.sha256("\0".join([_version(), *map(repr, parts)]).encode("utf-8")).hexdigest()


def _source_prefix(*parts: object) -> str:
    """What ``_source(*parts, last)`` hashes before ``repr(last)``: hashed once per page, not built again."""
    return "\0".join([_version(), *map(repr, parts), ""])


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("tawthiq.publish", "templates"),
                      autoescape=select_autoescape(["html", "xml"]), trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env


@lru_cache(maxsize=1 << 14)
def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _safe(ident: str) -> str:
    if not SAFE_ID.match(ident):
        raise ValueError(f"event id {ident!r} cannot name a page")
    return ident


@dataclass(frozen=True)
class Group:
    """One value of a list (a governorate, a perpetrator, a violation type, a month) and its incidents."""

    slug: str
    label_en: str
    label_ar: str
    events: tuple[PublicEvent, ...]


def _groups(ordered: list[PublicEvent], tr_en: Translator, tr_ar: Translator) -> dict[str, list[Group]]:
    """Each list's values, sorted by label (months by time), each with its incidents newest first (``ordered``: the
    set's events newest first)."""
    found: dict[str, dict[str, tuple[str, str, dict[str, PublicEvent]]]] = {name: {} for name in LISTS}

    def add(name: str, slug: str, en: str, ar: str | None, event: PublicEvent) -> None:
        entry = found[name].setdefault(slug, (en, ar or en, {}))
        entry[2][event.id] = event

    periods: dict[str, tuple[str, str, str]] = {}
    for event in ordered:  # newest first: each value's incidents come in that order
        place = event.place
        if place is not None:
            levels = [*place.admin, (place.feature, place.name, place.name_ar)]
            for feature, name, name_ar in levels:
                if feature == "governorate":
                    add("places", _slug(name), name, name_ar, event)
        for act in event.acts:
            add("violations", _slug(act.type), act.type_en, act.type_ar, event)
            for actor in act.perpetrators:
                add("perpetrators", _slug(actor.id), actor.name, actor.name_ar, event)
        key = period_key(event.start, event.end)
        if key not in periods:  # a hundred thousand incidents fall in a few hundred months: each worded once
            periods[key] = (_slug(key.replace("/", "-")) if key else "undated", tr_en.period(key), tr_ar.period(key))
        add("months", *periods[key], event)
    out: dict[str, list[Group]] = {}
    for name, values in found.items():
        groups = [Group(slug, en, ar, tuple(events.values())) for slug, (en, ar, events) in values.items()]
        if name == "months":
            groups.sort(key=lambda g: (g.slug == "undated", g.slug), reverse=False)
        else:
            groups.sort(key=lambda g: (g.label_en.casefold(), g.slug))
        out[name] = groups
    return out


def figure(tr: Translator, value: Figures | None) -> Markup:
    """A category's figure as min–max (one number when the accounts agree); absent: "not reported", never 0.
    The span is isolated left to right: in an Arabic line "5–7" would otherwise read "7–5"."""
    if value is None:
        return Markup("{}").format(tr.gettext("not reported"))
    if value.min == value.max:
        return Markup('<bdi dir="ltr">{}</bdi>').format(tr.number(value.min))
    return Markup('<bdi dir="ltr">{}–{}</bdi>').format(tr.number(value.min), tr.number(value.max))


def label(tr: Translator, kind: str, value: str) -> str:
    """A code of the set (a category, a place level, a sex…) in words of the reader's language."""
    english = LABELS.get(kind, {}).get(value)
    return tr.gettext(english) if english else value


PER_PAGE = 200  # incidents on one page of a list value (a governorate of 10,000 incidents has 50 pages)
MAP_LISTED = 8  # incidents named in a map point's popup (the place's list pages hold them all)


def _map_data(events: Iterable[PublicEvent], prefix: str, tr: Translator) -> str:
    """The map's points: one per place (a thousand incidents in one town are one circle), newest first inside."""
    places: dict[tuple[float, float, str], list[PublicEvent]] = {}
    for event in newest_first(events):
        place = event.place
        if place is not None and place.latitude is not None and place.longitude is not None:
            places.setdefault((place.latitude, place.longitude, place.geo_precision), []).append(event)
    points = []
    for (lat, lon, precision), found in sorted(places.items()):
        place = found[0].place
        assert place is not None
        points.append({"lat": lat, "lon": lon, "precision": precision, "count": len(found),
                       "place": tr.pick(place.name, place.name_ar),
                       "events": [{"title": e.title, "url": f"{prefix}{e.id}.html"} for e in found[:MAP_LISTED]]})
    # inside <script type="application/json">: "</" is written "<\/" so no title can close the element
    return json.dumps({"points": points}, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def _grade(grade: str) -> tuple[str, str]:
    try:
        return GRADE_LABELS[Grade(grade)]
    except ValueError:
        return grade, grade


def check_assets(assets: Path) -> None:
    """Raise InvalidInput (field ``assets``) when the npm packages the site copies are not in ``assets``."""
    missing = [inside for inside in (*VENDOR.values(), COUNTRIES) if not (assets / inside).is_file()]
    if missing:
        raise InvalidInput([Problem("assets", f"the npm packages of the map and search are not installed in {assets} "
                                              f"(missing {missing[0]}); run `make venv` or `npm ci`",
                                    f"حزم npm للخريطة والبحث غير مثبَّتة في {assets} (ينقص {missing[0]})؛ "
                                    "شغّل ‎make venv‎ أو ‎npm ci‎")])


def write_site(pset: PublicSet, out: Path, *, assets: Path, digests: Mapping[str, str] | None = None) -> SiteReport:
    """Write (or bring up to date) the static site of ``pset`` in ``out``; ``assets`` is the folder holding the
    npm packages (node_modules); ``digests``: each event's ``event_digest``, when the caller has them (made here
    otherwise). Returns the counts of files written, unchanged and removed, and every file's hash.
    Raises InvalidInput (field ``assets``) when the npm packages are missing, before anything is written."""
    check_assets(assets)
    for event in pset.events:
        _safe(event.id)
    writer = _Writer(out)
    out.mkdir(parents=True, exist_ok=True)
    _write_assets(writer, pset, assets)
    trs = {lang: _Dates(translator(lang).language, translator(lang).months) for lang in LANGUAGES}
    dates = {lang: {e.id: tr.span(e.start, e.end, e.precision) for e in pset.events} for lang, tr in trs.items()}
    ordered = newest_first(pset.events)
    groups = _groups(ordered, trs["en"], trs["ar"])
    env = _environment()
    writer.text("index.html", env.get_template("site_root.html").render(title_en=_title(pset, "en"),
                                                                          title_ar=_title(pset, "ar")))
    if digests is None:  # once, not per language
        digests = {e.id: event_digest(e) for e in pset.events}
    index = search.Index(ordered, dates)  # the words of both languages but the dates': listed once
    for tr in trs.values():  # in this process: the open data's writer has the other core (cli/publish.py)
        _write_language(writer, env, pset, ordered, tr, groups, dates, digests, index)
    writer.sweep()
    writer.save_state()
    return writer.report


def _title(pset: PublicSet, lang: str) -> str:
    """The site's title: its publisher, the organisation (never the profile's name as if it were the publisher)."""
    return publisher(pset, lang)


def _subtitle(pset: PublicSet, lang: str) -> str:
    """Under the title on the home page: the profile's title."""
    profile = pset.profile
    own = profile.title_ar if lang == "ar" else profile.title_en
    return own or translator(lang).gettext("Documented incidents")


def _write_assets(writer: _Writer, pset: PublicSet, assets: Path) -> None:
    static = Path(__file__).parent / "static"
    for name in STATIC:
        writer.put(f"assets/{name}", (static / name).read_bytes())
    for rel, inside in VENDOR.items():
        writer.put(f"assets/vendor/{rel}", (assets / inside).read_bytes())
    countries = (assets / COUNTRIES).read_bytes().decode("utf-8").strip()
    writer.text("assets/vendor/world-atlas/countries.js", f"window.TAWTHIQ_COUNTRIES = {countries};\n")
    for item in sorted({f.sha256: f for e in pset.events for f in e.files}.values(), key=lambda f: f.sha256):
        writer.put(f"files/{item.sha256}.{item.extension}", pset.read_file(item.sha256))


def _write_language(writer: _Writer, env: Environment, pset: PublicSet, events: list[PublicEvent], tr: Translator,
                    groups: dict[str, list[Group]], dates: dict[str, dict[str, str]],
                    digests: Mapping[str, str], index: search.Index) -> None:
    lang = tr.language
    shown = dates[lang]

    def when(event: PublicEvent) -> str:
        return shown[event.id]

    other = "ar" if lang == "en" else "en"
    items: dict[str, str] = {}

    def incident_list(chosen: Iterable[PublicEvent], prefix: str) -> Markup:
        """The list of incidents of a page, each item written once per language (a list page may hold thousands;
        plain strings of escaped values, as Markup.format would make them, only faster)."""
        opening = f' <li><a href="{escape(prefix)}'
        lines = ['<ul class="incidents">']
        for event in chosen:
            item = items.get(event.id)
            if item is None:
                place = "" if event.place is None else f" · {tr.pick(event.place.name, event.place.name_ar)}"
                labels = _grade(event.grade)
                item = items[event.id] = (
                    f'{escape(event.id)}.html" dir="auto">{escape(event.title)}</a>\n  <span class="meta">'
                    f'{escape(shown[event.id])}{escape(place)} · <span class="grade grade-{escape(event.grade)}">'
                    f'{escape(labels[1] if lang == "ar" else labels[0])}</span></span></li>')
            lines.append(opening + item)
        lines.append("</ul>")
        return Markup("\n".join(lines))

    title = _title(pset, lang)
    keys = {e.id: "\0".join((e.id, e.title, shown[e.id], "" if e.place is None else tr.pick(e.place.name,
                                                                                            e.place.name_ar), e.grade))
            for e in events}  # what an incident's line in a list shows (a list page's digest is made of these)

    def render(template: str, rel: str, **values: Any) -> None:
        depth = rel.count("/")
        page = rel.split("/", 1)[1]
        writer.text(rel, env.get_template(template).render(
            tr=tr, _=tr.gettext, lang=lang, other=other, root="../" * depth, page=page, figure=figure,
            grade=_grade, slug=_slug, label=partial(label, tr), when=when,
            incident_list=incident_list, title=title,
            categories=CATEGORIES, lists=LISTS, **values), str(values.get("source", "")))

    counted = [e for e in pset.events if e.counted]
    chart = _chart(groups["months"])
    admitted = ("، " if lang == "ar" else ", ").join(_grade(g)[1 if lang == "ar" else 0]
                                                   for g in pset.profile.admitted_grades)
    render("site_home.html", f"{lang}/index.html", totals=pset.totals, counted=len(counted), admitted_text=admitted,
           published=len(pset.events), latest=events[:20], chart=chart, subtitle=_subtitle(pset, lang),
           map_data=_map_data(pset.events, "incidents/", tr))
    prefix = _source_prefix(lang, title)
    for event in events:
        rel = f"{lang}/incidents/{event.id}.html"
        source = hashlib.sha256(f"{prefix}{digests[event.id]!r}".encode()).hexdigest()  # _source(lang, title, …)
        if not writer.keep(rel, source):
            render("site_incident.html", rel, event=event, map_data=_map_data([event], "", tr), source=source)
    for name in LISTS:
        render("site_list.html", f"{lang}/{name}/index.html", name=name, groups=groups[name])
        for group in groups[name]:
            pages = max(1, -(-len(group.events) // PER_PAGE))
            for number in range(1, pages + 1):
                shown_events = group.events[(number - 1) * PER_PAGE:number * PER_PAGE]
                rel = f"{lang}/{name}/{_page_name(group.slug, number)}"
                source = _source(lang, title, name, group.slug, group.label_en, group.label_ar, number, pages,
                                 len(group.events), [keys[e.id] for e in shown_events])
                if not writer.keep(rel, source):  # a page of a list whose incidents did not change is not rendered
                    render("site_group.html", rel, name=name, group=group, shown_events=shown_events, number=number,
                           pages=pages, page_urls=[_page_name(group.slug, n) for n in range(1, pages + 1)],
                           source=source)
    render("site_methodology.html", f"{lang}/methodology.html", profile=pset.profile,
           grades=[(g.value, *GRADE_LABELS[g]) for g in Grade], admitted=pset.profile.admitted_grades)
    render("site_search.html", f"{lang}/search.html")
    for rel, script in index.files(lang).items():
        writer.text(f"{lang}/{rel}", script)
    writer.text(f"{lang}/feed.xml", feeds.atom(pset, tr, title=title, when=when))


@dataclass(frozen=True)
class _Dates(Translator):
    """A translator that words each distinct date span once: a site repeats the same days thousands of times."""

    def span(self, start: Any, end: Any, precision: Any) -> str:
        return _span(self.language, self.months, start, end, precision)


@lru_cache(maxsize=1 << 16)
def _span(language: str, months: str, start: Any, end: Any, precision: Any) -> str:
    return Translator(language, months).span(start, end, precision)


def _page_name(slug: str, number: int) -> str:
    """A list value's page: the first at ``slug.html`` (the URL it always had), the next ones ``slug.N.html``."""
    return f"{slug}.html" if number == 1 else f"{slug}.{number}.html"


def _chart(months: list[Group]) -> list[tuple[Group, int]]:
    """Incidents per month as bars: each month with its bar's length in percent of the longest."""
    top = max((len(g.events) for g in months), default=0) or 1
    return [(g, round(len(g.events) * 100 / top)) for g in months]
