"""The static public site, rendered from the hand-made PublicSet: both languages, dates as precise as recorded,
figures as min–max, the same bytes for the same set, incremental runs, and links that stay inside the site."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from nacl.signing import SigningKey

from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.publication import PublicSet
from tawthiq.publish import search
from tawthiq.publish.manifest import STATE, verify_site, write_manifest
from tawthiq.publish.site import VENDOR, write_site
from tests.publish.sample import sample_set

ASSETS = Path(__file__).resolve().parents[2] / "node_modules"
# URLs that may stand in the site's own files: the Atom namespace is a name, never fetched
NAMESPACES = {"http://www.w3.org/2005/Atom"}
# What the copied npm files hold outside their comments: the SVG namespace, and Leaflet's attribution link, which
# the site's map turns off (attributionControl: false); the browser test counts every request that leaves.
VENDOR_URLS = {"http://www.w3.org/2000/svg", "https://leafletjs.com"}
URL = re.compile(rb"https?://[^\s\"'<>)]+")


def _tree(root: Path) -> dict[str, bytes]:
    """The published files (not the writer's private state, which records modification times)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != STATE}


def _page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    write_site(sample_set(), out, assets=ASSETS)
    return out


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_exists_in_both_languages_and_arabic_reads_right_to_left(site: Path, lang: str) -> None:
    for rel in ("index.html", "incidents/event-market.html", "incidents/event-checkpoint.html", "methodology.html",
                "search.html", "places/index.html", "places/deir-ez-zor.html", "perpetrators/actor-isis.html",
                "violations/arbitrary-detention.html", "months/2015-07.html", "feed.xml", "search-index.js"):
        assert (site / lang / rel).is_file(), f"{lang}/{rel}"
    home = _page(site, f"{lang}/index.html")
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in home
    assert (site / "index.html").is_file()


def test_an_incident_page_shows_grade_in_both_languages_figures_as_ranges_and_what_is_not_reported(site: Path) -> None:
    page = _page(site, "en/incidents/event-market.html")
    assert "confirmed" in page and "مؤكَّد" in page
    # killed 5–7 over two accounts, injured 20; isolated left to right so that Arabic lines keep "5–7"
    assert '<td><bdi dir="ltr">5–7</bdi></td>' in page and '<td><bdi dir="ltr">20</bdi></td>' in page
    assert page.count("not reported") == 3  # detained, missing, displaced: never 0
    assert "July 14, 2015" in page
    assert "Albu Kamal · Deir ez-Zor · Syria" in page  # the place with its admin levels
    assert "Witness 4" in page and "Syrian Arab Army" in page
    assert "files/" + "a" * 64 + ".png" in page and (site / "files" / ("a" * 64 + ".png")).is_file()
    arabic = _page(site, "ar/incidents/event-market.html")
    assert "القتلى" in arabic and '<td><bdi dir="ltr">5–7</bdi></td>' in arabic
    assert "غير مذكور" in arabic and "14 تموز 2015" in arabic


def test_a_date_known_to_the_month_is_shown_as_the_month_never_as_a_day(site: Path) -> None:
    english = _page(site, "en/incidents/event-checkpoint.html")
    assert '<dd class="date">July 2015</dd>' in english
    assert "July 1" not in english and "July 31" not in english
    assert '<dd class="date">تموز 2015</dd>' in _page(site, "ar/incidents/event-checkpoint.html")


def test_headline_figures_count_only_the_counted_events_as_min_max(site: Path) -> None:
    home = _page(site, "en/index.html")
    headline = home.split('<dl class="figures">')[1].split("</dl>")[0]
    assert '<dt>Killed</dt><dd><bdi dir="ltr">5–7</bdi></dd>' in headline
    assert "<dt>Detained</dt><dd>not reported</dd>" in headline  # the weak checkpoint event's 12 are not counted
    assert "Incidents counted: 1 (graded fair, confirmed)" in home


def test_the_same_set_gives_the_same_bytes(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_site(sample_set(), again, assets=ASSETS)
    assert _tree(site) == _tree(again)


def _changed_title(pset: PublicSet) -> PublicSet:
    market = pset.events[0]
    pset.events[0] = dataclasses.replace(market, title="Shelling of the Albu Kamal market (revised)",
                                         updated_at=datetime(2015, 9, 1, tzinfo=UTC))
    return pset


def test_a_second_run_rewrites_only_the_files_whose_bytes_changed(site: Path) -> None:
    unchanged = write_site(sample_set(), site, assets=ASSETS)
    assert (unchanged.written, unchanged.removed) == (0, 0) and unchanged.unchanged == len(_tree(site))

    before = _tree(site)
    stamps = {rel: (site / rel).stat().st_mtime_ns for rel in before}
    report = write_site(_changed_title(sample_set()), site, assets=ASSETS)
    after = _tree(site)
    differ = {rel for rel in after if before.get(rel) != after[rel]}
    assert "en/incidents/event-market.html" in differ and "ar/feed.xml" in differ
    assert report.written == len(differ) and report.unchanged == len(after) - len(differ) and report.removed == 0
    assert (site / "en/incidents/event-checkpoint.html").stat().st_mtime_ns == \
        stamps["en/incidents/event-checkpoint.html"]  # not rewritten
    assert len(differ) < len(after) / 2


def test_an_event_no_longer_published_loses_its_pages_and_every_link_to_them(site: Path) -> None:
    before = set(_tree(site))
    pset = sample_set()
    pset.events = [e for e in pset.events if e.id != "event-checkpoint"]
    report = write_site(pset, site, assets=ASSETS)
    gone = before - set(_tree(site))
    assert {"en/incidents/event-checkpoint.html", "ar/incidents/event-checkpoint.html",
            "en/perpetrators/actor-isis.html", "ar/violations/arbitrary-detention.html"} <= gone
    assert report.removed == len(gone)
    assert not any(b"event-checkpoint" in data for data in _tree(site).values())
    assert (site / "en/incidents/event-market.html").is_file()  # the other keeps its URL


def test_missing_npm_packages_are_refused_by_name_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        write_site(sample_set(), tmp_path / "site", assets=tmp_path / "no-node-modules")
    problem = caught.value.problems[0]
    assert problem.field == "assets" and "not installed" in problem.reason and problem.reason_ar
    assert not (tmp_path / "site").exists()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)


def test_every_link_of_every_page_resolves_to_a_file_of_the_site_and_none_leaves_it(site: Path) -> None:
    checked = 0
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), f"{page}: {link}"
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file() and target.is_relative_to(site.resolve()), f"{page}: {link}"
            checked += 1
    for feed in site.glob("*/feed.xml"):
        for link in re.findall(r'href="([^"]+)"', feed.read_text(encoding="utf-8")):
            assert (feed.parent / link).is_file(), f"{feed}: {link}"
    assert checked > 200


