"""What a reviewer may choose for each suggestion of a report, and what is proposed before they choose.

Pure rules, shared by the review (:mod:`review`, which writes) and the review page (:mod:`reportdesk`, which
shows the choices): the roles of a person, the act a person, an actor or a count goes to, the harm of a victim,
and the wording of what a figure leaves in an act's "victims as described".

A count is written only to the act's figure of its own kind: "20 injured" is never a killed figure. The act has
no column for the missing, and a breakdown ("among them two children") is part of its total, not a total: both
are written as words in the act's "victims as described", with the report they came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

ROLES = ("victim", "perpetrator", "witness", "source")
ROLE_LABELS = {"victim": ("Victim", "ضحية"), "perpetrator": ("Perpetrator", "مرتكب"),
               "witness": ("Witness", "شاهد"), "source": ("Source", "مصدر")}
COUNT_KINDS = ("killed", "injured", "detained", "missing", "displaced")
KIND_LABELS = {"killed": ("Killed", "القتلى"), "injured": ("Injured", "الجرحى"),
               "detained": ("Detained", "المعتقلون"), "missing": ("Missing", "المفقودون"),
               "displaced": ("Displaced", "النازحون")}
ACT_FIGURES = frozenset({"killed", "injured", "detained", "displaced"})  # the act's own columns
# What a reviewer may say of a suggestion beside accept or reject.
OPTIONS: dict[str, frozenset[str]] = {
    "persons": frozenset({"role", "act", "harm", "pseudonym"}), "counts": frozenset({"act"}),
    "violations": frozenset({"method"}), "sources": frozenset({"pseudonym"}), "actors": frozenset({"act"}),
}
NEEDS_ACT = frozenset({"victim", "perpetrator"})
ACT_REF = "violations:"  # an act named by the violation suggestion it came from; anything else is an act's id
# The violation types (and their children) each count kind speaks of: where a figure goes by default.
KIND_TYPES = {"killed": ("violations-of-life",), "injured": ("injury",), "detained": ("violations-of-liberty",),
              "missing": ("enforced-disappearance", "abduction"), "displaced": ("forced-displacement",)}
# The harm (victim-groups) of a victim of an act of each type, when the reviewer names none.
HARMS = (("violations-of-life", "killed"), ("injury", "injured"), ("arbitrary-detention", "detained"),
         ("enforced-disappearance", "disappeared"), ("abduction", "abducted"), ("forced-displacement", "displaced"),
         ("siege", "besieged"))


def lineage(slug: str, parents: Mapping[str, str | None]) -> set[str]:
    """A violation type and every type above it (``parents``: slug -> parent slug)."""
    out: set[str] = set()
    current: str | None = slug
    while current and current not in out:
        out.add(current)
        current = parents.get(current)
    return out


def harm_for(type_slug: str, parents: Mapping[str, str | None]) -> str | None:
    """The harm a victim of an act of this type suffered, as far as the type says."""
    above = lineage(type_slug, parents)
    return next((harm for slug, harm in HARMS if slug in above), None)


def contains(outer: Mapping[str, Any], inner: Mapping[str, Any]) -> bool:
    """Whether the span of ``inner`` lies within the sentence of ``outer`` (both suggestions)."""
    start, end, at = outer.get("start"), outer.get("end"), inner.get("start")
    return isinstance(start, int) and isinstance(end, int) and isinstance(at, int) and start <= at < end


def default_act(field: str, item: Mapping[str, Any], violations: Sequence[Mapping[str, Any]],
                parents: Mapping[str, str | None]) -> str | None:
    """The violation (``violations:N``) a person or a count most likely belongs to: one of its sentence (for a
    count the one whose type its kind speaks of), else the only one left. None when that leaves none."""
    left = [(n, v) for n, v in enumerate(violations) if v.get("status") != "rejected"]
    open_ = [(n, v) for n, v in left if contains(v, item)] or (left if len(left) == 1 else [])
    if field == "counts":
        wanted = KIND_TYPES.get(str(item.get("kind")), ())
        fitting = [(n, v) for n, v in open_ if lineage(str(v.get("type")), parents) & set(wanted)]
        open_ = fitting or open_
    return f"{ACT_REF}{open_[0][0]}" if open_ else None


def default_role(item: Mapping[str, Any], sources: Sequence[Mapping[str, Any]]) -> str:
    """"source" for a person named where a source is cited; otherwise none: the reviewer says."""
    at, end = item.get("start"), item.get("end")
    if isinstance(at, int) and isinstance(end, int) and any(
            isinstance(s.get("start"), int) and s["start"] < end and at < s["end"] for s in sources):
        return "source"
    return ""


def figure_note(kind: str, value: int, text: str, title: str, language: str) -> str:
    """A figure kept as words: the missing, or a figure the act already has another value for."""
    label = KIND_LABELS[kind][1 if language == "ar" else 0]
    return f"{label}: {value} — «{text}» ({title})"


def breakdown_note(kind: str, total: int, group: str, value: int, text: str, title: str, language: str) -> str:
    """A part of a total ("among them two children"), never a total of its own."""
    label = KIND_LABELS[kind][1 if language == "ar" else 0]
    if language == "ar":
        return f"{label} {total}، منهم {group or '—'}: {value} — «{text}» ({title})"
    return f"{label} {total}, of them {group or '—'}: {value} — «{text}» ({title})"


def pseudonym(number: int, report_id: str, language: str) -> str:
    """A pseudonym for a source the reviewer left unnamed: never the name the report gives."""
    if language == "ar":
        return f"المصدر {number} في التقرير {report_id[:8]}"
    return f"Source {number} of report {report_id[:8]}"
