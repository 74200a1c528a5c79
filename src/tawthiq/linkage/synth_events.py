"""Synthetic incident reports with ground truth: one event told by several sources, differently.

Reports of one event disagree the way real ones do: the date by a day or two (a report dated when it was
published), the place named at district level, the perpetrator left out, the death toll revised, other
words. Distinct events crowd the same district and week, so the date window and admin area alone do not
decide. Deterministic by seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from tawthiq.linkage.synth import _gazetteer

__all__ = ["EventReports", "generate_event_reports"]

_TYPES = ("indiscriminate-attack", "attack-on-civilians", "attack-on-medical", "arbitrary-detention",
          "enforced-disappearance", "attack-on-market", "siege")
_ACTORS = ("syrian-government-forces", "russian-forces", "islamic-state", "hayat-tahrir-al-sham", "sdf",
           "syrian-national-army")
_WORDS = ("shelling barrel bomb airstrike market school hospital bakery mosque checkpoint raid convoy mortar "
          "missile drone car-bomb sniper camp displaced").split()
_EPOCH = date(1970, 1, 1).toordinal()


@dataclass
class EventReports:
    rows: list[tuple[str, dict[str, Any]]]
    truth: list[tuple[str, int]]
    events: int


def generate_event_reports(*, events: int, seed: int = 0, sources: int = 4) -> EventReports:
    """``events`` incidents, each reported by one to ``sources`` sources, as rows for ``event_table``."""
    rng = random.Random(seed)
    _gaz, localities = _gazetteer()
    rows: list[tuple[str, dict[str, Any]]] = []
    truth: list[tuple[str, int]] = []
    start = date(2012, 1, 1).toordinal() - _EPOCH
    for index in range(events):
        # Events come in bursts: a district under attack sees several in one week.
        burst = index // 4
        brng = random.Random(seed * 7919 + burst)
        locality = localities[brng.randrange(len(localities))] if rng.random() < 0.8 else rng.choice(localities)
        district = [loc for loc in localities if loc[1] == locality[1]]
        place = rng.choice(district)
        day = start + brng.randrange(0, 2000) + rng.randrange(0, 7)
        types = sorted(set(rng.sample(_TYPES, rng.choice((1, 1, 2)))))
        actors = [rng.choice(_ACTORS)]
        killed = rng.choice((0, 1, 2, 3, 5, 8, 12, 20, 35))
        words = rng.sample(_WORDS, 4)
        for s in range(rng.choice((1, 2, 2, 3, 4))):
            shown_place = place if rng.random() < 0.7 else (("", ""), place[1], place[2])
            row = {
                "day": day + (rng.choice((-1, 1, 1, 2)) if rng.random() < 0.35 else 0),
                "place0": shown_place[0][1], "place1": shown_place[1][1], "place2": shown_place[2][1],
                "types": types if rng.random() < 0.85 else types[:1] + [rng.choice(_TYPES)],
                "actors": actors if rng.random() < 0.7 else [],
                "killed": None if rng.random() < 0.15 else max(0, killed + rng.choice((0, 0, 0, -1, 1, 2))),
                "text": " ".join(rng.sample(words, 3) + [place[0][rng.randrange(2)]]),
            }
            ident = f"E{index:05d}-S{s}"
            rows.append((ident, row))
            truth.append((ident, index))
    rng.shuffle(rows)
    return EventReports(rows, truth, events)
