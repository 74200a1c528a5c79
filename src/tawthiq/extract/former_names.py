"""Actor names that stand for an actor already named beside them, not for a second actor, or for none.

- A former or another name in apposition ("Hayat Tahrir al-Sham (HTS, formerly al-Nusra Front)", "… previously known
  as Jabhat Fateh al-Sham", "the Islamic State (also known as ISIS)", "هيئة تحرير الشام (جبهة النصرة سابقاً)") tells
  who the group was or what else it is called, not who else was there.
- An organ named with its owner ("the HTS General Security Service", "the SNA's military police", "الشرطة العسكرية
  التابعة للجيش الوطني") is the owner's: a non-state group's security service is not the Syrian state's service that
  the shipped list names so. A state's own organ keeps its name ("regime Military Intelligence"). So are the men of a
  nationality named as the owner's ("the IRGC's Iraqi officers" are the IRGC's, not Iraq's forces).
- A slogan, a campaign's name or a title in quotes ("ضد عمليات التجنيد تحت اسم “بيوتنا محتلة من قبل إيران”", "under the
  slogan "…"") names no actor of the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from tawthiq.extract.lexicon import data_file

if TYPE_CHECKING:  # actors calls this module
    from tawthiq.extract.actors import ActorHit

# before a former name or another name: "formerly", "previously known as", "also known as", "المعروفة سابقاً باسم"
_FORMER_BEFORE = re.compile(
    r"(?i:\b(?:(?:formerly|previously|once|earlier|originally)(?:\s+(?:known|called|named))?(?:\s+as)?"
    r"|(?:also\s+)?known\s+as|a\.?k\.?a\.?)\s+(?:the\s+)?)$"
    r"|(?:(?:المعروفة?|المعروفين|المعروفه)?\s*(?:سابقا|سابقاً|سابقًا)|المعروفة?|المعروفه)\s+(?:باسم|ب)\s*$")
# after a former name: "(جبهة النصرة سابقاً)", "جبهة النصرة (سابقاً)"
_FORMER_AFTER = re.compile(r"\s*\(?\s*(?:سابقا|سابقاً|سابقًا)\b")
# between an owner and its organ: nothing but a space or a possessive ("HTS General Security", "the SNA's military
# police"); between an Arabic organ and its owner: "التابعة لـ", "التابع ل"
_OWNER_BEFORE = re.compile(r"(?:['’]s)?[ \t]+")
_POSSESSIVE = re.compile(r"['’]s[ \t]+")
_OWNER_AFTER = re.compile(r"\s+(?:التابعة|التابع|التابعين|التابعه)\s+(?:لـ|ل)?\s*")


@cache
def _kinds() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The organs (slugs whose names any armed party's service may bear), the Syrian state's own slugs, which keep an
    organ as named, and the nouns of a group's men (data/actor_aliases.json, organs)."""
    data = data_file("actor_aliases.json")["organs"]
    return frozenset(data["organs"]), frozenset(data["state"]), frozenset(data["people"])


# a slogan, a campaign's name or a title in quotes after its cue: "تحت اسم “… محتلة من قبل إيران”", "under the slogan
# "…"": the words quoted tell of no one here
_TITLED = re.compile(r"(?:تحت\s+(?:اسم|شعار|عنوان|مسمى)|بعنوان|شعار|(?i:under\s+the\s+(?:slogan|name|title|banner)|"
                     r"titled|entitled|slogan|hashtag))\s*[“\"«]([^”\"»\n]{1,200})[”\"»]")


def drop_restated(text: str, hits: Sequence[ActorHit]) -> list[ActorHit]:
    """``hits`` without the former names of the actor named before them and the names inside a quoted slogan or title,
    and with each organ named with its owner as a mention of the owner (see the module docstring)."""
    organs, state, people = _kinds()
    dropped: set[int] = set()
    owners: dict[int, ActorHit] = {}  # an organ's mention -> its owner's
    for k, hit in enumerate(hits):
        line_start = text.rfind("\n", 0, hit["start"]) + 1
        if _FORMER_BEFORE.search(text, max(line_start, hit["start"] - 40), hit["start"]) or _FORMER_AFTER.match(
                text, hit["end"]):
            if k > 0 and hit["start"] - hits[k - 1]["end"] < 60:  # a former name glosses the name just before it
                dropped.add(k)
                continue
        before = hits[k - 1] if k > 0 else None
        if (before is not None and before["slug"] not in state and hit["text"].split()[-1].casefold() in people
                and _POSSESSIVE.fullmatch(text, before["end"], hit["start"])):
            owners[k] = before  # "the IRGC's Iraqi officers": men of that nationality in the owner's ranks
            continue
        if hit["slug"] not in organs:
            continue
        after = hits[k + 1] if k + 1 < len(hits) else None
        if before is not None and before["slug"] not in state | organs and _OWNER_BEFORE.fullmatch(
                text, before["end"], hit["start"]):
            owners[k] = before
        elif after is not None and after["slug"] not in state | organs and _OWNER_AFTER.fullmatch(
                text, hit["end"], after["start"]):
            owners[k] = after
    titles = [m.span(1) for m in _TITLED.finditer(text)] if hits else []
    out = []
    for k, hit in enumerate(hits):
        if k in dropped or any(a <= hit["start"] and hit["end"] <= b for a, b in titles):
            continue
        if k in owners:
            hit = hit.copy()
            hit["name"], hit["slug"] = owners[k]["name"], owners[k]["slug"]
        out.append(hit)
    return out
