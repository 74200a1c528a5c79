"""OCHA COD-AB gazetteers: administrative areas and communities, identified by their p-codes."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tawthiq.geo.sources import COD_AB, GazetteerEntry, clean_name, parse_coordinate, unique_names

LEVEL_FEATURES = ("country", "governorate", "district", "subdistrict", "village")
_DEEPEST = len(LEVEL_FEATURES) - 1

# Column names are compared lower-cased with everything but letters and digits removed, so that
# the tabular style (admin1Pcode, admin1Name_en) and the shapefile style (ADM1_PCODE, ADM1_EN) of
# COD files both match.
_PCODE = re.compile(r"adm(?:in)?([0-4])pcode")
_NAME_EN = re.compile(r"adm(?:in)?([0-4])(?:name(?:en)?|en)")
_NAME_AR = re.compile(r"adm(?:in)?([0-4])(?:name)?ar")
_ALT_NAME = re.compile(r"adm(?:in)?([0-4])(?:alt|ref)(?:name)?\d*(?:en|ar)?")
_COORDINATE_PAIRS = (("latitude", "longitude"), ("lat", "lon"), ("lat", "long"), ("lat", "lng"), ("y", "x"))
_KIND = ("type", "feature", "featuretype", "placetype")
_ALT_SEPARATORS = re.compile(r"[;|]")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


@dataclass
class _Columns:
    headers: list[str]
    pcode: dict[int, int] = field(default_factory=dict)
    name_en: dict[int, int] = field(default_factory=dict)
    name_ar: dict[int, int] = field(default_factory=dict)
    alt_names: dict[int, list[int]] = field(default_factory=dict)
    latitude: int | None = None
    longitude: int | None = None
    kind: int | None = None


def _columns(headers: list[str]) -> _Columns:
    columns = _Columns(headers)
    keys = [_key(header) for header in headers]
    for index, key in enumerate(keys):
        for pattern, found in ((_PCODE, columns.pcode), (_NAME_EN, columns.name_en), (_NAME_AR, columns.name_ar)):
            match = pattern.fullmatch(key)
            if match:
                found.setdefault(int(match.group(1)), index)
        match = _ALT_NAME.fullmatch(key)
        if match:
            columns.alt_names.setdefault(int(match.group(1)), []).append(index)
        if key in _KIND and columns.kind is None:
            columns.kind = index
    for latitude, longitude in _COORDINATE_PAIRS:
        if latitude in keys and longitude in keys:
            columns.latitude, columns.longitude = keys.index(latitude), keys.index(longitude)
            break
    else:
        # A latitude without a longitude (or the reverse) is a broken file, not one without
        # coordinates. Lone x or y columns are left alone: they may mean anything.
        lone = [key for key in ("latitude", "lat", "longitude", "lon", "long", "lng") if key in keys]
        if lone:
            raise ValueError(f"missing column {'longitude' if lone[0] in ('latitude', 'lat') else 'latitude'}")
    levels = sorted(columns.pcode)
    if not [level for level in levels if level > 0]:
        raise ValueError("missing column admin1Pcode")
    for level in range(1, levels[-1] + 1):
        if level not in columns.pcode:
            raise ValueError(f"missing column admin{level}Pcode")
    for level in levels:
        if level not in columns.name_en:
            raise ValueError(f"missing column admin{level}Name_en")
    return columns


def _community_feature(kind: str) -> str:
    value = kind.strip().casefold()
    if "neighbo" in value or "quarter" in value or value in ("hay", "hayy", "حي"):
        return "neighbourhood"
    if "camp" in value or "مخيم" in value:
        return "camp"
    if value in ("city", "مدينة"):
        return "city"
    if value in ("town", "بلدة"):
        return "town"
    return "village"


@dataclass
class _Place:
    line: int
    level: int
    name: str
    name_ar: str | None
    alt_names: list[str]
    parent: str | None
    country_code: str
    feature: str
    latitude: float | None = None
    longitude: float | None = None


def read_cod_ab(
    path: Path, *, country_code: str | None = None, gazetteer: str = COD_AB
) -> Iterator[GazetteerEntry]:
    """Entries from an OCHA COD-AB style CSV of administrative areas and communities.

    The file is UTF-8 (a byte-order mark is fine), comma-, semicolon- or tab-separated, with
    columns such as admin1Pcode, admin1Name_en, admin1Name_ar ... admin4Pcode (or ADM1_PCODE,
    ADM1_EN ...), optional alternative-name columns (admin4AltName1_en, admin4AltName_ar ...),
    optional coordinates (latitude/longitude, lat/lon or x/y) and an optional type or feature
    column. Each distinct p-code at each level becomes one entry: admin0 a country, admin1 a
    governorate, admin2 a district, admin3 a subdistrict, admin4 a community ('village', or what
    the type column says: neighbourhood, camp, city, town). Its parent is the p-code of the next
    level up on the same row; coordinates and type belong to the deepest p-code of a row. The
    country is `country_code`, else admin0Pcode when it is a two-letter code, else the first two
    letters of the admin1 p-code (SY07). The file is read whole before the first entry comes out,
    countries first and then level by level, each ordered by p-code. Raises ValueError naming the
    missing column, or the line and field of a bad row.
    """
    if country_code is not None and not (len(country_code.strip()) == 2 and country_code.strip().isalpha()):
        raise ValueError(f"{country_code!r} is not a two-letter country code")
    places: dict[str, _Place] = {}
    # COD files run to a few megabytes; decoding the whole file at once tells the exact line of a
    # bad byte, which decoding as csv reads would not.
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"line {line}: not valid UTF-8") from None
    lines = io.StringIO(text, newline="")
    header_line = lines.readline()
    lines.seek(0)
    reader = csv.reader(lines, delimiter=max(",;\t", key=header_line.count))
    headers = next(reader, None)
    if not headers or not any(cell.strip() for cell in headers):
        raise ValueError(f"{path.name}: no header row")
    columns = _columns(headers)
    try:
        for row in reader:
            _read_row(row, reader.line_num, columns, places, country_code)
    except csv.Error as exc:  # a NUL byte, an unclosed quote at the end of the file
        raise ValueError(f"line {reader.line_num}: {exc}") from None
    entries = [
        GazetteerEntry(
            gazetteer=gazetteer,
            gazetteer_id=pcode,
            name=place.name,
            name_ar=place.name_ar,
            alt_names=unique_names(place.alt_names, exclude=(place.name, place.name_ar)),
            feature=place.feature,
            country_code=place.country_code,
            parent_id=place.parent,
            latitude=place.latitude,
            longitude=place.longitude,
            population=None,
        )
        for pcode, place in places.items()
    ]
    entries.sort(key=lambda entry: (places[entry.gazetteer_id].level, entry.gazetteer_id))
    return iter(entries)


def _read_row(
    row: list[str], line: int, columns: _Columns, places: dict[str, _Place], country_code: str | None
) -> None:
    if not any(cell.strip() for cell in row):
        return
    # HDX files often carry a second header row of HXL hashtags (#adm1+name, #adm1+code).
    if all(cell.strip().startswith("#") for cell in row if cell.strip()):
        return
    if len(row) > len(columns.headers):
        raise ValueError(f"line {line}: {len(row)} fields but the header names {len(columns.headers)}")
    row = row + [""] * (len(columns.headers) - len(row))

    def cell(index: int | None) -> str:
        return "" if index is None else row[index].strip()

    code = _row_country(row, line, columns, country_code)
    parent: str | None = None
    deepest: _Place | None = None
    for level in sorted(columns.pcode):
        pcode = cell(columns.pcode[level])
        if not pcode:
            continue  # a gap in the hierarchy: the next level hangs from the one above
        name = clean_name(cell(columns.name_en[level]))
        if not name:
            raise ValueError(f"line {line}: {columns.headers[columns.name_en[level]]}: empty for p-code {pcode}")
        place = places.get(pcode)
        if place is None:
            alt_names = [
                alt for index in columns.alt_names.get(level, []) for alt in _ALT_SEPARATORS.split(cell(index))
            ]
            place = places[pcode] = _Place(
                line=line,
                level=level,
                name=name,
                name_ar=clean_name(cell(columns.name_ar.get(level))) or None,
                alt_names=alt_names,
                parent=parent,
                country_code=code,
                feature=LEVEL_FEATURES[level],
            )
        elif place.level != level:
            raise ValueError(
                f"line {line}: p-code {pcode} is at admin{level} here, admin{place.level} on line {place.line}"
            )
        elif place.parent != parent:
            raise ValueError(
                f"line {line}: {columns.headers[columns.pcode[level]]}: {pcode} is under {parent} here, "
                f"under {place.parent} on line {place.line}"
            )
        parent, deepest = pcode, place
    if deepest is None:
        raise ValueError(f"line {line}: no p-code")

    if columns.latitude is not None and columns.longitude is not None:
        latitude = parse_coordinate(cell(columns.latitude), columns.headers[columns.latitude], line, latitude=True)
        longitude = parse_coordinate(cell(columns.longitude), columns.headers[columns.longitude], line, latitude=False)
        if (latitude is None) != (longitude is None):
            raise ValueError(f"line {line}: latitude and longitude go together")
        if deepest.latitude is None:
            deepest.latitude, deepest.longitude = latitude, longitude
    if deepest.level == _DEEPEST and columns.kind is not None and deepest.line == line:
        deepest.feature = _community_feature(cell(columns.kind))


def _row_country(row: list[str], line: int, columns: _Columns, country_code: str | None) -> str:
    if country_code:
        return country_code.strip().upper()
    candidates = []
    if 0 in columns.pcode:
        candidates.append(row[columns.pcode[0]].strip())
    first = min(level for level in columns.pcode if level > 0)
    candidates.append(row[columns.pcode[first]].strip()[:2])
    for candidate in candidates:
        if len(candidate) == 2 and candidate.isalpha():
            return candidate.upper()
    raise ValueError(f"line {line}: cannot tell the country: add an admin0Pcode column or pass country_code")
