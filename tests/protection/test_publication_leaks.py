"""Nothing protected is ever published (issue 15 §1): a workspace with a source's identity and contact, a
restricted event, an internal act of a public event, an unconsented source, an unverified incident, a victim's
name, a protected note, an override's reason, a sensitive place as reported and a camera's metadata, published
with every built-in profile: none of them is in the redacted collection, nor in any byte of what the renderers
write from it (the site's pages, feeds and search index, the open data's CSV and JSON, the PDF reports as text and
as bytes, and the published images)."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tawthiq.db.models import EvidenceItem, Person
from tawthiq.domain.publication import PublicSet
from tawthiq.publish.opendata import write_data
from tawthiq.publish.pdf import event_pdf, monthly_pdf
from tawthiq.publish.site import write_site
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.publishing import grading
from tawthiq.services.publishing.collect import collect
from tawthiq.services.publishing.files import prepare_files
from tawthiq.services.publishing.profiles import builtin_profiles
from tawthiq.services.records.store import create_record, delete_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER

ASSETS = Path(__file__).resolve().parents[2] / "node_modules"
PLANTED = {
    "identity": "zqidentity Walid Haddad", "contact": "zqcontact 0955 123 456", "source note": "zqsourcenote",
    "restricted event": "zqrestrictedtitle", "restricted act": "zqrestrictedact",
    "internal act": "zqinternalact", "unconsented source": "zqunconsented", "internal source": "zqinternalsource",
    "unverified incident": "zqunverifiedtitle", "victim's name": "zqvictimname", "victim's Arabic name": "زقضحية",
    "protected note": "zqprotectednote", "override reason": "zqoverridereason",
    "sensitive place": "zqhousebehindmosque", "camera": "zqcameramodel", "deleted event": "zqdeletedtitle",
}
SHOWN = ("Shelling of the market", "Witness 4")  # what may be published, to know the outputs are not empty
HIDDEN_PLACE = "Hajin"  # an internal village: its events are published at its district, and no title names it


def _record(ws: Workspace, record_kind: str, **data: Any) -> str:
    return str(create_record(ws, kind=record_kind, data=data)["id"])


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (96, 64), "gray")
    exif = Image.Exif()
    exif[0x0110] = PLANTED["camera"]  # Model
    exif[0x010E] = PLANTED["identity"]  # ImageDescription
    exif[0x8825] = {1: "N", 2: (34.0, 42.0, 1.0), 3: "E", 4: (40.0, 49.0, 48.0)}  # GPS
    image.save(path, "JPEG", exif=exif)
    return path


def _seed(ws: Workspace, tmp_path: Path) -> str:
    country = _record(ws, "place", name="Syria", feature="country", latitude=35.0, longitude=38.0)
    district = _record(ws, "place", name="Albu Kamal District", feature="district", parent=country,
                       latitude=34.45, longitude=40.9)
    village = _record(ws, "place", name="Hajin", feature="village", parent=district, latitude=34.69, longitude=40.83)
    market = _record(ws, "event", title=SHOWN[0], start="2015-07-14", status="verified", confidentiality="public",
                     place=village, description="Shells fell on the market at noon.")
    shelling = _record(ws, "act", event_id=market, type="indiscriminate-attack", killed=4, injured=9,
                       confidentiality="public", description="Artillery fire on the market.")
    _record(ws, "involvement", act_id=shelling, actor="fourth-division", degree="carried-out")
    _record(ws, "act", event_id=market, type="arbitrary-detention", detained=7, confidentiality="internal",
            description=PLANTED["internal act"])
    person = _record(ws, "person", name=PLANTED["victim's name"], name_ar=PLANTED["victim's Arabic name"],
                     sex="female", age=11, confidentiality="public")
    with ws.transaction() as session:  # a protected note as the office would have entered it
        row = session.get(Person, person)
        assert row is not None
        row.protected_notes = PLANTED["protected note"]
    _record(ws, "victim", act_id=shelling, person=person, confidentiality="public")
    for pseudonym, level, consent, extra in (
            ("Witness 4", "public", True, {"identity": PLANTED["identity"], "contact": PLANTED["contact"],
                                           "notes": PLANTED["source note"]}),
            (PLANTED["unconsented source"], "public", False, {}),
            (PLANTED["internal source"], "internal", True, {})):
        source = _record(ws, "source", pseudonym=pseudonym, confidentiality=level, consent_publish=consent,
                         kind="witness", **extra)
        _record(ws, "information", event_id=market, source_id=source, confidentiality="public")
    grading.override_grade(ws, OWNER, event=market, grade="confirmed", reason=PLANTED["override reason"])
    restricted = _record(ws, "event", title=PLANTED["restricted event"], start="2015-07-20", status="verified",
                         confidentiality="restricted")
    _record(ws, "act", event_id=restricted, type="killing", killed=2, confidentiality="public",
            description=PLANTED["restricted act"])
    _record(ws, "event", title=PLANTED["unverified incident"], start="2015-07-21", status="unverified",
            confidentiality="public")
    deleted = _record(ws, "event", title=PLANTED["deleted event"], start="2015-07-22", status="verified",
                      confidentiality="public")
    delete_record(ws, kind="event", ident=deleted, reason="entered twice")
    detention = _record(ws, "event", title="Detentions in Hajin", start="2015-07-16", status="verified",
                        confidentiality="public", place=village, place_text=PLANTED["sensitive place"])
    _record(ws, "act", event_id=detention, type="torture", confidentiality="public")
    [photo] = add_evidence(ws, OWNER, paths=[_photo(tmp_path / "market.jpg")], event=market)
    with ws.transaction() as session:
        item = session.get(EvidenceItem, photo.evidence_id)
        assert item is not None
        item.confidentiality = "public"
    return market


def _strings(value: Any) -> Iterator[str]:
    """Every string a collection holds, field by field."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)
    elif value is not None and not isinstance(value, int | float | date | datetime):
        yield repr(value)


