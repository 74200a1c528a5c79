"""Publishing at scale: the public site, the open data and a monthly PDF report of N public, verified events.

Generates N events (default 100,000; 1,000 with --small), all public and verified, each in one of 70 towns of 14
governorates (place records with their governorate), with 1–3 acts (figures on most, a perpetrator from the shipped
actors on most), imports them with `tawthiq import`, then times:

- as a user runs them, each in its own process (time with start-up, and that process's own peak memory):
  `tawthiq publish --profile public --out DIR` (collect, site, open data, signed manifest), the same again after
  100 events changed (incremental), and `tawthiq report monthly --lang ar|en` for the busiest month;
- then in this process, step by step and one after the other (the command writes the data in a second process
  while it writes the site): ``collect`` (the redacted set, everything read), ``write_site`` (the static site),
  ``write_data`` (open data), and an incremental re-publish (``collect_changed``, which reads again only the
  changed events, then site and data) after 100 more events changed,
  with how many files each run wrote, and this process's peak resident memory after each step (ru_maxrss: it only
  grows, so a step's own need is the rise).

Parts whose modules are not there yet are skipped with a line that says so. Aims (issue 15): full publish ≤ 10 min,
incremental ≤ 30 s, a monthly report ≤ 10 s.

With ``--database-url`` the records live in that database (an empty PostgreSQL database, say) instead of the
SQLite file of the working folder; the evidence and the outputs stay in the working folder.

Run:  .venv/bin/python bench/publish_bench.py [--small] [--events N] [--keep] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import TAWTHIQ, child, print_table
from import_bench import sentence, slugs

ROOT = Path(__file__).resolve().parent.parent
ACTOR_NAMESPACE = uuid.UUID("6f1c4b1e-7a57-4c4e-9d8e-7461777468b1")  # services/records/vocabularies.py
ACTORS = ("islamic-state", "jabhat-al-nusra", "hayat-tahrir-al-sham", "syrian-government-forces",
          "russian-forces", "syrian-democratic-forces")
GOVERNORATES = (("Deir ez-Zor", "دير الزور", 35.33, 40.14), ("Raqqa", "الرقة", 35.95, 39.01),
                ("Idlib", "إدلب", 35.93, 36.63), ("Aleppo", "حلب", 36.2, 37.16), ("Homs", "حمص", 34.73, 36.71),
                ("Hama", "حماة", 35.13, 36.75), ("Daraa", "درعا", 32.62, 36.1), ("Rif Dimashq", "ريف دمشق", 33.5, 36.5),
                ("Damascus", "دمشق", 33.51, 36.29), ("Al-Hasakah", "الحسكة", 36.5, 40.75),
                ("Latakia", "اللاذقية", 35.52, 35.78), ("Tartus", "طرطوس", 34.89, 35.89),
                ("As-Suwayda", "السويداء", 32.71, 36.57), ("Quneitra", "القنيطرة", 33.13, 35.82))
SECONDS_AIMS = {"full publish": 600.0, "incremental": 30.0, "monthly report": 10.0}


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generate(path: Path, events: int, seed: int = 15) -> tuple[list[str], Counter[str]]:
    """Write an import file: places, then events with acts and involvements. Returns the event ids and a count of
    events per month (YYYY-MM)."""
    rng = random.Random(seed)
    types = slugs("violation-types")
    actors = [str(uuid.uuid5(ACTOR_NAMESPACE, slug)) for slug in ACTORS]  # shipped actors: the same id everywhere
    towns: list[str] = []
    months: Counter[str] = Counter()
    ids = []
    with path.open("w", encoding="utf-8") as out:
        def write(kind: str, record: dict[str, Any]) -> None:
            out.write(json.dumps({"kind": kind, "record": record}, ensure_ascii=False) + "\n")

        out.write(json.dumps({"format": "tawthiq-export", "version": 1, "include_protected": False}) + "\n")
        for name, name_ar, lat, lon in GOVERNORATES:
            governorate = _id(rng)
            write("place", {"id": governorate, "name": name, "name_ar": name_ar, "feature": "governorate",
                            "latitude": lat, "longitude": lon, "confidentiality": "public"})
            for n in range(5):
                town = _id(rng)
                write("place", {"id": town, "name": f"{name} town {n + 1}", "name_ar": f"{name_ar} {n + 1}",
                                "feature": "village", "latitude": round(lat + rng.uniform(-0.3, 0.3), 4),
                                "longitude": round(lon + rng.uniform(-0.3, 0.3), 4), "parent_id": governorate,
                                "confidentiality": "public"})
                towns.append(town)
        for _ in range(events):
            event_id = _id(rng)
            ids.append(event_id)
            day = date(2011, 3, 15) + timedelta(days=rng.randrange(4800))
            if rng.random() < 0.9:
                when = {"start_date": day.isoformat(), "end_date": day.isoformat(), "date_precision": "day"}
            else:
                first = day.replace(day=1)
                last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                when = {"start_date": first.isoformat(), "end_date": last.isoformat(), "date_precision": "month"}
            months[day.strftime("%Y-%m")] += 1
            write("event", {"id": event_id, "title": f"{sentence(rng, 40)[:-1]}", "description": sentence(rng, 200),
                            **when, "place_id": rng.choice(towns), "geo_precision": rng.choice(("exact", "near")),
                            "status": "verified", "confidentiality": "public"})
            for _ in range(rng.randint(1, 3)):
                act_id = _id(rng)
                act: dict[str, Any] = {"id": act_id, "event_id": event_id, "type_id": rng.choice(types),
                                       "description": sentence(rng, 120), **when, "confidentiality": "public"}
                if rng.random() < 0.7:
                    act["killed"] = rng.randint(0, 40)
                if rng.random() < 0.4:
                    act["injured"] = rng.randint(0, 120)
                write("act", act)
                if rng.random() < 0.8:
                    write("involvement", {"id": _id(rng), "act_id": act_id, "actor_id": rng.choice(actors),
                                          "degree_id": "carried-out", "confidentiality": "public"})
    return ids, months


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(rows: list[tuple[str, str]], name: str, step: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    rows.append((f"{name}: seconds", f"{seconds:.2f}"))
    rows.append((f"{name}: process peak RSS MiB (so far)", f"{_peak_mib():.0f}"))
    print(f"  {name}: {seconds:.2f} s", flush=True)
    return result


def _search_sizes(site: Path) -> list[tuple[str, str]]:
    """The search index of each language: all of it, and the most one query of one word loads (the table, the
    largest shard and one file of documents)."""
    out = []
    for lang in ("en", "ar"):
        folder = site / lang / "search"
        shards = [p.stat().st_size for p in folder.glob("t-*.js")]
        docs = [p.stat().st_size for p in folder.glob("d-*.js")]
        table = (site / lang / "search-index.js").stat().st_size
        if not shards:
            continue
        total = table + sum(shards) + sum(docs)
        out += [(f"  search index {lang}: MB in all, shards, files of documents",
                 f"{total / 1e6:.1f}, {len(shards)}, {len(docs)}"),
                (f"  search {lang}: KB loaded for one word at most (table + largest shard + documents)",
                 f"{(table + max(shards) + max(docs)) / 1e3:.0f}")]
    return out


def _available(module: str) -> bool:
    """Whether a module of the project is there, without importing anything (see _change)."""
    return (ROOT / "src" / Path(*module.split("."))).with_suffix(".py").is_file()


def _run(cmd: list[str], env: dict[str, str], *, capture: bool = False) -> Any:
    """One command in its own process; a failure is printed with the end of its error output (and not fatal)."""
    try:
        return child(cmd, env, capture=capture)
    except RuntimeError as exc:
        print(f"  FAILED: {str(exc)[-600:]}", flush=True)
        return None


CHANGE = """
import json, sys
from tawthiq.config import Settings
from tawthiq.services.records.store import update_record
from tawthiq.services.workspace import open_workspace
ws = open_workspace(Settings())
for ident in json.loads(sys.argv[1]):
    update_record(ws, kind="event", ident=ident, data={"title": f"Changed in round {sys.argv[2]}: {ident[:8]}"})
