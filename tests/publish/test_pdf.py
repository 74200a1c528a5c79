"""The printed reports, read back from the PDF: fonts embedded, Arabic in logical order, figures as the set gives
them, dates no more precise than recorded, the same bytes for the same set, nothing withheld printed."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.publication import PublicActor, VocabularyTerm
from tawthiq.publish import pdf
from tests.publish.sample import sample_set

BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclasses.dataclass(frozen=True)
class Printed:
    path: Path
    data: bytes

    @property
    def text(self) -> str:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(self.path), "-"], check=True, capture_output=True,
                             text=True).stdout
        return BIDI_MARKS.sub("", out)  # pdftotext wraps right-to-left runs in embedding marks

    @property
    def flat(self) -> str:
        """The text without white space: a hash broken over lines is whole again."""
        return re.sub(r"\s+", "", self.text)


def _print(folder: Path, name: str, data: bytes) -> Printed:
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    return Printed(path, data)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Each report rendered once for the module (rendering is the slow part)."""
    folder = tmp_path_factory.mktemp("reports")
    pset = sample_set()
    yearly = sample_set()
    checkpoint = yearly.events[1]
    yearly.events[1] = dataclasses.replace(checkpoint, start=date(2015, 1, 1), end=date(2015, 12, 31),
                                           precision="year")
    return {
        "monthly-en": _print(folder, "monthly-en", pdf.monthly_pdf(pset, month="2015-07", language="en")),
        "monthly-ar": _print(folder, "monthly-ar", pdf.monthly_pdf(pset, month="2015-07", language="ar")),
        "monthly-ar-again": _print(folder, "again", pdf.monthly_pdf(sample_set(), month="2015-07", language="ar")),
        "event-en": _print(folder, "event-en", pdf.event_pdf(pset, "event-market", language="en")),
        "event-ar": _print(folder, "event-ar", pdf.event_pdf(pset, "event-market", language="ar")),
        "year-en": _print(folder, "year-en", pdf.event_pdf(yearly, "event-checkpoint", language="en")),
    }


def test_the_arabic_report_embeds_noto_naskh_arabic(printed: dict[str, Printed]) -> None:
    fonts = subprocess.run(["pdffonts", str(printed["monthly-ar"].path)], check=True, capture_output=True,
                           text=True).stdout
    naskh = [line for line in fonts.splitlines() if "Noto-Naskh-Arabic" in line]
    assert naskh, fonts
    assert all(line.split()[-5] == "yes" for line in naskh)  # the "emb" column


def test_the_arabic_report_reads_in_logical_order(printed: dict[str, Printed]) -> None:
    text = printed["monthly-ar"].text
    for words in ("التقرير الشهري", "الوفيات حسب المحافظة", "البوكمال", "دير الزور", "الجيش العربي السوري",
                  "تموز 2015", "غير مبلغ عنه", "المنهجية"):
        assert words in text, words
    dossier = printed["event-ar"].text
    assert "ملف الحادثة" in dossier and "البوكمال" in dossier and "شاهد" in dossier and "موثوق" in dossier


@pytest.mark.parametrize("name", ["monthly-en", "monthly-ar"])
def test_headline_figures_are_the_sets_min_max_per_category(printed: dict[str, Printed], name: str) -> None:
    totals = sample_set().totals
    text = printed[name].text
    killed, injured = totals["killed"], totals["injured"]
    assert f"{killed.min}–{killed.max}" in text  # 5–7, never one number, never a sum of categories
    assert str(injured.min) in text
    assert str(killed.max + injured.max) not in text
    not_reported = "not reported" if name.endswith("en") else "غير مبلغ عنه"
    assert text.count(not_reported) >= 2  # detained and displaced are absent from the counted events: not 0


def test_the_monthly_report_has_every_section_and_the_annex(printed: dict[str, Printed]) -> None:
    text = printed["monthly-en"].text
    for heading in ("Summary", "Deaths by month", "Deaths by governorate", "Deaths by perpetrator",
                    "Listed victims by sex and age group", "Detention", "Displacement",
                    "Attacks on protected persons and objects", "Methodology", "Annex: incidents"):
        assert heading in text, heading
    assert "Deir ez-Zor" in text and "Syrian Arab Army" in text and "July 2015" in text
    assert "Shelling of the Albu Kamal" in text and "Detentions at the Mayadin" in text  # both in the annex
    assert "The headline totals count only incidents graded: fair, confirmed." in text