def _outside_comments(data: bytes) -> bytes:
    data = re.sub(rb"/\*.*?\*/", b"", data, flags=re.S)
    return re.sub(rb"(?m)^\s*//.*$", b"", data)


def test_no_file_names_another_site_but_namespaces_and_copied_third_party_code(site: Path) -> None:
    for rel, data in _tree(site).items():
        if rel.startswith("assets/vendor/"):
            continue
        assert set(URL.findall(data)) <= {n.encode() for n in NAMESPACES}, rel
    copied = {f"assets/vendor/{rel}": ASSETS / inside for rel, inside in VENDOR.items()}
    for rel, original in copied.items():
        data = (site / rel).read_bytes()
        assert data == original.read_bytes(), rel  # a verbatim copy of the npm package's file
        if rel.endswith(".js"):
            assert {u.decode() for u in URL.findall(_outside_comments(data))} <= VENDOR_URLS, rel
    countries = (site / "assets/vendor/world-atlas/countries.js").read_bytes()
    assert countries.startswith(b"window.TAWTHIQ_COUNTRIES = {") and not URL.findall(countries)


def test_the_feed_dates_each_incident_by_its_last_change_with_a_stable_id(site: Path) -> None:
    feed = _page(site, "en/feed.xml")
    assert "<updated>2015-08-05T12:00:00Z</updated>" in feed.split("<entry>")[0]  # the set's as_of, not the clock
    entries = feed.split("<entry>")[1:]
    assert "urn:tawthiq:en:event:event-checkpoint" in entries[0] and "2015-08-05T12:00:00Z" in entries[0]
    assert "urn:tawthiq:en:event:event-market" in entries[1] and "2015-08-02T09:00:00Z" in entries[1]
    assert 'xml:lang="ar"' in _page(site, "ar/feed.xml")