def _forms(secret: str) -> list[bytes]:
    """How a planted string could be written: as is, JSON-escaped, HTML-escaped, in lower case."""
    return [form.encode() for form in {secret, secret.lower(), json.dumps(secret)[1:-1],
                                       secret.replace(" ", "&#32;")}]


def _leaks(data: bytes) -> list[str]:
    lowered = data.lower()
    return [name for name, secret in PLANTED.items() if any(form.lower() in lowered for form in _forms(secret))]


def _outputs(pset: PublicSet, out: Path, market: str | None) -> Iterator[tuple[str, bytes]]:
    write_site(pset, out / "site", assets=ASSETS)
    write_data(pset, out / "data")
    for path in sorted(p for p in out.rglob("*") if p.is_file() and "vendor" not in p.parts):
        yield str(path.relative_to(out)), path.read_bytes()
    pdfs = [(f"monthly-{lang}.pdf", monthly_pdf(pset, month="2015-07", language=lang)) for lang in ("en", "ar")]
    if market is not None and pset.event(market) is not None:
        pdfs.append(("event-en.pdf", event_pdf(pset, market, language="en")))
    for name, data in pdfs:
        yield name, data
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, check=True,
                              capture_output=True).stdout
        yield f"{name} as text", text


@pytest.mark.parametrize("profile", sorted(builtin_profiles()))
def test_nothing_planted_is_published_by_any_built_in_profile(sqlite_ws: Workspace, tmp_path: Path,
                                                               profile: str) -> None:
    ws = sqlite_ws
    market = _seed(ws, tmp_path)
    assert prepare_files(ws, OWNER, profile) == []  # the copies the profile needs, made before publishing
    pset = collect(ws, OWNER, profile=profile)
    assert pset.events, "the profile publishes the verified event"
    held = _leaks("\n".join(_strings(pset)).encode()) + _leaks(repr(pset).encode())
    assert held == [], f"the collection holds {held}"
    shown: list[str] = []
    for name, data in _outputs(pset, tmp_path / "out", market):
        assert _leaks(data) == [], f"{name} holds {_leaks(data)}"
        shown += [s for s in SHOWN if s.encode() in data]
        if name.endswith((".jpg", ".jpeg")):
            with Image.open(io.BytesIO(data)) as image:
                assert not image.getexif(), f"{name} keeps metadata"
    assert SHOWN[0] in shown, "the outputs show the published event"
    assert not any(HIDDEN_PLACE.encode() in data for _name, data in _outputs(pset, tmp_path / "again", market))
    if profile == "public":
        assert SHOWN[1] in shown, "the consented source appears by pseudonym"
        assert any(f.derivation == "faces-blurred" for e in pset.events for f in e.files)
        assert list((tmp_path / "out" / "site").rglob("*.jpg")), "the blurred copy is published"
