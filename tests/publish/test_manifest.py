"""manifest.json: every file of a published folder with its SHA-256 and size, signed by the instance key; and
`tawthiq publish verify DIR`, which names each missing, changed or extra file and a signature that does not hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from typer.testing import CliRunner

from tawthiq.cli.app import build_app
from tawthiq.crypto.signing import public_key_text
from tawthiq.publish.manifest import STATE, verify_site, write_manifest
from tawthiq.publish.site import write_site
from tests.publish.sample import sample_set

ASSETS = Path(__file__).resolve().parents[2] / "node_modules"
KEY = SigningKey(bytes(range(32)))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    report = write_site(sample_set(), out, assets=ASSETS)
    (out / "data").mkdir()
    (out / "data" / "incidents.csv").write_text("id\nevent-market\n", encoding="utf-8")  # another writer's file
    write_manifest(out, key=KEY, known=report.files)
    return out


def _verify(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), ["publish", "verify", str(site), *args])
    return result.exit_code, result.output


def test_the_manifest_lists_every_file_with_its_hash_and_the_signature_holds(site: Path) -> None:
    body = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in body["files"]}
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert listed == on_disk - {"manifest.json", "manifest.sig", STATE}  # the site writer's private state
    assert "data/incidents.csv" in listed and "en/incidents/event-market.html" in listed
    assert body["public_key"] == public_key_text(KEY)
    check = verify_site(site, expected_key=public_key_text(KEY))
    assert check.problems == [] and check.checked == len(listed)
    code, output = _verify(site)
    assert code == 0 and "valid" in output and "NOT" not in output


def test_the_manifest_is_json_indented_by_one_with_sorted_keys(site: Path) -> None:
    data = (site / "manifest.json").read_bytes()  # a reader's tools may re-serialise it and compare
    assert data == (json.dumps(json.loads(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    assert "ar/incidents/event-market.html" in data.decode("utf-8")


def test_an_unchanged_site_keeps_the_same_manifest_bytes(site: Path) -> None:
    before = (site / "manifest.json").read_bytes(), (site / "manifest.sig").read_bytes()
    report = write_site(sample_set(), site, assets=ASSETS)
    assert write_manifest(site, key=KEY, known=report.files) is False
    assert ((site / "manifest.json").read_bytes(), (site / "manifest.sig").read_bytes()) == before


def test_a_changed_byte_a_missing_file_and_an_extra_file_are_each_named(site: Path) -> None:
    page = site / "ar" / "incidents" / "event-market.html"
    data = bytearray(page.read_bytes())
    data[200] ^= 1
    page.write_bytes(bytes(data))
    (site / "en" / "methodology.html").unlink()
    (site / "en" / "incidents" / "planted.html").write_text("<p>not ours</p>", encoding="utf-8")
    assert verify_site(site).problems == ["ar/incidents/event-market.html: changed", "en/methodology.html: missing",
                                          "en/incidents/planted.html: not in the manifest"]
    code, output = _verify(site)
    assert code == 1
    for name in ("ar/incidents/event-market.html", "en/methodology.html", "en/incidents/planted.html"):
        assert name in output


def test_a_manifest_edited_to_match_a_changed_file_fails_its_signature(site: Path) -> None:
    path = site / "manifest.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    body["files"] = [f for f in body["files"] if f["path"] != "data/incidents.csv"]
    path.write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (site / "data" / "incidents.csv").unlink()
    assert verify_site(site).problems == ["manifest.sig: the signature does not match manifest.json"]
    code, output = _verify(site)
    assert code == 1 and "manifest.sig" in output


def test_a_manifest_re_signed_by_another_key_is_refused_when_the_publishers_key_is_given(site: Path) -> None:
    other = SigningKey(bytes(range(1, 33)))
    write_manifest(site, key=other)
    assert verify_site(site).problems == []  # consistent in itself …
    code, output = _verify(site, "--key", public_key_text(KEY))
    assert code == 1 and "not by the expected key" in output  # … but not the publisher's


def test_a_folder_without_a_manifest_is_not_valid(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hello</p>", encoding="utf-8")
    code, output = _verify(tmp_path)
    assert code == 1 and "manifest.json: missing" in output


def test_a_republish_leaves_unchanged_pages_unrendered_but_restores_one_altered_since(site: Path,
                                                                                     tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    write_site(sample_set(), fresh, assets=ASSETS)
    page = site / "en" / "incidents" / "event-market.html"
    page.write_bytes(page.read_bytes().replace(b"Witness 4", b"Witness 9"))  # same size, same source digest
    report = write_site(sample_set(), site, assets=ASSETS)
    assert report.written == 1 and report.removed == 0
    assert page.read_bytes() == (fresh / "en" / "incidents" / "event-market.html").read_bytes()
    write_manifest(site, key=KEY, known=report.files)
    assert verify_site(site).problems == []
