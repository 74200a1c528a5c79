"""The real evaluation set (bench/extraction_real/): excerpts of published reporting, coded by hand before the
pipeline ran, scored per language and per split. Run through the quality bench:

    .venv/bin/python bench/extraction_quality.py --set real [--errors] [--no-places] [--only real-01,real-05]

A third of the reports carry ``"split": "heldout"``: their figures are printed apart and labelled as never tuned
on, and ``--errors`` lists the misses and wrong suggestions of the tuning reports only (never of a held-out one),
so that tuning cannot look at them. Per group of reports (split x language):

- places precision: the distinct places suggested that name a coded place (as in the quality bench's places);
- wrong geocodes: a suggestion resolved to a real place (not left unresolved) over the mention of a coded place
  whose name and GeoNames id it does not have;
- perpetrators precision / recall: the slugs of the actors suggested with the role ``perpetrator`` (an actor
  suggestion without a role counts as a perpetrator: that is what the review made of it) against the coded actors
  of role ``perpetrator``. A violation's ``optional_actors`` are neither right nor wrong when suggested, and an
  actor suggested over the mention of a coded perpetrator that has no slug in the shipped list is not scored;
- violation types precision / recall: the set of types of a report; a type coded ``optional`` is neither right
  nor wrong;
- fully right: the share of reports whose places (every coded place found, none wrong), perpetrators and
  violation types are all exactly right; then, apart, the reports whose places alone, perpetrators alone or
  violation types alone are exactly right (which of the three keeps a report from being fully right), the reports
  whose perpetrators and violation types are both right, and the places' recall (coded places found).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extraction_quality import mentions, place_right, score_places

FOLDER = Path(__file__).resolve().parent / "extraction_real"
SPLITS = ("tuning", "heldout")
LANGS = ("en", "ar", "all")
ROLES = ("perpetrator", "victim", "target", "controller", "mentioned")


@dataclass
class Tally:
    """Sums over a group of reports."""

    reports: int = 0
    fully_right: int = 0
    places_right: int = 0
    places_predicted: int = 0
    places_found: int = 0
    places_coded: int = 0
    places_ok: int = 0
    perps_ok: int = 0
    types_ok: int = 0
    acts_ok: int = 0
    wrong_geocodes: int = 0
    perp_tp: int = 0
    perp_pred: int = 0
    perp_exp: int = 0
    type_tp: int = 0
    type_pred: int = 0
    type_exp: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Outcome:
    """One report's score and its errors (``-`` missed, ``+`` suggested wrongly), by field."""

    tally: Tally
    errors: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "—"


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def score_perpetrators(text: str, got: list[dict[str, Any]], expected: dict[str, Any]
                       ) -> tuple[int, int, int, list[str], list[str]]:
    """(right, suggested, coded, missed, wrong) over the distinct perpetrator slugs of a report."""
    coded = {a["slug"] for a in expected["actors"] if a["role"] == "perpetrator" and a["slug"]}
    optional = {s for v in expected["violations"] for s in v.get("optional_actors", [])} - coded
    unslugged = [s for a in expected["actors"] if a["role"] == "perpetrator" and not a["slug"]
                 for s in mentions(text, a)]
    spans: dict[str, list[tuple[int, int]]] = {}
    for a in got:
        if a.get("role", "perpetrator") == "perpetrator":
            spans.setdefault(a["slug"], []).append((a["start"], a["end"]))
    suggested = {slug for slug, where in spans.items()
                 if slug in coded or not all(_overlaps(s, e, unslugged) for s, e in where)} - optional
    right = suggested & coded
    return len(right), len(suggested), len(coded), sorted(coded - suggested), sorted(suggested - coded)


def score_types(got: list[dict[str, Any]], expected: dict[str, Any]) -> tuple[int, int, int, list[str], list[str]]:
    """(right, suggested, coded, missed, wrong) over the distinct violation types of a report."""
    coded = {v["type"] for v in expected["violations"] if not v.get("optional")}
    optional = {v["type"] for v in expected["violations"] if v.get("optional")} - coded
    suggested = {v["type"] for v in got} - optional
    return len(suggested & coded), len(suggested), len(coded), sorted(coded - suggested), sorted(suggested - coded)


