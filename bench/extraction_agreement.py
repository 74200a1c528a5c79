"""How far two people coding the same published excerpts agree, beside how far the tool agrees with each: the
ceiling that the real set's figures can be read against.

    .venv/bin/python bench/extraction_agreement.py [--no-tool] [--no-places]

bench/extraction_real_second/ holds a second coding, made by hand by another coder who saw neither the first
coding nor the tool's output, of some reports of bench/extraction_real/ (most of the held-out third and a sample of
the tuning reports). Each file has the ``id`` of the first coding, the second coder's ``notes`` and ``expected``,
whose offsets point into the first file's text. Three comparisons are printed, each per split and language with
the figures of bench/extraction_real_score.py:

- the second coder against the first: precision is the share of the second coder's items that the first coded,
  recall the share of the first coder's items the second found. A type or a perpetrator that one coder made
  optional (a possible reading) and the other required is counted as agreed; an item one coder required and the
  other did not code at all is a disagreement. "Fully right" is then the share of reports on which the two agree
  exactly on places, perpetrators and violation types;
- the tool against the first coder, on the same reports (the figures of ``extraction_quality.py --set real``);
- the tool against the second coder.

Only figures are printed, never a held-out report's items.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import extraction_real_score as real
from extraction_quality import mentions, resolver
from tawthiq.extract import Lexicon, NullPlaces, PlaceResolver, extract

SECOND = Path(__file__).resolve().parent / "extraction_real_second"


def load_pairs(folder: Path = SECOND) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(first coding, second coding in the first's shape) for every report coded twice."""
    pairs = []
    for path in sorted(folder.glob("*.json")):
        second = json.loads(path.read_text(encoding="utf-8"))
        first = json.loads((real.FOLDER / path.name).read_text(encoding="utf-8"))
        pairs.append((first, {**first, "notes": second["notes"], "expected": second["expected"]}))
    return pairs


def as_suggestions(second: dict[str, Any], first: dict[str, Any]) -> dict[str, Any]:
    """The second coding written as the tool's output, so that it is scored against the first coding as the tool
    is. What the second coder left optional counts as suggested where the first coder required it."""
    exp, text = second["expected"], second["text"]

    def spans(annotation: dict[str, Any]) -> list[tuple[int, int]]:
        return mentions(text, annotation)

    places = []
    for p in exp["places"]:
        start, end = spans(p)[0]
        places.append({"text": p["text"], "start": start, "end": end, "name": p["name"],
                       "gazetteer_id": p.get("geonames_id"),
                       "precision": p["kind"] if p.get("in_default_gazetteer") else "unresolved"})
    required = {a["slug"] for a in first["expected"]["actors"] if a["role"] == "perpetrator"}
    optional = {s for v in exp["violations"] for s in v.get("optional_actors", [])}
    actors = []
    for a in exp["actors"]:
        if not a["slug"]:
            continue
        role = "perpetrator" if a["role"] == "perpetrator" or (a["slug"] in optional & required) else a["role"]
        actors += [{"slug": a["slug"], "role": role, "start": s, "end": e} for s, e in spans(a)]
    wanted = {v["type"] for v in first["expected"]["violations"] if not v.get("optional")}
    types = {v["type"] for v in exp["violations"] if not v.get("optional") or v["type"] in wanted}
    return {"places": places, "actors": actors, "violations": [{"type": t} for t in sorted(types)]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-tool", action="store_true", help="only the two coders, without running the tool")
    parser.add_argument("--no-places", action="store_true", help="do not load the gazetteer; places are not scored")
    args = parser.parse_args()
    pairs = load_pairs()
    if not pairs:
        print(f"no second coding in {SECOND}")
        return 1
    places_scored = not args.no_places
    comparisons: dict[str, dict[tuple[str, str], real.Tally]] = {"second coder against the first": {}}
    if not args.no_tool:
        comparisons |= {"tool against the first coder": {}, "tool against the second coder": {}}
        work = Path(tempfile.mkdtemp(prefix="tawthiq-agreement-bench-"))
        places: PlaceResolver = resolver(work) if places_scored else NullPlaces()
        lexicon = Lexicon.shipped()
    for first, second in pairs:
        outcomes = {"second coder against the first": real.score_report(first, as_suggestions(second, first),
                                                                         places_scored)}
        if not args.no_tool:
            published = date.fromisoformat(first["published_on"]) if first.get("published_on") else None
            got = extract(first["text"], language=first["language"], published_on=published, lexicon=lexicon,
                          places=places)
            outcomes["tool against the first coder"] = real.score_report(first, got, places_scored)
            outcomes["tool against the second coder"] = real.score_report(second, got, places_scored)
        for name, outcome in outcomes.items():
            for lang in (first["language"], "all"):
                comparisons[name].setdefault((first["split"], lang), real.Tally()).add(outcome.tally)
    languages = [p[0]["language"] for p in pairs]
    print(f"{len(pairs)} reports coded twice ({languages.count('en')} en, {languages.count('ar')} ar): "
          f"{sum(p[0]['split'] == 'heldout' for p in pairs)} held out, {sum(p[0]['split'] == 'tuning' for p in pairs)}"
          " tuning")
    for name, tallies in comparisons.items():
        print(f"\n== {name}")
        for line in real.table(tallies, places_scored):
            print(line)
    if not args.no_tool:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
