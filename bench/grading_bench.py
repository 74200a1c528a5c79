"""Grading at scale: the public grade and min–max figures of every event, as the headline totals compute them.

Generates N events (default 20,000; 2,000 with --small) with 1–3 acts each (bench/import_bench.py's generator),
0–3 sources each cited for the event, and a merge of every 50th event with the next; imports them with
`tawthiq import`, then times, in this process, `headline_totals` for an admin and for a viewer (every readable
event graded, merged events counted once) and `event_grade` for 200 single events (what `tawthiq grade` and
`GET /api/v1/events/{ident}/grade` run). Prints events graded per second and the grades found.

Run:  .venv/bin/python bench/grading_bench.py [--small] [--events N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _common import TAWTHIQ, child, print_table
from import_bench import generate


def add_sources(path: Path, seed: int = 11) -> tuple[list[str], int]:
    """Append sources and information to the generated file; returns the event ids and the sources added."""
    rng = random.Random(seed)
    events = [json.loads(line)["record"]["id"] for line in path.read_text(encoding="utf-8").splitlines()[1:]
              if json.loads(line)["kind"] == "event"]
    added = 0
    with path.open("a", encoding="utf-8") as out:
        for event_id in events:
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                source_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                out.write(json.dumps({"kind": "source", "record": {
                    "id": source_id, "pseudonym": f"witness {added}",
                    "confidentiality": rng.choice(("public", "internal", "restricted"))}}) + "\n")
                out.write(json.dumps({"kind": "information", "record": {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "event_id": event_id,
                    "source_id": source_id, "relation": "contradicts" if rng.random() < 0.02 else "supports"}}) + "\n")
                added += 1
    return events, added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="2,000 events (smoke check)")
    parser.add_argument("--events", type=int, help="number of events (default 20,000; 2,000 with --small)")
    opts = parser.parse_args()
    n_events = opts.events or (2000 if opts.small else 20_000)
    work = Path(tempfile.mkdtemp(prefix="tawthiq-grading-bench-"))
    try:
        data = work / "data"
        env = {**os.environ, "TAWTHIQ_DATA_DIR": str(data), "TAWTHIQ_USER": "bench"}
        file = work / "records.jsonl"
        generate(file, n_events)
        events, sources = add_sources(file)
        if child([TAWTHIQ, "init"], env, check=False).code != 0 or child(
                [TAWTHIQ, "import", str(file)], env, check=False).code != 0:
            print("tawthiq init or import failed")
            return 1
        os.environ.update(env)
        from tawthiq.config import Settings
        from tawthiq.domain.policy import Channel, Role
        from tawthiq.services.accounts.users import Account
        from tawthiq.services.linkage import clusters
        from tawthiq.services.publishing import grading
        from tawthiq.services.workspace import open_workspace

        ws = open_workspace(Settings(data_dir=data, user="bench"))
        merges = 0
        for i in range(0, len(events) - 1, 50):
            clusters.merge_records(ws, kind="event", idents=[events[i], events[i + 1]])
            merges += 1
        admin = Account("bench-id", "bench", Role.ADMIN, "en", Channel.CLI)
        viewer = Account("viewer-id", "viewer", Role.VIEWER, "en", Channel.CLI)
        rows = [("events", f"{events.__len__():,}"), ("sources cited", f"{sources:,}"), ("merges", f"{merges}")]
        for name, account in (("admin", admin), ("viewer", viewer)):
            start = time.perf_counter()
            totals = grading.headline_totals(ws, account)
            seconds = time.perf_counter() - start
            graded = sum(totals.grades.values())
            rows += [(f"headline_totals as {name}: seconds", f"{seconds:.2f}"),
                     ("  groups graded per second", f"{graded / seconds:,.0f}"),
                     ("  grades", ", ".join(f"{g} {n}" for g, n in totals.grades.items())),
                     ("  admitted killed (min–max)", "{min}–{max}".format(**totals.figures.get(
                         "killed", {"min": 0, "max": 0})))]
        times = []
        for ident in random.Random(3).sample(events, min(200, len(events))):
            start = time.perf_counter()
            grading.event_grade(ws, admin, event=ident)
            times.append(time.perf_counter() - start)
        times.sort()
        rows += [("event_grade p50 ms", f"{statistics.median(times) * 1000:.1f}"),
                 ("event_grade p95 ms", f"{times[int(len(times) * 0.95) - 1] * 1000:.1f}")]
        ws.close()
        print_table(rows)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