def wrong_geocodes(text: str, got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> list[str]:
    """Suggestions resolved to a real place over a coded place's mention, that are not that place."""
    out = []
    for p in got:
        if p.get("precision") == "unresolved":
            continue
        for e in expected:
            if _overlaps(p["start"], p["end"], mentions(text, e)) and not place_right(text, p, e):
                out.append(f"{p['text']}->{p.get('name')} (coded {e['name']})")
                break
    return out


def score_report(report: dict[str, Any], got: dict[str, Any], places_scored: bool) -> Outcome:
    exp, text = report["expected"], report["text"]
    tally = Tally(reports=1)
    outcome = Outcome(tally)
    places_ok = True
    if places_scored:
        correct, found, predicted, coded, missed, wrong = score_places(text, got["places"], exp["places"])
        tally.places_right, tally.places_predicted = correct, predicted
        tally.places_found, tally.places_coded = found, coded
        geocodes = wrong_geocodes(text, got["places"], exp["places"])
        tally.wrong_geocodes = len(geocodes)
        places_ok = found == coded and correct == predicted
        outcome.errors["places"] = (missed, wrong)
        outcome.errors["geocodes"] = ([], geocodes)
    tp, pred, coded_n, missed, wrong = score_perpetrators(text, got["actors"], exp)
    tally.perp_tp, tally.perp_pred, tally.perp_exp = tp, pred, coded_n
    outcome.errors["perpetrators"] = (missed, wrong)
    perps_ok = not missed and not wrong
    tp, pred, coded_n, missed, wrong = score_types(got["violations"], exp)
    tally.type_tp, tally.type_pred, tally.type_exp = tp, pred, coded_n
    outcome.errors["types"] = (missed, wrong)
    types_ok = not missed and not wrong
    tally.places_ok, tally.perps_ok, tally.types_ok = int(places_ok), int(perps_ok), int(types_ok)
    tally.acts_ok = int(perps_ok and types_ok)
    tally.fully_right = int(places_ok and perps_ok and types_ok)
    return outcome


def table(tallies: dict[tuple[str, str], Tally], places_scored: bool) -> list[str]:
    """The printed rows: per split, each language and both together."""
    head = (f"{'split':<8} {'lang':<4} {'reports':>7}  {'places P':>8}  {'wrong geocodes':>14}  "
            f"{'perpetrators P / R':>18}  {'violation types P / R':>21}  {'fully right':>11}")
    lines = [head]
    for split in SPLITS:
        label = "held out: never tuned on" if split == "heldout" else "tuning: errors may be listed (--errors)"
        lines.append(f"-- {label}")
        for lang in LANGS:
            t = tallies.get((split, lang))
            if t is None or not t.reports:
                continue
            places = ratio(t.places_right, t.places_predicted) if places_scored else "n/a"
            geocodes = str(t.wrong_geocodes) if places_scored else "n/a"
            perps = f"{ratio(t.perp_tp, t.perp_pred)} / {ratio(t.perp_tp, t.perp_exp)}"
            types = f"{ratio(t.type_tp, t.type_pred)} / {ratio(t.type_tp, t.type_exp)}"
            full = f"{100 * t.fully_right / t.reports:.0f} % ({t.fully_right})"
            lines.append(f"{split:<8} {lang:<4} {t.reports:>7}  {places:>8}  {geocodes:>14}  {perps:>18}  "
                         f"{types:>21}  {full:>11}")
    lines.append("")
    lines.append(f"{'split':<8} {'lang':<4} {'reports':>7}  {'places R':>8}  {'exactly right: places':>21}  "
                 f"{'perpetrators':>12}  {'violation types':>15}  {'both of these':>13}")
    for (split, lang), t in sorted(tallies.items(), key=lambda kv: (SPLITS.index(kv[0][0]), LANGS.index(kv[0][1]))):
        if not t.reports:
            continue
        recall = ratio(t.places_found, t.places_coded) if places_scored else "n/a"
        shares = [f"{100 * n / t.reports:.0f} %" for n in (t.places_ok, t.perps_ok, t.types_ok, t.acts_ok)]
        lines.append(f"{split:<8} {lang:<4} {t.reports:>7}  {recall:>8}  {shares[0]:>21}  {shares[1]:>12}  "
                     f"{shares[2]:>15}  {shares[3]:>13}")
    if not places_scored:
        lines.append("places not scored (--no-places): fully right then ignores places")
    return lines
