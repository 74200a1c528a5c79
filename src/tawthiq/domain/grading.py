"""The public grade of an event and its casualty figures as a range: the rule, with no I/O.

A grade is derived from what a reader may see of an event's record (docs/publishing.md), in this order:

1. ``discounted``: the event's status is ``false``;
2. ``confirmed``: its status is ``verified``;
3. ``contested``: its status is ``disputed``, a source contradicts it, its accounts name perpetrators that cannot
   both be right, or their figures of one category conflict (:func:`figures_conflict`);
4. ``fair``: two or more independent sources (after merges);
5. ``weak``: one source, or none.

An admin's or coordinator's override, with its reason, takes the place of the computed grade until it is cleared.

Figures are kept per category (killed, injured, detained, missing, displaced) as the lowest and highest figure
the accounts give; categories are never added together, an account silent on a category does not count as zero,
and a breakdown ("among them five children") is never a total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tawthiq.domain.enums import VerificationStatus

CATEGORIES = ("killed", "injured", "detained", "missing", "displaced")
# Involvement degrees that say who did it: two accounts naming different actors by these disagree.
PERPETRATOR_DEGREES = frozenset({"carried-out", "ordered", "claimed-responsibility"})
# Figures of one category conflict when the highest is more than this many times the lowest, and at least
# CONFLICT_GAP more (4 and 12 conflict; 2 and 3, or 10 and 14, are a range).
CONFLICT_RATIO = 2
CONFLICT_GAP = 3


class Grade(StrEnum):
    CONFIRMED = "confirmed"
    FAIR = "fair"
    WEAK = "weak"
    CONTESTED = "contested"
    DISCOUNTED = "discounted"


GRADE_LABELS: dict[Grade, tuple[str, str]] = {
    Grade.CONFIRMED: ("confirmed", "مؤكَّد"),
    Grade.FAIR: ("fair", "مقبول"),
    Grade.WEAK: ("weak", "ضعيف"),
    Grade.CONTESTED: ("contested", "متنازع عليه"),
    Grade.DISCOUNTED: ("discounted", "مستبعَد"),
}
DEFAULT_ADMITTED = (Grade.FAIR, Grade.CONFIRMED)


@dataclass(frozen=True)
class Range:
    """The lowest and highest figure the accounts give for one category, and how many accounts give one."""

    min: int
    max: int
    accounts: int


@dataclass(frozen=True)
class Account:
    """One telling of the incident: an event's coded acts, or one report's reviewed figures.

    ``figures`` maps a category to the account's total for it (absent: the account says nothing of it).
    ``perpetrators`` holds, for each actor the account names as having done it, the actor and its ancestors.
    """

    label: str
    figures: Mapping[str, int] = field(default_factory=dict)
    perpetrators: Sequence[frozenset[str]] = ()


@dataclass(frozen=True)
class Facts:
    """What the rule needs of an event, as one reader sees it."""

    status: str
    sources: int
    contradicted: int = 0
    accounts: Sequence[Account] = ()


@dataclass(frozen=True)
class Verdict:
    grade: Grade
    reason: str
    reason_ar: str


def figure_ranges(accounts: Iterable[Account]) -> dict[str, Range]:
    """Per category, the lowest and highest figure of the accounts that give one; categories none gives are left
    out (never shown as 0)."""
    values: dict[str, list[int]] = {}
    for account in accounts:
        for category, value in account.figures.items():
            if category not in CATEGORIES:
                raise ValueError(f"unknown category {category!r}")
            values.setdefault(category, []).append(int(value))
    return {c: Range(min(values[c]), max(values[c]), len(values[c])) for c in CATEGORIES if c in values}


def figures_conflict(ranges: Mapping[str, Range]) -> list[str]:
    """The categories whose figures conflict: the highest more than CONFLICT_RATIO times the lowest, and at least
    CONFLICT_GAP more."""
    return [c for c, r in ranges.items()
            if r.accounts > 1 and r.max > CONFLICT_RATIO * r.min and r.max - r.min >= CONFLICT_GAP]


def perpetrators_conflict(accounts: Iterable[Account]) -> bool:
    """Whether two accounts that both name perpetrators name none in common (an actor agrees with its own parent
    units: "the 4th Division" and "the Syrian army" do not conflict)."""
    named = [a.perpetrators for a in accounts if a.perpetrators]
    return any(not _agree(named[i], named[j]) for i in range(len(named)) for j in range(i + 1, len(named)))


def _agree(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> bool:
    # each set is an actor with its ancestors: two actors agree when one lies within the other's line
    return any(a <= b or b <= a for a in left for b in right)


def grade(facts: Facts) -> Verdict:
    """The computed grade of an event, with its reason in English and Arabic."""
    if facts.status == VerificationStatus.FALSE.value:
        return Verdict(Grade.DISCOUNTED, "the event's status is false", "حالة الحدث: غير صحيح")
    if facts.status == VerificationStatus.VERIFIED.value:
        return Verdict(Grade.CONFIRMED, "the event's status is verified", "حالة الحدث: متحقَّق منه")
    if facts.status == VerificationStatus.DISPUTED.value:
        return Verdict(Grade.CONTESTED, "the event's status is disputed", "حالة الحدث: متنازع عليه")
    if facts.contradicted:
        return Verdict(Grade.CONTESTED, f"{facts.contradicted} source(s) contradict it",
                       f"مصادر تناقضه: {facts.contradicted}")
    if perpetrators_conflict(facts.accounts):
        return Verdict(Grade.CONTESTED, "its accounts name different perpetrators", "رواياته تسمّي مرتكبين مختلفين")
    conflicting = figures_conflict(figure_ranges(facts.accounts))
    if conflicting:
        return Verdict(Grade.CONTESTED, f"its accounts give conflicting figures ({', '.join(conflicting)})",
                       f"رواياته تعطي أرقاماً متضاربة ({'، '.join(conflicting)})")
    if facts.sources >= 2:
        return Verdict(Grade.FAIR, f"{facts.sources} independent sources", f"مصادر مستقلة: {facts.sources}")
    if facts.sources == 1:
        return Verdict(Grade.WEAK, "one source", "مصدر واحد")
    return Verdict(Grade.WEAK, "no source on record", "لا مصدر مسجَّل")


def parse_grade(value: str) -> Grade | None:
    """The grade named (case and spaces ignored), or None."""
    try:
        return Grade(value.strip().lower())
    except ValueError:
        return None