def test_nothing_withheld_is_printed_only_the_kinds_of_reason(printed: dict[str, Printed]) -> None:
    text = printed["monthly-en"].text
    assert "source-secret" not in text and "event-draft" not in text
    assert "sources who did not consent to publication" in text


def test_the_dossier_lists_sources_by_pseudonym_and_files_by_hash(printed: dict[str, Printed]) -> None:
    printed_event = printed["event-en"]
    text = printed_event.text
    assert "Witness 4" in text and "usually-reliable" in text
    assert "a" * 64 in printed_event.flat
    assert "Indiscriminate attack" in text and "Artillery shells fell on the market." in text
    assert "confirmed" in text and "Killed" in text and "5–7" in text


def test_a_date_known_to_the_year_prints_as_the_year_only(printed: dict[str, Printed]) -> None:
    text = printed["year-en"].text
    assert re.search(r"Date\s+2015\n", text), text[:400]
    assert "January" not in text and "December" not in text


def test_the_same_set_gives_the_same_bytes_dated_by_the_data(printed: dict[str, Printed]) -> None:
    assert printed["monthly-ar"].data == printed["monthly-ar-again"].data
    info = subprocess.run(["pdfinfo", "-isodates", str(printed["monthly-ar"].path)], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"CreationDate:\s+2015-08-05T12:00:00", info), info
    assert re.search(r"ModDate:\s+2015-08-05T12:00:00", info), info


def test_the_charts_in_the_report_hold_no_svg_text() -> None:
    html = pdf.monthly_html(sample_set(), month="2015-07", language="ar")
    assert "<svg" in html and "<text" not in html
    assert '<html lang="ar" dir="rtl">' in html


def test_attacks_on_protected_objects_are_found_under_their_vocabulary_parent() -> None:
    pset = sample_set()
    market = pset.events[0]
    hospital = dataclasses.replace(market.acts[0], id="act-hospital", type="attack-on-medical-care",
                                   type_en="Attack on medical care", type_ar="الاعتداء على المنشآت الطبية")
    pset.events[0] = dataclasses.replace(market, acts=(*market.acts, hospital))
    pset.vocabularies = {"violation-types": [
        *pset.vocabularies["violation-types"],
        VocabularyTerm("attacks-on-specially-protected", "Attacks on specially protected persons and objects", "…"),
        VocabularyTerm("attack-on-medical-care", "Attack on medical care", "…", "attacks-on-specially-protected")]}
    html = pdf.monthly_html(pset, month="2015-07", language="en")
    section = html.split("Attacks on protected persons and objects", 1)[1].split("<h2>", 1)[0]
    assert "Attack on medical care" in section and "Indiscriminate attack" not in section
    assert "Albu Kamal" in section and "None reported" not in section
    bare = pdf.monthly_html(sample_set(), month="2015-07", language="en")
    assert "None reported" in bare.split("Attacks on protected persons and objects", 1)[1].split("<h2>", 1)[0]


