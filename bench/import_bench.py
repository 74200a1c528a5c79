"""Import throughput: how fast `tawthiq import` loads a large JSON Lines file into a fresh SQLite data dir.

Generates a file of N events (default 100,000; 2,000 with --small), each with 1-3 acts, written as new
records (no bookkeeping fields, explicit uuid4 ids so acts can point at their event), then times
`tawthiq import FILE` as a subprocess, process start-up included, and reads that child's peak RSS
(os.wait4 rusage). Reports events/s and records/s against the target of 2,000 events/s and against
"a comparable platform imports about 2 records/s". Then it runs `tawthiq verify` over the imported records
(time and peak RSS: verify streams, so its memory should not grow with the record count).

Run:  .venv/bin/python bench/import_bench.py [--small] [--events N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import TAWTHIQ, child, print_table

ROOT = Path(__file__).resolve().parent.parent
VOCABS = ROOT / "src" / "tawthiq" / "vocabularies"
TARGET_EVENTS_PER_S = 2000.0
COMPARABLE_RECORDS_PER_S = 2.0

WORDS = ("shelling market residential district hospital school convoy checkpoint displaced families village "
         "witnesses reported strike night morning civilians killed injured detained bakery water station road "
         "mosque camp field crossing bridge neighbourhood eastern western northern southern outskirts").split()
PLACES = ("Albu Kamal", "Deir ez-Zor", "Raqqa", "Idlib", "Aleppo", "Douma", "Homs", "Daraa", "Hama", "Mayadin")


def slugs(name: str) -> list[str]:
    """Slugs of a shipped vocabulary, grouping headings left out."""
    concepts = json.loads((VOCABS / f"{name}.json").read_text(encoding="utf-8"))["concepts"]
    return [c["slug"] for c in concepts if not c.get("definition", "").startswith("Grouping heading")]


def sentence(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def span(rng: random.Random) -> dict[str, Any]:
    """Mostly single days; some whole months or years."""
    day = date(2011, 3, 15) + timedelta(days=rng.randrange(4800))
    roll = rng.random()
    if roll < 0.85:
        return {"start_date": day.isoformat(), "end_date": day.isoformat(), "date_precision": "day"}
    if roll < 0.95:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return {"start_date": first.isoformat(), "end_date": last.isoformat(), "date_precision": "month"}
    return {"start_date": f"{day.year}-01-01", "end_date": f"{day.year}-12-31", "date_precision": "year"}


def generate(path: Path, events: int, seed: int = 7) -> tuple[int, int]:
    """Write the file; returns (events, acts)."""
    rng = random.Random(seed)
    types, methods = slugs("violation-types"), slugs("methods")
    acts = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"format": "tawthiq-export", "version": 1, "include_protected": False}) + "\n")
        for _ in range(events):
            event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            when = span(rng)
            place = rng.choice(PLACES)
            event = {
                "id": event_id, "title": f"{sentence(rng, 40)[:-1]} in {place}", "description": sentence(rng, 200),
                **when, "place_text": place, "geo_precision": rng.choice(("exact", "near", "region")),
                "status": rng.choice(("unverified", "unverified", "corroborated", "verified", "disputed")),
                "confidentiality": rng.choice(("internal", "internal", "public", "restricted")),
            }
            if rng.random() < 0.3:
                event.update(latitude=round(rng.uniform(32.3, 37.3), 5), longitude=round(rng.uniform(35.7, 42.4), 5))
            out.write(json.dumps({"kind": "event", "record": event}, ensure_ascii=False) + "\n")
            for _ in range(rng.randint(1, 3)):
                act: dict[str, Any] = {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "event_id": event_id,
                    "type_id": rng.choice(types), "description": sentence(rng, 120), **when,
                    "confidentiality": event["confidentiality"],
                }
                if rng.random() < 0.7:
                    act["method_id"] = rng.choice(methods)
                if rng.random() < 0.5:
                    act["killed"] = rng.randint(0, 40)
                if rng.random() < 0.4:
                    act["injured"] = rng.randint(0, 120)
                out.write(json.dumps({"kind": "act", "record": act}, ensure_ascii=False) + "\n")
                acts += 1
    return events, acts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="2,000 events (smoke check)")
    parser.add_argument("--events", type=int, help="number of events (default 100,000; 2,000 with --small)")
    opts = parser.parse_args()
    n_events = opts.events or (2000 if opts.small else 100_000)
    work = Path(tempfile.mkdtemp(prefix="tawthiq-import-bench-"))
    try:
        data = work / "data"
        env = {**os.environ, "TAWTHIQ_DATA_DIR": str(data), "TAWTHIQ_USER": "bench"}
        file = work / "records.jsonl"
        t0 = time.perf_counter()
        events, acts = generate(file, n_events)
        gen_s = time.perf_counter() - t0
        print(f"generated {events} events + {acts} acts ({file.stat().st_size / 1e6:.1f} MB) in {gen_s:.1f} s",
              flush=True)
        if child([TAWTHIQ, "init"], env, check=False).code != 0:
            return 1
        result = child([TAWTHIQ, "import", str(file)], env, check=False)
        code, seconds, rss_kib = result.code, result.seconds, result.peak_kib
        if code != 0:
            print(f"tawthiq import failed (exit {code})")
            return 1
        verified = child([TAWTHIQ, "verify"], env, check=False)
        verify = f"exit {verified.code} in {verified.seconds:.2f} s, peak RSS {verified.peak_kib / 1024:.1f} MiB" + (
            "" if verified.code == 0 else "  FAILED")
        records = events + acts
        print_table([
            ("events", f"{events}"),
            ("acts", f"{acts}"),
            ("records (events + acts)", f"{records}"),
            ("input file MB", f"{file.stat().st_size / 1e6:.1f}"),
            ("import seconds (CLI, start-up included)", f"{seconds:.2f}"),
            ("events/s", f"{events / seconds:,.0f}"),
            ("records/s", f"{records / seconds:,.0f}"),
            ("ratio to target 2,000 events/s", f"{events / seconds / TARGET_EVENTS_PER_S:.2f}x"),
            ("ratio to comparable platform (2 records/s)", f"{records / seconds / COMPARABLE_RECORDS_PER_S:,.0f}x"),
            ("peak RSS of import process MiB", f"{rss_kib / 1024:.1f}"),
            ("database MB after import (incl. WAL)",
             f"{sum(p.stat().st_size for p in data.glob('tawthiq.db*')) / 1e6:.1f}"),
            ("tawthiq verify", verify),
        ])
        return 0 if verified.code == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
