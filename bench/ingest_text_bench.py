"""Report intake: `tawthiq ingest` of 10,000 text and HTML files into a fresh SQLite data dir, in files/s.

Writes N documents (default 10,000; 300 with --small): half .txt, half .html wrapped in page boilerplate (head, script,
style, nav, share links, footer); 1-4 KB each; English, Arabic or both, about attacks on named places of Syria and Iraq
by named actors, with dates, casualty counts and sources; every file unique. Then `tawthiq init`, `tawthiq gazetteer
load` (timed on its own), and `tawthiq ingest FOLDER --json` as one process (start-up included): files/s, MB/s and peak
RSS (os.wait4), the outcomes it reports, and `tawthiq status --json` must count N reports.

Run:  .venv/bin/python bench/ingest_text_bench.py [--small] [--files N]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from _common import TAWTHIQ, child, print_table

PLACES = (("Albu Kamal", "البوكمال"), ("Deir ez-Zor", "دير الزور"), ("Raqqa", "الرقة"), ("Mayadin", "الميادين"),
          ("Aleppo", "حلب"), ("Idlib", "إدلب"), ("Maarat al-Numan", "معرة النعمان"), ("Saraqib", "سراقب"),
          ("Douma", "دوما"), ("Homs", "حمص"), ("Hama", "حماة"), ("Daraa", "درعا"), ("Manbij", "منبج"),
          ("Afrin", "عفرين"), ("Hasakah", "الحسكة"), ("Qamishli", "القامشلي"), ("Palmyra", "تدمر"), ("Mosul", "الموصل"),
          ("Tal Afar", "تلعفر"), ("Sinjar", "سنجار"), ("Fallujah", "الفلوجة"), ("Ramadi", "الرمادي"),
          ("Tikrit", "تكريت"), ("Hit", "هيت"), ("Al-Qaim", "القائم"))
ACTORS = (("Islamic State", "تنظيم الدولة الإسلامية"), ("ISIS fighters", "عناصر داعش"), ("the Syrian Arab Air Force",
          "القوات الجوية السورية"), ("Russian forces", "القوات الروسية"), ("Hay'at Tahrir al-Sham", "هيئة تحرير الشام"),
          ("the Syrian Democratic Forces", "قوات سوريا الديمقراطية"), ("the Fourth Division", "الفرقة الرابعة"),
          ("Popular Mobilization Forces", "الحشد الشعبي"), ("Military Intelligence", "المخابرات العسكرية"),
          ("an unidentified aircraft", "طيران مجهول"), ("Turkish forces", "القوات التركية"))
EN_ACTS = ("an airstrike hit the main market", "barrel bombs fell on a residential neighbourhood",
           "mortar shells struck a school", "a hospital was shelled", "gunmen executed {n} men at a checkpoint",
           "{n} civilians were detained in a raid", "a car bomb exploded near a bakery",
           "families were forcibly displaced", "a journalist was abducted", "detainees were tortured in a prison",
           "the water station was destroyed", "a mosque was bombed during prayers")
AR_ACTS = ("استهدفت غارة جوية السوق الرئيسي", "سقطت براميل متفجرة على حي سكني", "سقطت قذائف هاون على مدرسة",
           "تعرض المستشفى للقصف", "أعدم مسلحون {n} رجال على حاجز", "اعتقل {n} مدنيين خلال مداهمة",
           "انفجرت سيارة مفخخة قرب فرن", "هجرت عائلات قسرا", "اختطف صحفي", "عذب معتقلون في سجن", "دمرت محطة المياه")
EN_MORE = ("Witnesses said the victims included women and children.",
           "Local activists documented the names of the dead.", "The medical point reported {n} injured.",
           "Residents fled towards the outskirts.", "No warning was given.",
           "Rescue workers recovered bodies from the rubble for two days.", "Communications were cut in the area.")
AR_MORE = ("قال شهود إن بين الضحايا نساء وأطفالا.", "وثق ناشطون محليون أسماء القتلى.",
           "أفادت النقطة الطبية بإصابة {n} أشخاص.", "نزح الأهالي نحو الأطراف.", "لم يصدر أي تحذير مسبق.",
           "انتشل عمال الإنقاذ الجثث من تحت الأنقاض.")
MONTHS_AR = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول")


def paragraph(rng: random.Random, arabic: bool) -> str:
    place, actor = rng.choice(PLACES), rng.choice(ACTORS)
    day = date(2011, 3, 15) + timedelta(days=rng.randrange(4800))
    n = rng.randint(2, 60)
    if arabic:
        when = f"{day.day} {MONTHS_AR[day.month - 1]} {day.year}"
        act = rng.choice(AR_ACTS).format(n=n)
        extra = " ".join(rng.choice(AR_MORE).format(n=rng.randint(1, 90)) for _ in range(rng.randint(1, 3)))
        return (f"في {when}، {act} في {place[1]}، وقالت مصادر محلية إن {actor[1]} تتحمل المسؤولية، "
                f"ما أدى إلى مقتل {n} مدنيين. {extra}")
    when = day.strftime("%d %B %Y").lstrip("0")
    act = rng.choice(EN_ACTS).format(n=n)
    extra = " ".join(rng.choice(EN_MORE).format(n=rng.randint(1, 90)) for _ in range(rng.randint(1, 3)))
    return f"On {when}, {act} in {place[0]}; local sources blamed {actor[0]}, and {n} civilians were killed. {extra}"


def body(rng: random.Random, serial: int) -> list[str]:
    """Paragraphs of 1-4 KB of text in one language or both; the serial makes each document unique."""
    mode, target = rng.choice(("en", "ar", "mixed")), rng.randint(900, 3600)
    paras = [f"Report {serial:05d} / تقرير {serial:05d}"]
    while sum(len(p.encode()) for p in paras) < target:
        paras.append(paragraph(rng, mode == "ar" or (mode == "mixed" and rng.random() < 0.5)))
    return paras


def page(title: str, paras: list[str]) -> str:
    text = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif} nav a{margin:0 4px}</style>"
            "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
            "gtag('js',new Date());</script>"
            "</head><body><nav><a href=\"/\">Home</a> | <a href=\"/reports\">Reports</a> | "
            "<a href=\"/about\">About us</a> | <a href=\"/ar\">العربية</a></nav><header><h1>"
            + html.escape(title) + "</h1></header>\n<article>\n" + text +
            "\n</article><div class=\"share\">Share: Facebook Twitter WhatsApp</div><footer>© Monitoring Network. "
            "All rights reserved. Subscribe to our newsletter. جميع الحقوق محفوظة</footer>"
            "<script>console.log('x')</script></body></html>\n")


def make_files(folder: Path, count: int, seed: int = 5) -> tuple[int, int]:
    """Write the documents (half .txt, half .html); returns (files, bytes)."""
    rng = random.Random(seed)
    total = 0
    for i in range(count):
        sub = folder / f"batch-{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        paras = body(rng, i)
        if i % 2:
            data = page(paras[1][:80], paras).encode()
            (sub / f"report-{i:05d}.html").write_bytes(data)
        else:
            data = "\n\n".join(paras).encode()
            (sub / f"report-{i:05d}.txt").write_bytes(data)
        total += len(data)
    return count, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="300 files (smoke check)")
    parser.add_argument("--files", type=int, help="number of files (default 10,000; 300 with --small)")
    opts = parser.parse_args()
    count = opts.files or (300 if opts.small else 10_000)
    work = Path(tempfile.mkdtemp(prefix="tawthiq-ingest-text-bench-"))
    try:
        data, docs = work / "data", work / "docs"
        env = {**os.environ, "TAWTHIQ_DATA_DIR": str(data), "TAWTHIQ_USER": "bench"}
        t0 = time.perf_counter()
        files, size = make_files(docs, count)
        print(f"generated {files} files ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s", flush=True)
        child([TAWTHIQ, "init"], env)
        gazetteer = child([TAWTHIQ, "gazetteer", "load", "--json"], env, capture=True)
        ingest = child([TAWTHIQ, "ingest", str(docs), "--json"], env, check=False, capture=True)
        if ingest.code != 0:
            print(f"tawthiq ingest failed (exit {ingest.code}): {ingest.stdout[-2000:]}")
            return 1
        results = json.loads(ingest.stdout)
        outcomes = Counter(r["outcome"] for r in results)
        languages = Counter(r["language"] for r in results)
        warned = sum(1 for r in results if r["warnings"])
        reports = json.loads(child([TAWTHIQ, "status", "--json"], env, capture=True).stdout)["records"]["reports"]
        print_table([
            ("files (.txt / .html)", f"{files} ({(files + 1) // 2} / {files // 2})"),
            ("input MB", f"{size / 1e6:.1f}"),
            ("gazetteer load seconds (CLI)",
             f"{gazetteer.seconds:.2f} ({json.loads(gazetteer.stdout)['added']} places)"),
            ("ingest seconds (CLI, one process, start-up included)", f"{ingest.seconds:.2f}"),
            ("files/s", f"{files / ingest.seconds:,.1f}"),
            ("MB/s", f"{size / 1e6 / ingest.seconds:.2f}"),
            ("peak RSS of ingest process MiB", f"{ingest.peak_kib / 1024:.1f}"),
            ("outcomes", ", ".join(f"{k} {v}" for k, v in outcomes.most_common())),
            ("languages detected", ", ".join(f"{k} {v}" for k, v in languages.most_common())),
            ("files with warnings", f"{warned}"),
            ("database MB after ingest (incl. WAL)",
             f"{sum(p.stat().st_size for p in data.glob('tawthiq.db*')) / 1e6:.1f}"),
            ("reports in `tawthiq status`",
             f"{reports}" + ("  OK" if reports == files else f"  MISMATCH (expected {files})")),
        ])
        return 0 if reports == files and outcomes.get("created") == files else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