def test_the_methodology_names_the_grades_the_counting_rule_and_what_the_profile_leaves_out(site: Path) -> None:
    page = _page(site, "en/methodology.html")
    for english, arabic in (("confirmed", "مؤكَّد"), ("fair", "مقبول"), ("weak", "ضعيف"), ("contested", "متنازع عليه")):
        assert english in page and arabic in page
    assert "never added together" in page
    assert "Victims are not named" in page and "No evidence file is published." in page
    assert "withheld" not in page.lower() and "event-draft" not in page  # the withheld log never leaves


@pytest.mark.parametrize(("text", "expected"), [
    ("البُوكَمَال", "البوكمال"), ("أبو كمال", "ابو كمال"), ("مدرسة", "مدرسه"), ("مشفى", "مشفي"),
    ("الرقـــة", "الرقه"), ("Ḥalab", "halab"), ("Dayr az-Zawr", "dayr az-zawr"),
])
def test_the_normaliser_folds_arabic_spellings_and_latin_accents(text: str, expected: str) -> None:
    assert search.normalise(text) == expected


def test_an_incident_is_indexed_by_its_place_in_both_scripts_and_its_other_spellings(site: Path) -> None:
    script = _page(site, "en/search-index.js")
    assert script.startswith(f"window.{search.GLOBAL} = {{")  # the table of shards, the documents apart
    market = next(d for d in search.documents(sample_set(), "en") if d["id"] == "event-market")
    words = market["text"].split()
    for word in ("البوكمال", "بوكمال", "abu", "kamal", "bukamal", "syrian", "الجيش", "جيش", "july", "2015"):
        assert word in words, word
    checkpoint = next(d for d in search.documents(sample_set(), "ar") if d["id"] == "event-checkpoint")
    assert "بوكمال" not in checkpoint["text"].split()  # Mayadin is not found by Albu Kamal


# --- at scale: a re-run trusts what the last run left, lists in pages, the search index in shards ----------------

def _many(count: int) -> PublicSet:
    """The sample set and ``count`` more incidents at the Albu Kamal market, one a day from 1 January 2014."""
    pset = sample_set()
    market = pset.events[0]
    pset.events += [dataclasses.replace(market, id=f"event-{n:04d}", title=f"Shelling number {n}",
                                        start=date(2014, 1, 1) + timedelta(days=n),
                                        end=date(2014, 1, 1) + timedelta(days=n)) for n in range(count)]
    return pset


def test_a_rerun_trusts_a_file_the_last_run_left_as_it_was_and_verify_still_hashes_it(site: Path) -> None:
    key = SigningKey(b"k" * 32)
    write_manifest(site, key=key)
    page = site / "en/incidents/event-market.html"
    before = page.stat()
    page.write_bytes(page.read_bytes().replace(b"Shelling", b"Shellinx", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same time: trusted, not read
    report = write_site(sample_set(), site, assets=ASSETS)
    assert report.written == 0 and b"Shellinx" in page.read_bytes()
    write_manifest(site, key=key, known=report.files)  # as `tawthiq publish` does: the hashes the last run recorded
    assert verify_site(site).problems == ["en/incidents/event-market.html: changed"]  # verify reads every byte

    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))  # touched since: read again
    again = write_site(sample_set(), site, assets=ASSETS)
    assert again.written == 1 and b"Shellinx" not in page.read_bytes()
    assert (site / STATE).is_file() and STATE not in again.files  # private: neither a page nor in the manifest


