"""How long a monthly PDF report takes to print for a busy month (issue 15: aim ≤ 10 s).

Builds by hand a redacted set of N events in one month (default 300), spread over ten governorates and six
perpetrators, with two acts, victims, sources and figures each, then prints the monthly report in English and in
Arabic with ``publish/pdf.py`` and reports the seconds (wall and CPU), the pages, and the share of the time spent
rendering the HTML (Jinja), laying it out (WeasyPrint: parse, style, pages) and drawing and writing the PDF. English
is printed twice: the first print also loads the fonts, and both must give the same bytes.

    .venv/bin/python bench/report_bench.py [--events 800]
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, date, datetime

from tawthiq.domain.publication import (
    Figures,
    Profile,
    PublicAct,
    PublicActor,
    PublicEvent,
    PublicPlace,
    PublicSet,
    PublicSource,
    PublicVictim,
    VocabularyTerm,
    Withheld,
    WithheldEntry,
)
from tawthiq.publish import pdf

GOVERNORATES = [("Deir ez-Zor", "دير الزور"), ("Aleppo", "حلب"), ("Idlib", "إدلب"), ("Homs", "حمص"),
                ("Hama", "حماة"), ("Daraa", "درعا"), ("Raqqa", "الرقة"), ("Damascus", "دمشق"),
                ("Rural Damascus", "ريف دمشق"), ("Hasakah", "الحسكة")]
ACTORS = [PublicActor(f"actor-{i}", name, name_ar) for i, (name, name_ar) in enumerate([
    ("Syrian Arab Army", "الجيش العربي السوري"), ("Islamic State", "تنظيم الدولة الإسلامية"),
    ("Russian forces", "القوات الروسية"), ("Syrian Democratic Forces", "قوات سوريا الديمقراطية"),
    ("Hay'at Tahrir al-Sham", "هيئة تحرير الشام"), ("International coalition", "التحالف الدولي")])]
TYPES = [("indiscriminate-attack", "Indiscriminate attack", "هجوم عشوائي"),
         ("arbitrary-detention", "Arbitrary detention", "الاعتقال التعسفي"),
         ("attack-on-medical-care", "Attack on medical care", "الاعتداء على المنشآت والكوادر الطبية"),
         ("forced-displacement", "Forced displacement", "التهجير القسري")]
GRADES = ["confirmed", "fair", "weak", "contested"]


def busy_month(count: int) -> PublicSet:
    events = []
    for n in range(count):
        name, name_ar = GOVERNORATES[n % len(GOVERNORATES)]
        place = PublicPlace(f"place-{n % 40}", f"Town {n % 40}", f"بلدة {n % 40}", "village",
                            (("country", "Syria", "سوريا"), ("governorate", name, name_ar)), (), 35.0, 38.0, "exact")
        day = date(2015, 7, 1 + n % 31)
        acts = tuple(
            PublicAct(f"act-{n}-{k}", *TYPES[(n + k) % len(TYPES)], None, None,
                      f"Act {k} of incident {n}.", day, day, "day", (ACTORS[(n + k) % len(ACTORS)],),
                      {"killed": n % 7 + k},
                      (PublicVictim(None, None, ("female", "male")[k], ("child", "adult")[n % 2]),))
            for k in range(2))
        figures = {"killed": Figures(n % 7, n % 7 + n % 3, 2), "injured": Figures(n % 11, n % 11 + 2, 2)}
        if n % 5 == 0:
            figures["detained"] = Figures(n % 13, n % 13 + 4, 1)
        if n % 9 == 0:
            figures["displaced"] = Figures(100, 250, 2)
        grade = GRADES[n % len(GRADES)]
        events.append(PublicEvent(
            f"event-{n:04d}", f"Incident {n} in Town {n % 40}", "A description of the incident.", day, day,
            ("day", "month")[n % 10 == 0], place, None, "verified", grade, "computed", "محسوب", figures, acts,
            (PublicSource(f"Witness {n}", "witness", "شاهد", "usually-reliable", "موثوق عادة"),), (),
            datetime(2015, 8, 1, tzinfo=UTC), counted=grade in ("confirmed", "fair")))
    counted = [e for e in events if e.counted]
    totals = {c: Figures(sum(e.figures[c].min for e in counted if c in e.figures),
                         sum(e.figures[c].max for e in counted if c in e.figures), 0)
              for c in ("killed", "injured", "detained", "displaced")}
    # attacks on medical care are under a protected root, so the report's section on protected objects is filled too
    types = [VocabularyTerm("attacks-on-specially-protected", "Attacks on specially protected persons and objects",
                            "الاعتداءات على الأشخاص والأعيان المشمولة بحماية خاصة")]
    types += [VocabularyTerm(slug, en, ar, types[0].slug if slug == "attack-on-medical-care" else None)
              for slug, en, ar in TYPES]
    return PublicSet(Profile("public", title_en="Public", title_ar="عام"), datetime(2015, 8, 1, tzinfo=UTC), events,
                     [WithheldEntry("event", "x", Withheld.NOT_VERIFIED)], {"violation-types": types}, totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300, help="incidents in the month (default 300)")
    args = parser.parse_args()
    if args.events < 1:
        parser.error("--events must be at least 1")
    pset = busy_month(args.events)
    print(f"monthly report, {args.events} events in July 2015 (the first row also loads the fonts)")
    print(f"{'language':<10}{'wall s':>8}{'cpu s':>8}{'pages':>7}{'KiB':>6}  share of wall: html / layout / pdf")
    made: dict[str, bytes] = {}
    for language in ("en", "ar", "en"):
        wall, cpu = time.perf_counter(), time.process_time()
        html = pdf.monthly_html(pset, month="2015-07", language=language)
        laid = time.perf_counter()
        document = pdf.lay_out(html)  # parsed, styled and laid out in pages by WeasyPrint
        drawn = time.perf_counter()
        data = pdf.finish_pdf(document)  # drawn and written as PDF
        end = time.perf_counter()
        seconds, cpu = end - wall, time.process_time() - cpu
        shares = " / ".join(f"{100 * part / seconds:.0f}%" for part in (laid - wall, drawn - laid, end - drawn))
        print(f"{language:<10}{seconds:>8.2f}{cpu:>8.2f}{len(document.pages):>7}{len(data) // 1024:>6}  {shares}")
        if made.setdefault(language, data) != data:
            raise SystemExit(f"the {language} report changed between two prints of the same set")


if __name__ == "__main__":
    main()
