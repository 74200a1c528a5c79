"""The agreement bench (bench/extraction_agreement.py) scores a second person's coding against the first as it scores
the tool: a coding agrees fully with itself, a reading one coder left optional and the other required counts as
agreed, and an item only one coder gave is a disagreement."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import extraction_agreement as agreement  # noqa: E402
import extraction_real_score as real  # noqa: E402


def _first() -> dict[str, Any]:
    # Tuning report: government and Russian perpetrators, HTS controls the area, four types (one optional).
    report: dict[str, Any] = json.loads((BENCH / "extraction_real" / "real-31.json").read_text(encoding="utf-8"))
    return report


def _score(first: dict[str, Any], second: dict[str, Any]) -> real.Outcome:
    return real.score_report(first, agreement.as_suggestions(second, first), places_scored=True)


def test_a_coding_agrees_fully_with_itself() -> None:
    first = _first()
    outcome = _score(first, copy.deepcopy(first))
    assert outcome.tally.fully_right == 1
    assert outcome.tally.places_right == outcome.tally.places_predicted == outcome.tally.places_coded


def test_a_type_left_optional_by_the_second_coder_agrees_with_the_first_coders_required_type() -> None:
    first, second = _first(), _first()
    injury = next(v for v in second["expected"]["violations"] if v["type"] == "injury")
    injury["optional"] = True
    assert _score(first, second).tally.fully_right == 1


def test_a_type_only_one_coder_gave_is_a_disagreement_either_way() -> None:
    first, dropped = _first(), _first()
    dropped["expected"]["violations"] = [v for v in dropped["expected"]["violations"] if v["type"] != "injury"]
    outcome = _score(first, dropped)
    assert (outcome.tally.types_ok, outcome.errors["types"]) == (0, (["injury"], []))
    added = _first()
    added["expected"]["violations"].append({"type": "looting", "sentence": "", "actors": [], "offset": 0})
    outcome = _score(first, added)
    assert (outcome.tally.types_ok, outcome.errors["types"]) == (0, ([], ["looting"]))


def test_a_perpetrator_the_second_coder_left_possible_agrees_and_a_controller_taken_for_one_does_not() -> None:
    first, possible = _first(), _first()
    for a in possible["expected"]["actors"]:
        if a["slug"] == "russian-forces":
            a["role"] = "mentioned"
    for v in possible["expected"]["violations"]:
        if "russian-forces" in v["actors"]:
            v["actors"].remove("russian-forces")
            v["optional_actors"] = ["russian-forces"]
    assert _score(first, possible).tally.perps_ok == 1
    blamed = _first()
    for a in blamed["expected"]["actors"]:
        if a["slug"] == "hayat-tahrir-al-sham":
            a["role"] = "perpetrator"
    outcome = _score(first, blamed)
    assert (outcome.tally.perps_ok, outcome.errors["perpetrators"]) == (0, ([], ["hayat-tahrir-al-sham"]))


def test_a_place_the_second_coder_resolved_elsewhere_is_a_wrong_geocode() -> None:
    first, second = _first(), _first()
    place = next(p for p in second["expected"]["places"] if p.get("in_default_gazetteer") and p.get("geonames_id"))
    place["name"], place["geonames_id"] = "Aleppo", 170063
    outcome = _score(first, second)
    assert outcome.tally.wrong_geocodes == 1 and outcome.tally.places_ok == 0