def test_a_list_value_is_paged_and_a_change_rewrites_only_the_page_that_shows_it(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(_many(450), out, assets=ASSETS)
    for lang in ("en", "ar"):
        pages = [out / lang / "places" / name for name in ("deir-ez-zor.html", "deir-ez-zor.2.html",
                                                           "deir-ez-zor.3.html")]
        assert not (out / lang / "places" / "deir-ez-zor.4.html").exists()
        shown = [re.findall(r'href="\.\./incidents/([^"]+)\.html"', p.read_text(encoding="utf-8")) for p in pages]
        assert [len(ids) for ids in shown] == [200, 200, 52]  # 452 incidents, newest first, each once
        assert sorted(sum(shown, [])) == sorted({*(f"event-{n:04d}" for n in range(450)), "event-market",
                                                 "event-checkpoint"})
        assert shown[0][:3] == ["event-market", "event-checkpoint", "event-0449"]
        assert 'href="deir-ez-zor.2.html"' in pages[0].read_text(encoding="utf-8")
    last = {p: p.stat().st_mtime_ns for p in out.glob("*/places/deir-ez-zor*.html")}
    pset = _many(450)
    pset.events[-1] = dataclasses.replace(pset.events[-1], title="Shelling number 449, revised")  # on page 1
    report = write_site(pset, out, assets=ASSETS)
    changed = {p.relative_to(out).as_posix() for p in last if p.stat().st_mtime_ns != last[p]}
    assert changed == {"en/places/deir-ez-zor.html", "ar/places/deir-ez-zor.html"}
    assert report.written < 40  # its pages, its lines in the lists, a shard or two of the search, not 2,000 files


def test_the_search_index_is_split_so_one_query_loads_a_small_part_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_BYTES", 2000)
    files = search.index_files(_many(450), "en")
    table = json.loads(files["search-index.js"].split(" = ", 1)[1].rstrip(";\n"))
    assert table["documents"] == 452 and any(len(key) > 1 for key in table["shards"])  # letters split further
    shards = {}
    for key, name in table["shards"].items():
        script = files[f"search/{name}"]
        assert script.startswith(f"{search.SHARD}(")
        found_key, terms = json.loads(script[len(search.SHARD) + 1:-3])
        assert found_key == key and all(term.startswith(key) for term in terms)
        shards[key] = terms
    every = [term for terms in shards.values() for term in terms]
    assert len(every) == len(set(every))  # each word in one shard only
    holder = next(key for key in shards if "bukamal" in shards[key])
    numbers, last = [], 0
    for gap in shards[holder]["bukamal"].split(","):
        last += int(gap, 36)
        numbers.append(last)
    docs = search.documents(_many(450), "en")
    assert len(numbers) == 451 and "event-checkpoint" not in {docs[n]["id"] for n in numbers}
    loaded = len(files["search-index.js"]) + len(files[f"search/{table['shards'][holder]}"]) + len(
        files["search/d-0.js"])
    assert loaded < sum(map(len, files.values())) / 4


# --- the whole path: records -> collect -> `tawthiq publish` -> `tawthiq publish verify` -------------------------

def _records(data_dir: Path) -> dict[str, str]:
    from tawthiq.config import Settings
    from tawthiq.services.records.store import create_record
    from tawthiq.services.workspace import open_workspace

    ws = open_workspace(Settings(data_dir=data_dir, user="operator"))
    try:
        parent, made = None, {}
        for feature, name, name_ar, alt in (("country", "Syria", "سوريا", []),
                                            ("governorate", "Deir ez-Zor", "دير الزور", []),
                                            ("village", "Albu Kamal", "البوكمال", ["Abu Kamal"])):
            data: dict[str, object] = {"name": name, "name_ar": name_ar, "feature": feature, "alt_names": alt,
                                       "latitude": 34.45, "longitude": 40.93, "confidentiality": "public"}
            if parent:
                data["parent"] = parent
            parent = made[feature] = str(create_record(ws, kind="place", data=data)["id"])

        def event(title: str, status: str, level: str) -> str:
            ident = str(create_record(ws, kind="event", data={
                "title": title, "start": "2015-07", "status": status, "confidentiality": level,
                "place_id": made["village"]})["id"])
            create_record(ws, kind="act", data={"event_id": ident, "type": "indiscriminate-attack", "killed": 4,
                                                "confidentiality": level})
            return ident

        return {"published": event("Shelling of the market", "verified", "public"),
                "unverified": event("Rumoured raid on the bakery", "unverified", "public"),
                "restricted": event("Secret detention site", "verified", "restricted")}
    finally:
        ws.close()


def test_publish_makes_the_site_of_the_records_the_profile_admits_and_verify_checks_it(
        run_cli: Any, tmp_path: Path) -> None:
    from tawthiq.config import Settings
    from tawthiq.services.records.store import update_record
    from tawthiq.services.workspace import open_workspace

    run_cli("init")
    ids = _records(tmp_path / "data")
    out = tmp_path / "public-site"
    first = run_cli("publish", "--profile", "public", "--out", str(out)).output
    page = out / "en" / "incidents" / f"{ids['published']}.html"
    assert page.is_file() and "July 2015" in page.read_text(encoding="utf-8")
    assert (out / "data" / "incidents.csv").is_file() and (out / "manifest.json").is_file()
    everything = b"".join(_tree(out).values())
    for hidden in ("unverified", "restricted"):
        assert ids[hidden].encode() not in everything
    assert b"Secret detention site" not in everything and b"Rumoured raid" not in everything
    assert "files written, 0 unchanged, 0 removed" in first
    assert "valid" in run_cli("publish", "verify", str(out)).output

    ws = open_workspace(Settings(data_dir=tmp_path / "data", user="operator"))
    update_record(ws, kind="event", ident=ids["published"], data={"title": "Shelling of the Albu Kamal market"})
    ws.close()
    second = run_cli("publish", "--out", str(out), "--json").output
    counts = json.loads(second)
    assert 0 < counts["written"] < counts["unchanged"] and counts["removed"] == 0
    assert "Shelling of the Albu Kamal market" in page.read_text(encoding="utf-8")
    run_cli("publish", "verify", str(out))

    page.write_text("<p>altered</p>", encoding="utf-8")
    altered = run_cli("publish", "verify", str(out), code=1)
    assert f"en/incidents/{ids['published']}.html: changed" in altered.output


def test_publish_refuses_a_folder_that_holds_other_files_and_removes_nothing(run_cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    (folder / "files").mkdir(parents=True)
    (folder / "files" / "letter.txt").write_text("keep me", encoding="utf-8")
    refused = run_cli("publish", "--out", str(folder), code=2)
    assert "out" in refused.output and "no earlier publication" in refused.output
    assert (folder / "files" / "letter.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in folder.rglob("*")) == ["files", "letter.txt"]
    missing = run_cli("publish", "--profile", "public", code=2)
    assert "out" in missing.output and "--out" in missing.output


def test_every_string_the_site_shows_has_an_arabic_entry() -> None:
    from tawthiq.publish.site import LABELS
    from tawthiq.web.i18n import catalog

    templates = Path(__file__).resolve().parents[2] / "src" / "tawthiq" / "publish" / "templates"
    wanted = {"Documented incidents", "not reported"} | {text for words in LABELS.values() for text in words.values()}
    for path in [*templates.glob("site_*.html"), templates / "feed.xml"]:
        text = path.read_text(encoding="utf-8")
        wanted |= set(re.findall(r'_\(\s*"([^"]+)"', text)) | set(re.findall(r"_\(\s*'([^']+)'", text))
    assert len(wanted) > 60
    assert sorted(text for text in wanted if text not in catalog("ar")) == []


def test_a_title_written_as_markup_stays_text_on_every_page(tmp_path: Path) -> None:
    pset = sample_set()
    pset.events[0] = dataclasses.replace(pset.events[0], title='</script><script>alert("x")</script>')
    out = tmp_path / "site"
    write_site(pset, out, assets=ASSETS)
    for rel, data in _tree(out).items():
        if rel.endswith((".html", ".xml")):
            assert b"</script><script>alert" not in data, rel  # never closes the element it stands in
    page = _page(out, "en/index.html")
    assert '<\\/script><script>alert(\\"x\\")<\\/script>' in page  # in the map's data, as JSON text
