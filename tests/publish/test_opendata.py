"""Open data: CSV and JSON of incidents, acts and victims, a Frictionless Data Package that describes them, and an
ACLED-compatible file; made from the redacted set only, the same set giving the same bytes, sources never exported,
and a figure not reported left empty, never 0."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tawthiq.domain.publication import PublicEvent, PublicSet, PublicVictim
from tawthiq.publish.opendata import ACLED_COLUMNS, write_data
from tawthiq.services.publishing.collect import collect
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.publish.sample import sample_set
from tests.support import OWNER

TYPES = {"string", "integer", "number", "date", "boolean"}


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    write_data(sample_set(), tmp_path / "data", organisation="Syrians for Truth")
    return tmp_path / "data"


def test_each_published_incident_is_a_row_with_its_stable_url_places_and_ranges(data: Path) -> None:
    rows = _rows(data / "incidents.csv")
    assert [r["id"] for r in rows] == ["event-checkpoint", "event-market"]  # ordered by id
    market = _by_id(rows)["event-market"]
    assert (market["url"], market["url_ar"]) == ("en/incidents/event-market.html", "ar/incidents/event-market.html")
    assert market["page"] == "../en/incidents/event-market.html"
    assert (market["place"], market["place_ar"], market["admin1"], market["admin1_ar"], market["admin2"]) == (
        "Albu Kamal", "البوكمال", "Deir ez-Zor", "دير الزور", "Albu Kamal")
    assert (market["latitude"], market["geo_precision"], market["grade"], market["counted"]) == (
        "34.4536", "exact", "confirmed", "true")
    assert (market["killed_min"], market["killed_max"], market["injured_min"]) == ("5", "7", "20")
    assert market["detained_min"] == market["detained_max"] == market["missing_min"] == ""  # not reported, not 0
    checkpoint = _by_id(rows)["event-checkpoint"]
    assert checkpoint["killed_min"] == "" and checkpoint["detained_min"] == "12"
    # The month is the month, in both languages, never the 1st of it.
    assert (checkpoint["start"], checkpoint["end"], checkpoint["date_precision"]) == ("2015-07-01", "2015-07-31",
                                                                                     "month")
    assert checkpoint["date_en"] == "July 2015" and checkpoint["date_ar"] == "تموز 2015"
    assert "casualties" not in rows[0] and not any("total" in name for name in rows[0])


def test_the_json_holds_the_same_rows_with_types_and_nulls_for_what_was_not_reported(data: Path) -> None:
    incidents = json.loads((data / "incidents.json").read_text(encoding="utf-8"))
    market = next(i for i in incidents if i["id"] == "event-market")
    assert market["killed_min"] == 5 and market["detained_min"] is None and market["latitude"] == 34.4536
    assert market["counted"] is True and market["start"] == "2015-07-14"
    acts = json.loads((data / "acts.json").read_text(encoding="utf-8"))
    assert [(a["id"], a["incident_id"], a["killed"], a["detained"]) for a in acts] == [
        ("act-1", "event-market", 5, None), ("act-2", "event-checkpoint", None, 12)]
    assert acts[0]["perpetrators"] == "Syrian Arab Army" and acts[0]["perpetrators_ar"] == "الجيش العربي السوري"


def test_the_same_set_gives_the_same_bytes_and_a_second_run_rewrites_nothing(data: Path, tmp_path: Path) -> None:
    other = tmp_path / "again"
    written = write_data(sample_set(), other, organisation="Syrians for Truth")
    assert sorted(p.name for p in written) == sorted(p.name for p in data.iterdir())
    for path in written:
        assert path.read_bytes() == (data / path.name).read_bytes(), path.name
    before = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
    write_data(sample_set(), data, organisation="Syrians for Truth")
    assert {p.name: p.stat().st_mtime_ns for p in data.iterdir()} == before


def test_sources_and_what_was_withheld_are_in_no_file(data: Path) -> None:
    for path in data.iterdir():
        text = path.read_text(encoding="utf-8")
        for word in ("Witness 4", "usually-reliable", "موثوق عادةً", "source-secret", "event-draft", "not-verified",
                     "no-consent"):
            assert word not in text, (path.name, word)
    assert not any("source" in p.name for p in data.iterdir())


def test_victims_are_written_only_with_the_fields_the_set_holds(data: Path, tmp_path: Path) -> None:
    rows = _rows(data / "victims.csv")
    assert list(rows[0]) == ["act_id", "number", "sex", "age_group"]  # the profile does not name them
    assert [(r["act_id"], r["number"], r["sex"], r["age_group"]) for r in rows] == [
        ("act-1", "1", "female", "child"), ("act-1", "2", "male", "adult")]

    named = _with_victims(sample_set(), (PublicVictim("Huda", "هدى", "female", "child"),))
    write_data(named, tmp_path / "named")
    assert [(r["name"], r["name_ar"]) for r in _rows(tmp_path / "named" / "victims.csv")] == [("Huda", "هدى")]

    write_data(_with_victims(sample_set(), ()), data)  # the same folder, now with no victim rows
    assert not (data / "victims.csv").exists() and not (data / "victims.json").exists()
    assert "victims" not in [r["name"] for r in json.loads((data / "datapackage.json").read_text())["resources"]]


def test_the_acled_file_has_acleds_columns_and_one_row_per_act(data: Path) -> None:
    text = (data / "incidents_acled.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(ACLED_COLUMNS)
    rows = _rows(data / "incidents_acled.csv")
    shelling, detention = rows  # ordered by act id
    assert (shelling["event_date"], shelling["time_precision"], shelling["geo_precision"]) == ("2015-07-14", "1", "1")
    assert (shelling["event_type"], shelling["sub_event_type"]) == ("Explosions/Remote violence",
                                                                    "Shelling/artillery/missile attack")
    assert (shelling["actor1"], shelling["actor2"], shelling["fatalities"]) == ("Syrian Arab Army",
                                                                               "Civilians (Syria)", "5")
    assert (shelling["admin1"], shelling["admin2"], shelling["location"]) == ("Deir ez-Zor", "Albu Kamal",
                                                                              "Albu Kamal")
    assert shelling["source"] == "Syrians for Truth" and shelling["notes"].startswith("Shelling of the Albu Kamal")
    # A month: its middle, with the month's code; no fatality reported is empty, not ACLED's 0.
    assert (detention["event_date"], detention["time_precision"], detention["geo_precision"]) == ("2015-07-16", "3",
                                                                                                  "3")
    assert detention["fatalities"] == "" and detention["actor1"] == "Islamic State"


def test_acts_acled_cannot_code_are_left_out_of_its_file_and_counted_in_the_description(tmp_path: Path) -> None:
    pset = sample_set()
    market, checkpoint = pset.events
    year = replace(checkpoint, id="event-year", start=date(2015, 1, 1), end=date(2015, 12, 31), precision="year",
                   acts=(replace(checkpoint.acts[0], id="act-year", start=None, end=None, precision="unknown"),))
    assert market.place is not None
    country = replace(market, id="event-country", place=replace(market.place, geo_precision="country"),
                      acts=(replace(market.acts[0], id="act-country"),))
    week = replace(market, id="event-week", start=date(2015, 7, 13), end=date(2015, 7, 19), precision="week",
                   acts=(replace(market.acts[0], id="act-week", start=date(2015, 7, 13), end=date(2015, 7, 19),
                                 precision="week"),))
    pset.events += [year, country, week]
    write_data(pset, tmp_path)
    rows = _rows(tmp_path / "incidents_acled.csv")
    assert [(r["event_date"], r["time_precision"]) for r in rows] == [("2015-07-14", "1"), ("2015-07-16", "3"),
                                                                       ("2015-07-16", "2")]
    assert {r["id"] for r in _rows(tmp_path / "acts.csv")} >= {"act-year", "act-country"}  # still published
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    acled = next(r for r in package["resources"] if r["path"] == "incidents_acled.csv")
    assert "2 acts left out" in acled["description"] and "year" in acled["description"]


def test_the_data_package_describes_every_file_and_every_cell_fits_its_schema(data: Path) -> None:
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["created"] == "2015-08-05T12:00:00+00:00"
    assert "never 0" in package["description"] and "year" in package["description"]
    paths = {r["path"] for r in package["resources"]}
    assert paths == {p.name for p in data.glob("*.csv")}
    assert {"incidents.csv", "acts.csv", "victims.csv", "codebook.csv", "incidents_acled.csv"} <= paths
    for resource in package["resources"]:
        _validate(data, resource, package)
    labels = {t["value"]: (t["label_en"], t["label_ar"]) for t in package["vocabularies"]["violation-types"]}
    assert labels["indiscriminate-attack"] == ("Indiscriminate attack", "هجوم عشوائي")
    assert "source-kinds" not in package["vocabularies"] and "reliability" not in package["vocabularies"]
    codebook = {(r["vocabulary"], r["value"]): r for r in _rows(data / "codebook.csv")}
    assert codebook[("grade", "confirmed")]["label_ar"] == "مؤكَّد"
    assert codebook[("violation-types", "arbitrary-detention")]["label_ar"] == "الاعتقال التعسفي"


def test_a_vocabulary_value_missing_from_the_package_would_be_caught(data: Path) -> None:
    """The validator below is not a rubber stamp: an act type outside the enum fails it."""
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    acts = next(r for r in package["resources"] if r["name"] == "acts")
    type_field = next(f for f in acts["schema"]["fields"] if f["name"] == "type")
    type_field["constraints"]["enum"].remove("arbitrary-detention")
    with pytest.raises(AssertionError, match="arbitrary-detention"):
        _validate(data, acts, package)


def _validate(folder: Path, resource: dict[str, Any], package: dict[str, Any]) -> None:
    """What frictionless checks for a tabular resource, done by hand (the package is not a dependency)."""
    assert resource["profile"] == "tabular-data-resource" and resource["encoding"] == "utf-8"
    schema = resource["schema"]
    rows = _rows(folder / resource["path"])
    header = (folder / resource["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [f["name"] for f in schema["fields"]], resource["path"]
    for spec in schema["fields"]:
        assert spec["type"] in TYPES and spec["description"], spec
        constraints = spec.get("constraints", {})
        if "enum" in constraints:
            terms = {str(t["value"]): t for t in package["vocabularies"][spec["vocabulary"]]}
            assert all(terms[str(v)]["label_en"] and terms[str(v)]["label_ar"] for v in constraints["enum"])
        for row in rows:
            cell = row[spec["name"]]
            if cell in schema["missingValues"]:
                assert not constraints.get("required"), (resource["path"], spec["name"])
                continue
            value = _parse(spec["type"], cell)
            if "enum" in constraints:
                assert value in constraints["enum"], f"{resource['path']}: {spec['name']}={cell}"
            if "minimum" in constraints:
                assert value >= constraints["minimum"]
    if "primaryKey" in schema:
        keys = [tuple(row[k] for k in schema["primaryKey"]) for row in rows]
        assert len(keys) == len(set(keys)), resource["path"]
    for foreign in schema.get("foreignKeys", []):
        target = next(r for r in package["resources"] if r["name"] == foreign["reference"]["resource"])
        known = {row[foreign["reference"]["fields"]] for row in _rows(folder / target["path"])}
        assert {row[foreign["fields"]] for row in rows} <= known


def _parse(kind: str, cell: str) -> Any:
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "date":
        return date.fromisoformat(cell)
    if kind == "boolean":
        assert cell in ("true", "false")
        return cell == "true"
    return cell


def _with_victims(pset: PublicSet, victims: tuple[PublicVictim, ...]) -> PublicSet:
    events: list[PublicEvent] = [replace(e, acts=tuple(replace(a, victims=victims) if a.id == "act-1"
                                                       else a for a in e.acts)) for e in pset.events]
    return replace(pset, events=events)


def test_an_event_without_a_place_has_empty_place_cells_and_no_acled_row(tmp_path: Path) -> None:
    pset = sample_set()
    pset.events = [replace(e, place=None, place_text="near the river") if e.id == "event-market" else e
                   for e in pset.events]
    write_data(pset, tmp_path)
    market = _by_id(_rows(tmp_path / "incidents.csv"))["event-market"]
    assert (market["place"], market["latitude"], market["admin1"]) == ("near the river", "", "")
    assert [r["notes"].split(":")[0] for r in _rows(tmp_path / "incidents_acled.csv")] == [
        "Detentions at the Mayadin checkpoint"]


def test_records_published_end_to_end_reach_the_data_and_nothing_held_back_does(sqlite_ws: Workspace,
                                                                                tmp_path: Path) -> None:
    def record(kind: str, **fields: Any) -> str:
        return str(create_record(sqlite_ws, kind=kind, data=fields)["id"])

    governorate = record("place", name="Deir ez-Zor", name_ar="دير الزور", feature="governorate",
                         confidentiality="public")
    town = record("place", name="Albu Kamal", name_ar="البوكمال", feature="village", latitude=34.45,
                  longitude=40.93, parent=governorate, confidentiality="public")
    market = record("event", title="Shelling of the market", start="2015-07-14", status="verified", place=town,
                    geo_precision="exact", confidentiality="public")
    act = record("act", event=market, type="indiscriminate-attack", killed=4, description="Shells hit the market.",
                 confidentiality="public")
    record("involvement", act=act, actor="islamic-state", degree="carried-out", confidentiality="public")
    source = record("source", pseudonym="Zqpseudonym", confidentiality="public")
    record("information", source=source, event=market, confidentiality="public")
    record("event", title="Zqunverified raid", start="2015-07-02", status="unverified", confidentiality="public")
    record("event", title="Zqrestricted raid", start="2015-07-03", status="verified", confidentiality="restricted")

    out = tmp_path / "site" / "data"
    write_data(collect(sqlite_ws, OWNER, profile="public"), out, organisation="Syrians for Truth")
    [row] = _rows(out / "incidents.csv")
    assert (row["id"], row["killed_min"], row["killed_max"], row["injured_min"]) == (market, "4", "4", "")
    assert (row["admin1"], row["admin1_ar"], row["place"]) == ("Deir ez-Zor", "دير الزور", "Albu Kamal")
    [acled] = _rows(out / "incidents_acled.csv")
    assert (acled["fatalities"], acled["actor1"], acled["event_type"]) == ("4", "Islamic State",
                                                                          "Explosions/Remote violence")
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "Zqpseudonym" not in text and "Zqunverified" not in text and "Zqrestricted" not in text, path.name


def test_every_url_in_the_data_opens_the_incidents_page_of_the_published_site(tmp_path: Path) -> None:
    from tawthiq.publish.site import write_site

    site = tmp_path / "site"
    write_site(sample_set(), site, assets=Path(__file__).resolve().parents[2] / "node_modules")
    write_data(sample_set(), site / "data")
    for row in _rows(site / "data" / "incidents.csv"):
        for page in (site / row["url"], site / row["url_ar"], site / "data" / row["page"]):
            assert page.resolve().is_file() and row["title"] in page.read_text(encoding="utf-8"), page