ws.close()
"""


def _change(env: dict[str, str], events: list[str], count: int, round_: int) -> None:
    """Change the titles of ``count`` events, in a child process: this one imports nothing of tawthiq before the
    commands are measured, since a child's ru_maxrss starts from its parent's size (bench/README.md)."""
    chosen = random.Random(round_).sample(events, count)
    child([sys.executable, "-c", CHANGE, json.dumps(chosen), str(round_)], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 events (smoke check)")
    parser.add_argument("--events", type=int, help="number of events (default 100,000; 1,000 with --small)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (printed)")
    parser.add_argument("--database-url", help="an empty database to use instead of the SQLite file "
                        "(postgresql+psycopg://user@host:port/db)")
    opts = parser.parse_args()
    n_events = opts.events or (1000 if opts.small else 100_000)
    work = Path(tempfile.mkdtemp(prefix="tawthiq-publish-bench-"))
    rows: list[tuple[str, str]] = [("events", f"{n_events:,}")]
    try:
        data = work / "data"
        env = {**os.environ, "TAWTHIQ_DATA_DIR": str(data), "TAWTHIQ_USER": "bench"}
        for name in ("TAWTHIQ_DATABASE_URL", "TAWTHIQ_PASSPHRASE", "TAWTHIQ_KEY_FILE"):
            env.pop(name, None)
        if opts.database_url:
            env["TAWTHIQ_DATABASE_URL"] = opts.database_url
        rows.append(("database", "PostgreSQL" if (opts.database_url or "").startswith("postgres") else "SQLite"))
        file = work / "records.jsonl"
        events, months = generate(file, n_events)
        if child([TAWTHIQ, "init"], env, check=False).code != 0:
            print("tawthiq init failed")
            return 1
        imported = child([TAWTHIQ, "import", str(file)], env, check=False)
        if imported.code != 0:
            print(f"tawthiq import failed (exit {imported.code})")
            return 1
        rows.append(("import (setup): seconds", f"{imported.seconds:.1f}"))
        print(f"imported {n_events:,} events in {imported.seconds:.1f} s", flush=True)

        if not _available("tawthiq.services.publishing.collect"):
            print("skipped everything: services/publishing/collect.py is not there yet")
            return 0

        print("as commands (each its own process):", flush=True)
        if _available("tawthiq.cli.publish"):
            out = work / "published"
            full = _run([TAWTHIQ, "publish", "--profile", "public", "--out", str(out)], env)
            rows += [("tawthiq publish (full): seconds", f"{full.seconds:.1f}" if full else "FAILED"),
                     ("tawthiq publish (full): peak RSS MiB", f"{full.peak_kib / 1024:.0f}" if full else ""),
                     ("  aim ≤ 600 s", f"{full.seconds / SECONDS_AIMS['full publish']:.2f} of it" if full else "")]
            _change(env, events, 100, 2)
            again = _run([TAWTHIQ, "publish", "--profile", "public", "--out", str(out), "--json"], env, capture=True)
            rows += [("tawthiq publish (100 changed): seconds", f"{again.seconds:.1f}" if again else "FAILED"),
                     ("tawthiq publish (100 changed): peak RSS MiB", f"{again.peak_kib / 1024:.0f}" if again else ""),
                     ("  site files written", str(json.loads(again.stdout).get("written", "?")) if again else ""),
                     ("  collected, events read again", "{collected}, {events_read}".format(**json.loads(again.stdout))
                      if again else ""),
                     ("  aim ≤ 30 s", f"{again.seconds / SECONDS_AIMS['incremental']:.2f} of it" if again else "")]
        else:
            print("  skipped tawthiq publish: cli/publish.py is not there yet")
        if _available("tawthiq.publish.pdf"):
            month = max(sorted(months), key=lambda m: months[m])
            for lang in ("ar", "en"):
                pdf = work / f"monthly-{lang}.pdf"
                report = _run([TAWTHIQ, "report", "monthly", "--month", month, "--lang", lang, "--out", str(pdf)],
                              env)
                rows += [(f"tawthiq report monthly {month} ({months[month]} events) --lang {lang}: seconds",
                          f"{report.seconds:.2f}" if report else "FAILED"),
                         ("  peak RSS MiB, PDF bytes",
                          f"{report.peak_kib / 1024:.0f}, {pdf.stat().st_size:,}" if report else ""),
                         ("  aim ≤ 10 s", f"{report.seconds / SECONDS_AIMS['monthly report']:.2f} of it" if report
                          else "")]
        else:
            print("  skipped the monthly report: publish/pdf.py is not there yet")
        os.environ.update(env)
        from tawthiq.config import Settings
        from tawthiq.domain.policy import Channel, Role
        from tawthiq.services.accounts.users import Account
        from tawthiq.services.publishing.collect import collect
        from tawthiq.services.publishing.incremental import collect_changed
        from tawthiq.services.workspace import open_workspace

        ws = open_workspace(Settings(data_dir=data, user="bench"))
        admin = Account("bench-id", "bench", Role.ADMIN, "en", Channel.CLI)
        assets = ROOT / "node_modules"
        site = work / "site"
        has_site, has_data = _available("tawthiq.publish.site"), _available("tawthiq.publish.opendata")
        print("in this process:", flush=True)
        pset = _timed(rows, "collect", lambda: collect(ws, admin, profile="public"))
        rows.append(("  events published", f"{len(pset.events):,}"))

        from tawthiq.domain.publication import event_digest

        kept: dict[str, Any] = {}  # the open data's rows, for the next run (as the command keeps them in its memo)

        def publish_once(label: str, digests: dict[str, str]) -> None:
            if has_site:
                from tawthiq.publish.site import write_site

                report = _timed(rows, f"{label}write_site",
                                lambda: write_site(pset, site, assets=assets, digests=digests))
                rows.append((f"  {label}site files written / unchanged", f"{report.written:,} / {report.unchanged:,}"))
                if not label:
                    rows.extend(_search_sizes(site))
            else:
                print("  skipped write_site: publish/site.py is not there yet")
            if has_data:
                from tawthiq.publish.opendata import write_data_kept

                before = {p.name: p.stat().st_mtime_ns for p in (site / "data").glob("*")}
                files, kept["data"] = _timed(rows, f"{label}write_data", lambda: write_data_kept(
                    pset, site / "data", digests=digests, kept=kept.get("data")))
                changed = sum(before.get(p.name) != p.stat().st_mtime_ns for p in files)
                rows.append((f"  {label}data files written / total", f"{changed} / {len(files)}"))
                rows.append((f"  {label}data MB", f"{sum(p.stat().st_size for p in files) / 1e6:.1f}"))
            else:
                print("  skipped write_data: publish/opendata.py is not there yet")

        publish_once("", {e.id: event_digest(e) for e in pset.events})
        _change(env, events, 100, 1)
        start = time.perf_counter()
        collected = _timed(rows, "incremental: collect (collect_changed)",
                           lambda: collect_changed(ws, admin, profile="public"))
        rows.append(("  collected, events read again", f"{collected.mode}, {collected.changed:,}"))
        pset = collected.pset
        publish_once("incremental: ", dict(collected.digests))
        rows.append(("incremental in process (collect+site+data): seconds", f"{time.perf_counter() - start:.2f}"))

        ws.close()
        print_table(rows)
        return 0
    finally:
        if opts.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
