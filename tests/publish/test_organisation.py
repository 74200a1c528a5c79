"""The organisation is the publisher of every publication (issue 15 §1): its name, from TAWTHIQ_ORGANISATION and
TAWTHIQ_ORGANISATION_AR, is the public site's title, the feed's title and author, the PDF reports' cover and running
header, and the ACLED file's source; the profile's title stays a subtitle. With no name, a neutral title, never the
profile's name as if it were the publisher."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from tawthiq.config import Settings
from tawthiq.domain.publication import PublicSet
from tawthiq.publish import pdf
from tawthiq.publish.publisher import published_by
from tawthiq.publish.site import write_site
from tests.publish.sample import sample_set

ASSETS = Path(__file__).resolve().parents[2] / "node_modules"
ATOM = "{http://www.w3.org/2005/Atom}"
BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ENGLISH, ARABIC = "Syrians for Truth and Justice", "سوريون من أجل الحقيقة والعدالة"


def _named(english: str = ENGLISH, arabic: str = ARABIC) -> PublicSet:
    return published_by(sample_set(), Settings(organisation=f"  {english} ", organisation_ar=arabic))


def _pdf_text(data: bytes, folder: Path, *pages: int) -> str:
    path = folder / "report.pdf"
    path.write_bytes(data)
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *first_last, str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return BIDI_MARKS.sub("", out)


def _heading(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert found, "no heading"
    return found.group(1).strip()


def test_the_site_is_titled_with_the_organisation_in_each_language(tmp_path: Path) -> None:
    write_site(_named(), tmp_path, assets=ASSETS)
    english = (tmp_path / "en/index.html").read_text(encoding="utf-8")
    arabic = (tmp_path / "ar/index.html").read_text(encoding="utf-8")
    assert _heading(english) == ENGLISH and f"<title>Home · {ENGLISH}</title>" in english
    assert _heading(arabic) == ARABIC and f"· {ARABIC}</title>" in arabic
    assert ENGLISH not in arabic.split("</header>")[0]  # the Arabic pages carry the Arabic name
    assert '<p class="subtitle" dir="auto">Public</p>' in english  # the profile's title, as a subtitle
    assert '<p class="subtitle" dir="auto">عام</p>' in arabic
    incident = (tmp_path / "en/incidents/event-market.html").read_text(encoding="utf-8")
    assert f'class="brand" href="../../en/index.html">{ENGLISH}</a>' in incident
    root = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{ENGLISH}</h1>" in root and f'<h1 lang="ar" dir="rtl">{ARABIC}</h1>' in root
    for lang, name in (("en", ENGLISH), ("ar", ARABIC)):
        feed = ElementTree.parse(tmp_path / lang / "feed.xml").getroot()
        assert feed.findtext(f"{ATOM}title") == name
        assert feed.findtext(f"{ATOM}author/{ATOM}name") == name


def test_one_name_serves_both_languages_and_none_gives_a_neutral_title_not_the_profiles(tmp_path: Path) -> None:
    write_site(_named(arabic=""), tmp_path / "english-only", assets=ASSETS)
    assert _heading((tmp_path / "english-only/ar/index.html").read_text(encoding="utf-8")) == ENGLISH
    write_site(_named(english=""), tmp_path / "arabic-only", assets=ASSETS)
    assert _heading((tmp_path / "arabic-only/en/index.html").read_text(encoding="utf-8")) == ARABIC
    write_site(sample_set(), tmp_path / "unnamed", assets=ASSETS)
    english = (tmp_path / "unnamed/en/index.html").read_text(encoding="utf-8")
    arabic = (tmp_path / "unnamed/ar/index.html").read_text(encoding="utf-8")
    assert _heading(english) == "Tawthiq publication" and _heading(arabic) == "منشور توثيق"
    feed = ElementTree.parse(tmp_path / "unnamed/en/feed.xml").getroot()
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Tawthiq publication"  # not "Public", the profile's title


def test_a_renamed_organisation_rewrites_the_incident_pages(tmp_path: Path) -> None:
    write_site(_named(), tmp_path, assets=ASSETS)
    again = write_site(_named(english="Another group"), tmp_path, assets=ASSETS)
    assert again.written > 0
    incident = (tmp_path / "en/incidents/event-market.html").read_text(encoding="utf-8")
    assert "Another group" in incident and ENGLISH not in incident


@pytest.mark.parametrize(("language", "name", "other"), [("en", ENGLISH, ARABIC), ("ar", ARABIC, ENGLISH)])
def test_the_monthly_report_names_the_organisation_on_the_cover_and_in_the_running_header(
        tmp_path: Path, language: str, name: str, other: str) -> None:
    data = pdf.monthly_pdf(_named(), month="2015-07", language=language)
    cover = _pdf_text(data, tmp_path, 1)
    assert cover.splitlines()[0].strip() == name  # above the report's title
    second = _pdf_text(data, tmp_path, 2)
    assert second.splitlines()[0].strip() == name  # the running header
    assert other not in _pdf_text(data, tmp_path)
    profile = "عام" if language == "ar" else "Public"
    assert profile in cover  # the profile stays named where it was


def test_the_dossier_names_the_organisation_and_an_unnamed_one_is_neutral(tmp_path: Path) -> None:
    named = _pdf_text(pdf.event_pdf(_named(), "event-market", language="en"), tmp_path)
    assert named.splitlines()[0].strip() == ENGLISH
    unnamed = _pdf_text(pdf.event_pdf(sample_set(), "event-market", language="ar"), tmp_path)
    assert unnamed.splitlines()[0].strip() == "منشور توثيق"


def test_the_acled_source_is_the_organisation_unless_given(tmp_path: Path) -> None:
    from tawthiq.publish.opendata import write_data

    write_data(_named(english=""), tmp_path / "arabic")
    with (tmp_path / "arabic/incidents_acled.csv").open(encoding="utf-8") as file:
        assert {row["source"] for row in csv.DictReader(file)} == {ARABIC}  # English first, else the Arabic name
    write_data(sample_set(), tmp_path / "none")
    with (tmp_path / "none/incidents_acled.csv").open(encoding="utf-8") as file:
        assert {row["source"] for row in csv.DictReader(file)} == {""}  # no organisation: said by nobody


def test_the_commands_publish_under_the_organisation_of_the_settings(run_cli: Any, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: records typed in, published and printed with TAWTHIQ_ORGANISATION(_AR) set."""
    monkeypatch.setenv("TAWTHIQ_ORGANISATION", ENGLISH)
    monkeypatch.setenv("TAWTHIQ_ORGANISATION_AR", ARABIC)
    cli = run_cli
    cli("init")

    def add(*args: str) -> str:
        return str(json.loads(cli(*args, "--json").stdout)["id"])

    governorate = add("place", "add", "--name", "Deir ez-Zor", "--name-ar", "دير الزور", "--feature", "governorate",
                      "--country-code", "SY", "--latitude", "35.33", "--longitude", "40.14", "--confidentiality",
                      "public")
    market = add("event", "add", "--title", "Shelling of the market", "--start", "2015-07-14", "--place",
                 governorate, "--status", "verified", "--confidentiality", "public")
    add("act", "add", "--event", market, "--type", "indiscriminate-attack", "--killed", "5", "--confidentiality",
        "public")

    site = tmp_path / "site"
    cli("publish", "--profile", "public", "--out", str(site))
    assert _heading((site / "ar/index.html").read_text(encoding="utf-8")) == ARABIC
    with (site / "data/incidents_acled.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows and {row["source"] for row in rows} == {ENGLISH}

    report = tmp_path / "july-ar.pdf"
    cli("report", "monthly", "--month", "2015-07", "--lang", "ar", "--out", str(report))
    assert _pdf_text(report.read_bytes(), tmp_path, 1).splitlines()[0].strip() == ARABIC