def test_nothing_outside_the_package_is_fetched() -> None:
    fetcher = pdf.package_fetcher()
    for url in ("http://example.org/logo.png", "https://example.org/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="outside"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


@pytest.mark.parametrize(("month", "field"), [("2015-13", "month"), ("July", "month"), ("2015-7", "month")])
def test_a_bad_month_is_refused_naming_it(month: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        pdf.monthly_html(sample_set(), month=month, language="en")
    assert refused.value.problems[0].field == field and "YYYY-MM" in str(refused.value)
    assert "يجب" in refused.value.problems[0].reason_ar


def test_a_bad_language_or_an_event_outside_the_set_is_refused() -> None:
    with pytest.raises(InvalidInput, match="en or ar"):
        pdf.monthly_html(sample_set(), month="2015-07", language="fr")
    with pytest.raises(NotFound):
        pdf.event_html(sample_set(), "event-draft", language="en")


def test_the_command_line_prints_reports_of_real_records(run_cli: Any, tmp_path: Path) -> None:
    """End to end: records typed in, collected under the public profile, printed, read back."""
    cli = run_cli
    cli("init")

    def add(*args: str) -> str:
        return str(json.loads(cli(*args, "--json").stdout)["id"])

    governorate = add("place", "add", "--name", "Deir ez-Zor", "--name-ar", "دير الزور", "--feature", "governorate",
                      "--country-code", "SY", "--confidentiality", "public")
    town = add("place", "add", "--name", "Albu Kamal", "--name-ar", "البوكمال", "--feature", "city",
               "--parent", governorate, "--country-code", "SY", "--confidentiality", "public")
    market = add("event", "add", "--title", "Shelling of the market", "--start", "2015-07-14", "--place", town,
                 "--status", "verified", "--confidentiality", "public")
    add("act", "add", "--event", market, "--type", "indiscriminate-attack", "--killed", "5", "--confidentiality",
        "public")
    rumour = add("event", "add", "--title", "Zqrumour of a raid", "--start", "2015-07-20", "--confidentiality",
                 "public")
    august = add("event", "add", "--title", "Zqaugust shelling", "--start", "2015-08-02", "--status", "verified",
                 "--confidentiality", "public")
    add("act", "add", "--event", august, "--type", "indiscriminate-attack", "--killed", "9")

    out = tmp_path / "july-ar.pdf"
    cli("report", "monthly", "--month", "2015-07", "--lang", "ar", "--profile", "public", "--out", str(out))
    text = BIDI_MARKS.sub("", subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                                             capture_output=True, text=True).stdout)
    assert "التقرير الشهري" in text and "البوكمال" in text and "دير الزور" in text and "تموز 2015" in text
    assert "Shelling of the market" in text
    assert "Zqrumour" not in text and "Zqaugust" not in text  # unverified; another month
    before = out.read_bytes()

    refused = cli("report", "monthly", "--month", "2015-07", "--lang", "en", "--out", str(out), code=2)
    assert "out" in refused.stderr and "overwrite" in refused.stderr
    assert out.read_bytes() == before
    bad = cli("report", "monthly", "--month", "2015-7", "--lang", "en", "--out", str(tmp_path / "x.pdf"), code=2)
    assert "month" in bad.stderr and "YYYY-MM" in bad.stderr and "يجب" in bad.stderr
    assert "lang" in cli("report", "event", market, "--lang", "fr", "--out", str(tmp_path / "y.pdf"), code=2).stderr
    assert "profile" in cli("report", "event", rumour, "--out", str(tmp_path / "z.pdf"), code=3).stderr

    dossier = tmp_path / "market-en.pdf"
    cli("report", "event", market, "--lang", "en", "--out", str(dossier))
    printed = subprocess.run(["pdftotext", "-enc", "UTF-8", str(dossier), "-"], check=True, capture_output=True,
                             text=True).stdout
    assert "Incident dossier" in printed and "Albu Kamal" in printed and "confirmed" in printed
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")) == [
        "july-ar.pdf", "market-en.pdf"]  # nothing partial or refused was left


def test_an_incident_with_two_perpetrators_counts_under_each_and_figures_keep_their_order() -> None:
    pset = sample_set()
    market = pset.events[0]
    shelling = market.acts[0]
    both = dataclasses.replace(shelling, perpetrators=(*shelling.perpetrators, PublicActor("actor-ru", "Russian forces",
                                                                                           "القوات الروسية")))
    pset.events[0] = dataclasses.replace(market, acts=(both,))
    html = pdf.monthly_html(pset, month="2015-07", language="en")
    chart = html.split("Deaths by perpetrator", 1)[1].split("<h2>", 1)[0]
    rows = re.findall(r'class="chart-label">([^<]+)</th>.*?class="chart-figure">([^<]+)</td>', chart)
    assert sorted(rows) == [("Russian forces", "5–7"), ("Syrian Arab Army", "5–7")]
    dossier = pdf.event_html(pset, "event-market", language="en")
    assert dossier.index(">Killed<") < dossier.index(">Injured<")


def test_the_annex_prints_each_incident_on_its_own_with_its_figures_together(tmp_path: Path) -> None:
    """One paragraph an incident (the layout that prints a busy month in time); figures never split at their dash, and
    an incident without figures says so rather than leaving the place blank."""
    pset = sample_set()
    pset.events[1] = dataclasses.replace(pset.events[1], figures={})
    html = pdf.monthly_html(pset, month="2015-07", language="en")
    annex = html.split("Annex: incidents", 1)[1]
    incidents = re.findall(r"<p>(.*?)</p>", annex)
    assert len(incidents) == 2, annex
    market = next(line for line in incidents if "Albu Kamal market" in line)
    assert '<span class="num">Killed: &#x2066;5–7&#x2069;, Injured: &#x2066;20&#x2069;</span>' in market
    assert "Indiscriminate attack (Syrian Arab Army)" in market
    checkpoint = next(line for line in incidents if "Mayadin checkpoint" in line)
    assert "not reported" in checkpoint and "Arbitrary detention (Islamic State)" in checkpoint
    text = _print(tmp_path, "annex", pdf.monthly_pdf(pset, month="2015-07", language="en")).text
    assert "Killed: 5–7, Injured: 20" in text.split("Annex: incidents", 1)[1]
