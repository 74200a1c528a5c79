"""Quality and speed of the extraction pipeline against the annotated reports in bench/extraction_eval/
(``--set eval``, the default: the development set) or bench/extraction_heldout/ (``--set heldout``: reports
written apart from the pipeline, to check it on text it was not tuned on), or the excerpts of published reporting
in bench/extraction_real/ (``--set real``: per language and per split, the held-out third apart and never shown
with ``--errors``; what it scores is in bench/extraction_real_score.py).

    .venv/bin/python bench/extraction_quality.py [--set eval|heldout|real] [--errors] [--only en-01,ar-02]
        [--split tuning|heldout]

Prints precision and recall per field, overall and per language, then milliseconds per 4 KB of text
(UTF-8 bytes) at the 50th and 95th percentile. How each field is scored:

- actors: the set of slugs of a report (roles are not suggested, so not scored); violations: the set of
  types of a report (the sentence is not scored); violation actors: the (type, actor slug) pairs, over the
  types that are right (the annotation lists every actor of a type in the report); persons: the set of names
  after tawthiq.text.normalise; dates: the set of (start, end); counts: the multiset of (kind, value);
- sources: a suggestion is right when its span overlaps the annotated mention (its offset) or one of its
  other_texts (one suggestion per annotated source); the anonymity flag of the matched pairs is reported apart;
  counts include the breakdowns ("among them six children"), which the annotation marks part_of;
- places: resolved against the packaged default gazetteer (loaded into a throwaway data directory); a
  suggestion is right when its span overlaps an annotated place's text and its name has the annotated
  name's match key (or the place is not in the default gazetteer and the suggestion is unresolved or at
  region precision). ``--no-places`` skips the gazetteer (faster).

``--errors`` lists, per report, what was missed (-) and what was suggested wrongly (+).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from tawthiq.config import Settings
from tawthiq.extract import Lexicon, NullPlaces, PlaceResolver, extract
from tawthiq.services.accounts.users import operator_account
from tawthiq.services.coding.gazetteer import load_default_gazetteer
from tawthiq.services.coding.geocoding import open_resolver
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.workspace import open_workspace
from tawthiq.text import match_key, normalise

SETS = {"eval": Path(__file__).resolve().parent / "extraction_eval",
        "heldout": Path(__file__).resolve().parent / "extraction_heldout",
        "real": Path(__file__).resolve().parent / "extraction_real"}
FIELDS = ("actors", "violations", "violation actors", "persons", "dates", "sources", "counts", "places")
TIMED_RUNS = 3


class Score:
    """True positives, and the sizes of the predicted and expected sides."""

    def __init__(self) -> None:
        self.tp_pred = self.tp_exp = self.pred = self.exp = 0

    def add(self, tp_pred: int, tp_exp: int, pred: int, exp: int) -> None:
        self.tp_pred += tp_pred
        self.tp_exp += tp_exp
        self.pred += pred
        self.exp += exp

    def cell(self) -> str:
        p = self.tp_pred / self.pred if self.pred else 1.0
        r = self.tp_exp / self.exp if self.exp else 1.0
        return f"P {p:.2f} R {r:.2f} ({self.tp_exp}/{self.exp})"


def multiset(pred: Iterable[Any], exp: Iterable[Any]) -> tuple[int, int, int, int, list[Any], list[Any]]:
    p, e = Counter(pred), Counter(exp)
    tp = sum((p & e).values())
    return (tp, tp, sum(p.values()), sum(e.values()), sorted(map(str, (e - p).elements())),
            sorted(map(str, (p - e).elements())))


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(needle)
    while needle and start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans


def mentions(text: str, annotation: dict[str, Any]) -> list[tuple[int, int]]:
    """Where an annotation stands: at its offset when it has one, else wherever its text occurs; and its other texts."""
    spans = [(annotation["offset"], annotation["offset"] + len(annotation["text"]))] if "offset" in annotation \
        else occurrences(text, annotation["text"])
    return spans + [s for other in annotation.get("other_texts", []) for s in occurrences(text, other)]


def match_spans(text: str, pred: list[dict[str, Any]], exp: list[dict[str, Any]], same: Any = lambda p, e: True
                ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[Any], list[Any]]:
    """One-to-one pairs of a suggestion and an annotation whose text it overlaps; the leftovers of each side."""
    pairs, used = [], set()
    for e in exp:
        places = mentions(text, e)
        for i, p in enumerate(pred):
            if i not in used and any(p["start"] < b and a < p["end"] for a, b in places) and same(p, e):
                pairs.append((p, e))
                used.add(i)
                break
    matched = [id(e) for _, e in pairs]
    return pairs, [e for e in exp if id(e) not in matched], [p for i, p in enumerate(pred) if i not in used]


def place_key(p: dict[str, Any]) -> str:
    """What a suggested place is compared by: its resolved name, or its text when unresolved."""
    name = str(p.get("name") or p["text"]) if p.get("precision") != "unresolved" else p["text"]
    return match_key(name.removesuffix(" Governorate"))


def place_right(text: str, p: dict[str, Any], e: dict[str, Any]) -> bool:
    """Whether suggestion ``p`` names the annotated place ``e`` (see :func:`score_places`)."""
    if place_key(p) == match_key(e["name"].removesuffix(" Governorate")):
        return True
    if e.get("geonames_id") and str(p.get("gazetteer_id")) == str(e["geonames_id"]):
        return True  # "Kobani" is GeoNames' ‘Ayn al ‘Arab
    overlaps = any(p["start"] < b and a < p["end"] for a, b in mentions(text, e))
    return overlaps and not e.get("in_default_gazetteer") and p.get("precision") in ("unresolved", "region")


def score_places(text: str, got: list[dict[str, Any]],
                 exp: list[dict[str, Any]]) -> tuple[int, int, int, int, list[Any], list[Any]]:
    """Distinct places, as the annotation lists them (each place once): a suggested place is right when it
    names an annotated place (same match key), or, for a place the default gazetteer lacks, when it stays
    unresolved or falls back to its area at a mention of that place."""
    key = place_key

    def right(p: dict[str, Any], e: dict[str, Any]) -> bool:
        return place_right(text, p, e)

    predicted: dict[str, dict[str, Any]] = {}
    for p in got:
        predicted.setdefault(key(p), p)
    found = [e for e in exp if any(right(p, e) for p in got)]
    correct = [k for k, p in predicted.items() if any(right(p, e) for e in exp)]
    missed = [e["text"] for e in exp if e not in found]
    wrong = [f"{p['text']}->{p.get('name')}" for k, p in predicted.items() if k not in correct]
    return len(correct), len(found), len(predicted), len(exp), missed, wrong


def score_report(report: dict[str, Any], got: dict[str, Any],
                 places_scored: bool) -> dict[str, tuple[int, int, int, int, list[Any], list[Any]]]:
    exp = report["expected"]
    text = report["text"]
    out = {
        "actors": multiset({a["slug"] for a in got["actors"]}, {a["slug"] for a in exp["actors"]}),
        "violations": multiset({v["type"] for v in got["violations"]}, {v["type"] for v in exp["violations"]}),
        "persons": multiset({normalise(p["name"]) for p in got["persons"]},
                            {normalise(p["name"]) for p in exp["persons"]}),
        "dates": multiset({(d["start"], d["end"]) for d in got["dates"]},
                          {(d["start"], d["end"]) for d in exp["dates"]}),
        "counts": multiset([(c["kind"], c["value"]) for c in got["counts"]],
                           [(c["kind"], c["value"]) for c in exp["counts"]]),
    }
    got_pairs = {(v["type"], slug) for v in got["violations"] for slug in v["actors"]}
    out["violation actors"] = multiset(
        got_pairs & {(t, s) for t, s in got_pairs if t in {v["type"] for v in exp["violations"]}},
        {(v["type"], slug) for v in exp["violations"] for slug in v["actors"]})
    pairs, missed, wrong = match_spans(text, got["sources"], exp["sources"])
    out["sources"] = (len(pairs), len(pairs), len(got["sources"]), len(exp["sources"]),
                      [m["text"] for m in missed], [w["text"] for w in wrong])
    out["anonymous"] = (sum(p["anonymous"] == e["anonymous"] for p, e in pairs), 0, len(pairs), 0,
                        [f"{e['text']}={e['anonymous']}" for p, e in pairs if p["anonymous"] != e["anonymous"]], [])
    if places_scored:
        out["places"] = score_places(text, got["places"], exp["places"])
    return out


def resolver(work: Path) -> PlaceResolver:
    """The gazetteer resolver over the packaged default region, in a throwaway data directory."""
    ws = open_workspace(Settings(data_dir=work / "data", user="bench"))
    init_workspace(ws)
    load_default_gazetteer(ws, operator_account(ws))
    places = open_resolver(ws)
    ws.close()
    return places


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), default="eval", help="which annotated set (default: eval)")
    parser.add_argument("--errors", action="store_true", help="list misses and wrong suggestions per report")
    parser.add_argument("--only", default="", help="comma-separated report ids")
    parser.add_argument("--split", choices=("tuning", "heldout"), help="--set real: only this split's reports")
    parser.add_argument("--no-places", action="store_true", help="do not load the gazetteer; places are not scored")
    args = parser.parse_args()
    folder = SETS[args.set]
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    if args.only:
        reports = [r for r in reports if r["id"] in args.only.split(",")]
    if args.split:
        reports = [r for r in reports if r.get("split") == args.split]
    if not reports:
        print(f"no annotated reports in {folder}")
        return 1
    lexicon = Lexicon.shipped()
    places_scored = not args.no_places
    work = Path(tempfile.mkdtemp(prefix="tawthiq-extraction-bench-"))
    places: PlaceResolver = resolver(work) if places_scored else NullPlaces()
    scores: dict[tuple[str, str], Score] = {}
    real: dict[tuple[str, str], Any] = {}
    per_4kb: list[float] = []
    for report in reports:
        published = date.fromisoformat(report["published_on"]) if report.get("published_on") else None
        kwargs: dict[str, Any] = {"language": report["language"], "published_on": published, "lexicon": lexicon,
                                  "places": places}
        got = extract(report["text"], **kwargs)  # also warms the caches before timing
        runs = []
        for _ in range(TIMED_RUNS):
            start = time.perf_counter()
            extract(report["text"], **kwargs)
            runs.append(time.perf_counter() - start)
        per_4kb.append(min(runs) * 1000 * 4096 / max(1, len(report["text"].encode("utf-8"))))
        if args.set == "real":
            _score_real(report, got, places_scored, real, args.errors)
            continue
        result = score_report(report, got, places_scored)
        for field, (tp_pred, tp_exp, pred, exp, missed, wrong) in result.items():
            for group in ("all", report["language"]):
                scores.setdefault((field, group), Score()).add(tp_pred, tp_exp, pred, exp)
            if args.errors and (missed or wrong):
                print(f"{report['id']:<7} {field:<10} -{missed} +{wrong}")
        if args.errors and got["warnings"]:
            print(f"{report['id']:<7} warnings {got['warnings']}")
    if args.set == "real":
        _print_real(reports, real, places_scored, per_4kb)
        shutil.rmtree(work, ignore_errors=True)
        return 0
    languages = sorted({r["language"] for r in reports})
    sizes = ", ".join(f"{sum(r['language'] == lang for r in reports)} {lang}" for lang in languages)
    print(f"{len(reports)} reports ({sizes})")
    print(f"{'field':<17} {'all':<26} " + " ".join(f"{lang:<26}" for lang in languages))
    for field in FIELDS:
        if field == "places" and not places_scored:
            print(f"{field:<17} not scored (--no-places)")
            continue
        row = [scores.get((field, g), Score()).cell() for g in ("all", *languages)]
        print(f"{field:<17} " + " ".join(f"{c:<26}" for c in row))
    anonymous = scores.get(("anonymous", "all"), Score())
    print(f"source anonymity right on {anonymous.tp_pred} of {anonymous.pred} matched sources")
    quantiles = statistics.quantiles(per_4kb, n=20) if len(per_4kb) > 1 else per_4kb * 19
    print(f"ms per 4 KB of text: p50 {statistics.median(per_4kb):.1f}  p95 {quantiles[18]:.1f}  "
          f"(best of {TIMED_RUNS} runs per report, scaled by UTF-8 size)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _score_real(report: dict[str, Any], got: dict[str, Any], places_scored: bool,
                tallies: dict[tuple[str, str], Any], errors: bool) -> None:
    """Add one report of the real set to its split's tallies; list its errors only if it is a tuning report."""
    import extraction_real_score as real  # a sibling script of this bench, imported when the set is asked for

    if report.get("split") not in real.SPLITS:
        raise SystemExit(f"{report['id']}: 'split' must be one of {', '.join(real.SPLITS)}")
    outcome = real.score_report(report, got, places_scored)
    for lang in (report["language"], "all"):
        tallies.setdefault((report["split"], lang), real.Tally()).add(outcome.tally)
    if errors and report["split"] == "tuning":  # never the held-out reports' errors: they are not tuned on
        for name, (missed, wrong) in outcome.errors.items():
            if missed or wrong:
                print(f"{report['id']:<7} {name:<12} -{missed} +{wrong}")


def _print_real(reports: list[dict[str, Any]], tallies: dict[tuple[str, str], Any], places_scored: bool,
                per_4kb: list[float]) -> None:
    import extraction_real_score as real

    def sizes(split: str) -> str:
        chosen = [r for r in reports if r["split"] == split]
        return f"{len(chosen)} ({sum(r['language'] == 'en' for r in chosen)} en, " \
               f"{sum(r['language'] == 'ar' for r in chosen)} ar)"

    print(f"{len(reports)} reports of the real set: tuning {sizes('tuning')}, held out {sizes('heldout')}")
    for line in real.table(tallies, places_scored):
        print(line)
    print(f"ms per 4 KB of text: p50 {statistics.median(per_4kb):.1f}  (best of {TIMED_RUNS} runs per report)")


if __name__ == "__main__":
    sys.exit(main())
