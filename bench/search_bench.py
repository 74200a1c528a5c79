"""Search over 1,000,000 indexed records on SQLite: p50/p95 latency, and the service's time over the bare FTS5
query's.

A bench fixture, not records: after init_workspace, the packaged gazetteer and a first catch_up, N documents (1,000,000;
20,000 with --small; 50% events, 30% acts, 10% reports, 10% persons) go DIRECTLY into search_documents and search_fts
(same ids, executemany, one transaction), shaped as indexing.Builder shapes them: 30-120 text.tokens() of English/Arabic
text naming 300 Syrian/Iraqi gazetteer places and their areas, shipped actors and aliases, violation types; facet tokens
(type/actor/place with ancestors, kind, confidentiality, status, years: search.tokens.facet_tokens); 3 confidentiality
levels; dates 2011-2024. The queue stays empty: catch_up is a no-op.
52 queries (1-3 words, both scripts, some filtered) run (a) via search_records (limit 20; viewer RESTRICTED, then
PUBLIC) and (b) as the bare `SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20` (same
MATCH, plain sqlite3), and (c) the same bare query ranking only the RANK_WINDOW newest matches, as the service does: a
warm-up, then 5 rounds (2 with --small) alternating (a), (b), (c). Prints p50/p95/max, ratios (aims:
p95 <= 50 ms, ratio <= 1.5), slowest queries, service time by step.
Run:  .venv/bin/python bench/search_bench.py [--small] [--docs N]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date as D, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select

from _common import print_table
from tawthiq.config import Settings
from tawthiq.db.search import SearchDocument
from tawthiq.domain.enums import Confidentiality
from tawthiq.search.backend import RANK_WINDOW, full_text_for
from tawthiq.search.tokens import facet_tokens
from tawthiq.services.accounts.users import operator_account
from tawthiq.services.browse.indexing import catch_up
from tawthiq.services.browse.search import (
    COUNT_CAP,
    DOCUMENT_COLUMNS,
    FACET_SAMPLE,
    Filters,
    Viewer,
    _access_groups,
    _facet_counts,
    _facet_groups,
    _facet_sample,
    search_records,
)
from tawthiq.services.coding.gazetteer import load_default_gazetteer
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.workspace import Workspace, open_workspace
from tawthiq.text import tokens

EN = ("shelling airstrike barrel bomb mortar rocket sniper mine explosion market hospital school bakery mosque "
      "checkpoint convoy prison camp village neighbourhood road bridge field civilians children women men families "
      "killed injured detained arrested executed tortured kidnapped abducted disappeared displaced looted destroyed "
      "siege chemical attack journalist activist doctor teacher witnesses reported night morning eastern outskirts "
      "district fighters raid gunmen bodies mass grave forces detention enforced disappearance").split()
AR = ("قصف غارة برميل متفجر هاون صاروخ قناص لغم انفجار سوق مستشفى مدرسة فرن مسجد حاجز قافلة سجن مخيم قرية حي طريق "
      "جسر مدنيين أطفال نساء رجال عائلات مقتل إصابة اعتقال إعدام تعذيب خطف اختفاء تهجير نهب تدمير حصار كيميائي هجوم "
      "صحفي ناشط طبيب معلم شهود ليلاً صباحاً شرقي ريف مسلحين مداهمة جثث مقبرة جماعية قسري").split()
FIRST = ("Ahmad Mohammad Khaled Omar Ali Hassan Youssef Ibrahim Fatima Aisha Maryam Zainab "
         "أحمد محمد خالد عمر فاطمة").split()
LAST = ("al-Ahmad al-Hussein Abu-Bakr al-Khatib Haddad Darwish al-Halabi al-Shami "
        "الأحمد الحسين الخطيب حداد درويش").split()
ROLES = ("commander", "officer", "emir", "prison director", "judge", "checkpoint chief", "قائد", "ضابط", "أمير",
         "مدير سجن")
KINDS = ("event",) * 5 + ("act",) * 3 + ("report", "person")
Times = dict[str, dict[str, list[float]]]  # mode -> query -> milliseconds
QUERIES: list[tuple[str, dict[str, Any]]] = [(q, {}) for q in (
    "shelling", "قصف", "airstrike hospital", "غارة مستشفى", "Deir ez-Zor", "دير الزور", "Dayr az Zawr", "Raqqa",
    "الرقة", "Mosul", "الموصل", "Aleppo market", "سوق حلب", "Idlib school", "مدرسة إدلب", "Homs siege", "Ramadi",
    "Daesh", "داعش", "ISIS executed", "Nusra", "هيئة تحرير الشام", "detained journalist", "اعتقال صحفي",
    "tortured prison", "تعذيب سجن", "chemical attack", "هجوم كيميائي", "barrel bomb", "براميل متفجرة",
    "killed children", "مقتل أطفال", "displaced families", "enforced disappearance", "kidnapped activist",
    "checkpoint", "bakery", "mass grave", "Hezbollah", "Wagner")] + [
    ("shelling", {"types": ["killing"]}), ("market", {"actors": ["islamic-state"]}), ("قصف", {"kinds": ["event"]}),
    ("civilians killed", {"date_from": D(2014, 1, 1), "date_to": D(2015, 12, 31)}),
    ("commander", {"kinds": ["person"]}),
    ("hospital", {"types": ["attack-on-medical-care"], "kinds": ["act"]}), ("witnesses", {"kinds": ["report"]}),
    ("Raqqa", {"actors": ["islamic-state"], "date_from": D(2014, 6, 1), "date_to": D(2017, 10, 31)}),
    ("detention", {"types": ["violations-of-liberty"]}), ("airstrike", {"places": ["Deir ez-Zor Governorate"]}),
    ("barrel", {"actors": ["syrian-government-forces"], "date_from": D(2013, 1, 1)}),
    ("اعتقال", {"actors": ["military-intelligence"]})]


def pct(xs: list[float], q: float) -> float:
    return sorted(xs)[min(len(xs) - 1, round(q * (len(xs) - 1)))]


class Ref:
    """Reference data of the fresh data dir, precomputed: tokens and facet lineages per place, type, actor."""
    def __init__(self, db: Path) -> None:
        with sqlite3.connect(db) as con:
            types, actors, places = ({r[0]: r for r in con.execute(sql)} for sql in (
                "SELECT id, parent_id, slug, label_en, label_ar FROM concepts WHERE vocabulary = 'violation-types'",
                "SELECT id, parent_id, slug, name, name_ar, aliases FROM actors",
                "SELECT id, parent_id, name, name_ar, alt_names, feature, country_code FROM places"))
        # a row itself and its ancestors
        def up(table: dict[str, tuple[Any, ...]], ident: str | None) -> list[tuple[Any, ...]]:
            return [table[ident], *up(table, table[ident][1])] if ident in table else []
        def toks(words: list[str]) -> list[str]:  # deduplicated: alternate names of the areas repeat skeletons
            return list(dict.fromkeys(tokens(" ".join(w for w in words if w))))
        features = ("city", "town", "village")
        chosen = sorted((p for p in places.values() if p[3] and p[6] in ("SY", "IQ") and p[5] in features),
                        key=lambda p: (features.index(p[5]), p[2]))[:300]
        self.places = [(p[2], p[3], toks([w for a in up(places, p[0]) for w in (a[2], a[3], *json.loads(a[4]))]),
                        {a[0] for a in up(places, p[0])}) for p in chosen]
        self.types = [(t[3], toks([w for a in up(types, t[0]) for w in (a[2].replace("-", " "), a[3], a[4])]),
                       {a[0] for a in up(types, t[0])}) for t in types.values()]
        self.actors = [(toks([a[3], a[4], *json.loads(a[5])]), {x[0] for x in up(actors, a[0])})
                       for a in actors.values()]
        self.place_ids = {p[2]: p[0] for p in places.values()}


def text(rng: random.Random, n: int, names: list[str]) -> str:
    words, at = rng.choices(EN if rng.random() < 0.6 else AR, k=n), rng.randrange(n + 1)
    return " ".join(words[:at] + names + words[at:])


def document(rng: random.Random, ident: int, kind: str, ref: Ref) -> tuple[Any, ...]:
    """One search_documents row: id, kind, record_id, confidentiality, status, dates, title, summary, body, facets,
    JSON."""
    target, place = rng.randint(30, 120), rng.choice(ref.places)
    name = place[0] if rng.random() < 0.6 else place[1]
    facets: dict[str, set[str]] = {}
    structured: list[str] = []  # tokens of the names the Builder adds: types, actors, the place and its areas
    day = D(2011, 1, 1) + timedelta(days=rng.randrange(5113))
    span = timedelta(days=rng.randrange(1, 365) if rng.random() < 0.15 else 0)
    dates: tuple[str | None, ...] = (day.isoformat(), (day + span).isoformat())
    status: str | None = rng.choice(("unverified", "unverified", "corroborated", "verified", "disputed"))
    title = text(rng, rng.randint(5, 9), [name])
    if kind in ("event", "act"):
        types = rng.sample(ref.types, 1 if kind == "act" else rng.randint(1, 3))
        actors = rng.sample(ref.actors, rng.choice((0, 1, 1, 2)))
        structured = [t for x in types for t in x[1]] + [t for x in actors for t in x[0]] + place[2]
        facets = {"type": {i for x in types for i in x[2]}, "actor": {i for x in actors for i in x[1]},
                  "place": place[3]}
        title = f"{types[0][0]}: {title}" if kind == "act" else title
        facets.update({"status": {status}} if kind == "event" and status else {})
    elif kind == "report":
        dates, status = (dates[0], dates[0]), None
    else:
        title, dates, status = f"{rng.choice(FIRST)} {rng.choice(LAST)}", (None, None), None
        if rng.random() < 0.7:
            actor = rng.choice(ref.actors)
            structured, facets["actor"] = list(actor[0]), set(actor[1])
    structured = structured[: target // 2]
    description = text(rng, max(target - len(structured) - 8, 4),
                       [name, rng.choice(ROLES)] if kind == "person" else [name])
    body = " ".join(tokens(f"{title} {description}")[: target - len(structured)] + structured)
    facets = {k: v for k, v in facets.items() if v}
    level = rng.choices(("public", "internal", "restricted"), (3, 5, 2))[0]
    return (ident, kind, str(uuid.UUID(int=rng.getrandbits(128), version=4)), level, status, *dates, title[:500],
            description[:300], body,
            facet_tokens(facets, kind, level, status, *(D.fromisoformat(d) if d else None for d in dates)),
            json.dumps({k: sorted(v) for k, v in facets.items()}))


def build(db: Path, n: int, ref: Ref, seed: int = 11) -> None:
    rng = random.Random(seed)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA cache_size=-262144")
    first = con.execute("SELECT coalesce(max(id), 0) FROM search_documents").fetchone()[0] + 1
    con.execute("BEGIN")
    for start in range(0, n, 20_000):
        docs = [document(rng, first + i, KINDS[i % len(KINDS)], ref) for i in range(start, min(n, start + 20_000))]
        con.executemany("INSERT INTO search_documents (id, kind, record_id, confidentiality, status, start_date, "
                        "end_date, title, summary, body, facets, facet_values) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", docs)
        con.executemany("INSERT INTO search_fts (rowid, body, facets) VALUES (?,?,?)",
                        [(d[0], d[9], d[10]) for d in docs])
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    con.close()


def breakdown(ws: Workspace, query: str, f: Filters) -> dict[str, float]:
    """search_records' steps, the same calls, each timed (ms). Queries with dates take another path: skipped."""
    backend, viewer, out = full_text_for("sqlite"), Viewer("bench", Confidentiality.RESTRICTED), {}
    def timed(step: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        out[step] = (time.perf_counter() - start) * 1000
        return result
    with ws.reading() as s:
        words = [[t] for t in tokens(query)]
        groups = timed("filters", lambda: words + _facet_groups(s, f, viewer.allowed())
                       + (_access_groups(viewer, f) or []))
        timed(f"count (capped at {COUNT_CAP:,})", lambda: s.scalar(backend.count(groups, COUNT_CAP + 1)))
        ids = timed(f"best {FACET_SAMPLE:,} ids (FTS5 alone, {RANK_WINDOW:,} newest ranked)",
                    lambda: list(s.scalars(backend.best(groups, FACET_SAMPLE, ranked=bool(words)))))
        timed("page documents (20)",
              lambda: s.execute(select(*DOCUMENT_COLUMNS).where(SearchDocument.id.in_(ids[:20]))).all())
        sample = timed(f"facet sample ({FACET_SAMPLE:,} documents)", lambda: _facet_sample(s, ids[:FACET_SAMPLE]))
        timed("facet counting + labels (Python)", lambda: _facet_counts(s, sample))
    return out


def measure(ws: Workspace, plans: list[tuple[str, str, Filters]], db: Path,
            rounds: int) -> tuple[Times, dict[str, int]]:
    """Per mode (restricted, bare, public), per query: the timings in ms; and each query's total hits."""
    bare = sqlite3.connect(db)
    sql = "SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 20"
    windowed = (f"SELECT rowid FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC "
                f"LIMIT {RANK_WINDOW}) ORDER BY rank LIMIT 20")
    restricted, public = Viewer("bench", Confidentiality.RESTRICTED), Viewer("bench", Confidentiality.PUBLIC)
    times: Times = {"restricted": {}, "bare": {}, "bare windowed": {}, "public": {}}
    hits: dict[str, int] = {}
    for label, q, f in plans:
        with ws.reading() as session:  # the filters' facet groups, as search_records makes them
            groups = [[t] for t in tokens(q)] + _facet_groups(session, f, restricted.allowed())
        match = " AND ".join("(" + " OR ".join(f'"{t}"' for t in g) + ")" for g in groups)  # as SqliteFullText.matching
        runs: dict[str, Callable[[], Any]] = {
            "restricted": partial(search_records, ws, viewer=restricted, query=q, filters=f),
            "bare": partial(lambda m: bare.execute(sql, (m,)).fetchall(), match),
            "bare windowed": partial(lambda m: bare.execute(windowed, (m,)).fetchall(), match),
            "public": partial(search_records, ws, viewer=public, query=q, filters=f)}
        hits[label] = [run() for run in runs.values()][0].total  # the warm-up
        for _ in range(rounds):
            for mode, run in runs.items():
                start = time.perf_counter()
                run()
                times[mode].setdefault(label, []).append((time.perf_counter() - start) * 1000)
    bare.close()
    return times, hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="20,000 documents, 2 rounds (smoke check)")
    parser.add_argument("--docs", type=int, help="number of documents (default 1,000,000; 20,000 with --small)")
    parser.add_argument("--keep", type=Path,
                        help="build into this folder and keep it; reuse it when it is already built")
    opts = parser.parse_args()
    n, rounds = opts.docs or (20_000 if opts.small else 1_000_000), 2 if opts.small else 5
    work = opts.keep or Path(tempfile.mkdtemp(prefix="tawthiq-search-bench-"))
    ws, db = open_workspace(Settings(data_dir=work / "data", user="bench")), work / "data" / "tawthiq.db"
    try:
        reuse = opts.keep is not None and db.exists()
        if not reuse:
            init_workspace(ws)
            load_default_gazetteer(ws, operator_account(ws))
        with ws.transaction() as session:
            real = catch_up(session, full_text_for("sqlite"))
        ref, t0 = Ref(db), time.perf_counter()
        if not reuse:
            build(db, n, ref)
        build_s, size = time.perf_counter() - t0, sum(p.stat().st_size for p in db.parent.glob("tawthiq.db*"))
        print(f"{'reused' if reuse else 'built'} {n:,} documents in {build_s:.1f} s; measuring {len(QUERIES)} queries",
              flush=True)
        plans = [(q + "".join(f" {k}={v}" for k, v in spec.items()), q,
                  Filters(**{**spec, "places": [ref.place_ids[p] for p in spec.get("places", [])]}))
                 for q, spec in QUERIES]
        times, hits = measure(ws, plans, db, rounds)
        pooled = {m: [x for xs in per.values() for x in xs] for m, per in times.items()}
        p50, p95 = ({m: fn(xs) for m, xs in pooled.items()} for fn in (statistics.median, lambda xs: pct(xs, .95)))
        rows = [("documents", f"{n:,} synthetic (+{real} real: shipped actors, gazetteer places)"),
                ("build seconds (generate + insert, one transaction)",
                 "reused" if reuse else f"{build_s:.1f} ({n / build_s:,.0f} docs/s)"),
                ("database MB (incl. WAL)", f"{size / 1e6:,.0f}"),
                ("queries x timed rounds", f"{len(QUERIES)} x {rounds}")]
        rows += [(f"{name} p50 / p95 / max ms", f"{p50[m]:.1f} / {p95[m]:.1f} / {max(pooled[m]):.1f}") for m, name in (
            ("restricted", "service, viewer RESTRICTED"), ("public", "service, viewer PUBLIC"),
            ("bare", "bare FTS5 query"), ("bare windowed", f"bare FTS5, ranking the {RANK_WINDOW:,} newest matches"))]
        rows += [(f"ratio service ({m}) / {b}, p50 | p95", f"{p50[m] / p50[b]:.2f} | {p95[m] / p95[b]:.2f}"
                  + ("  (aim <= 1.5)" if b == "bare" else ""))
                 for b in ("bare", "bare windowed") for m in ("restricted", "public")]
        print_table([*rows, ("service (RESTRICTED) p95 <= 50 ms", "yes" if p95["restricted"] <= 50 else "NO")])
        slow = sorted(times["restricted"], key=lambda k: -pct(times["restricted"][k], .95))[:10]
        print_table([("slowest queries (RESTRICTED)", "p95 ms; hits = total matches")] + [
            (k, f"service {pct(times['restricted'][k], .95):8.1f}  bare {pct(times['bare'][k], .95):7.1f}  "
                f"hits {hits[k]:,}")
            for k in slow])
        reps = [[breakdown(ws, q, f) for _ in range(1 if opts.small else 3)] for _label, q, f in plans
                if not (f.date_from or f.date_to)]
        split = {step: [statistics.median(r[step] for r in rs) for rs in reps] for step in reps[0][0]}
        total = sum(sum(v) for v in split.values())
        print_table([("service time by step (RESTRICTED)", "per-query medians, summed over the queries")] + [
            (s, f"{sum(v):9.1f} ms {100 * sum(v) / total:5.1f} %  max per query {max(v):6.1f}")
            for s, v in split.items()])
        return 0
    finally:
        ws.close()
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
