"""The role of each actor named in a report: ``perpetrator``, ``victim``, ``target``, ``controller`` or ``mentioned``.

Reports name every armed group in the same breath: those who did it, the victims' side, the group holding the
area, the enemy a strike was aimed at ("regime forces shelled IS positions in the SDF-held town"). Only the first
are perpetrators, and the review makes perpetrators of actors; so each actor suggestion says what it is:

* ``perpetrator``: its actor committed a violation the report describes (it is among the actors of a violation,
  chosen by tawthiq.extract.agents) and this mention is not marked as something else; or an agent cue marks it
  ("by X", "على يد X") in a report that describes a violation (the sentence may describe it without a trigger:
  "came under air fire by X");
* ``controller``, ``target``, ``victim``: a cue of data/actor_roles.json marks the mention ("controlled by X",
  "X-held", "سيطرة X"; "against X", "X positions", "مواقع X"; "killed two X fighters", "من عناصر X"): the nearest
  cue before it (at most CUE_GAP words, in its clause), else a cue right after it;
* ``mentioned``: anything else (named as a source, as a party to talks, in background).

The owner named before a group ("the SNA's Ahrar al-Sharqiya", "the regime's Fourth Division") is its umbrella, on
its side: a perpetrator where either is. Violations keep their perpetrators: the role of a mention never changes a
violation's actors. A bare "الحكومة"
that is not a perpetrator is dropped: in passing it names no one in particular.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from tawthiq.extract.actors import ActorHit, only_as_perpetrator
from tawthiq.extract.agent_cues import (
    CLAUSE_BREAK,
    CUE_GAP,
    agent_after_at,
    agent_before,
    counted,
    counted_members,
    crosses_name,
    described_after,
    followed,
    listed,
    parent_named,
    reaches,
)
from tawthiq.extract.agents import ECHO
from tawthiq.extract.lexicon import Lexicon, PatternSet, compile_pattern, data_file
from tawthiq.extract.spans import Document, norm_word

ROLES = ("perpetrator", "victim", "target", "controller", "mentioned")
_MARKED = ("controller", "target", "victim")


@cache
def _cues() -> dict[str, tuple[PatternSet, PatternSet]]:
    data = data_file("actor_roles.json")

    def cues(role: str, side: str) -> PatternSet:
        return PatternSet(compile_pattern(p, lang) for lang, phrases in data[role][side].items() for p in phrases)

    return {role: (cues(role, "before"), cues(role, "after")) for role in _MARKED}


def _list_ends(doc: Document, actors: Sequence[ActorHit], starts: list[int]) -> list[int]:
    """For each actor mention, the word after the last name of the list it opens or stands in ("X, Y and Z as
    abusers": a cue after Z is a cue after X and Y too)."""
    ends = [bisect_left(starts, a["end"]) for a in actors]
    for i in range(len(actors) - 2, -1, -1):
        if listed(doc.text, actors[i]["end"], actors[i + 1]["start"]):
            ends[i] = ends[i + 1]
    return ends


def assign_roles(doc: Document, lexicon: Lexicon, actors: Sequence[ActorHit],
                 violations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The actor suggestions of ``doc``, each with its ``role`` (see the module docstring)."""
    perpetrators = {slug for v in violations for slug in v.get("actors", [])}
    starts = [w.start for w in doc.words]
    named_last = frozenset(bisect_left(starts, a["end"]) - 1 for a in actors)
    list_ends = _list_ends(doc, actors, starts)
    out: list[dict[str, Any]] = []
    prev_agent: ActorHit | None = None  # the mention before, where a cue made it an agent
    for actor, list_end in zip(actors, list_ends, strict=True):
        first = bisect_left(starts, actor["start"])
        end = bisect_left(starts, actor["end"])
        prev = out[-1] if out else None
        if prev is not None and prev["slug"] == actor["slug"] and ECHO.fullmatch(doc.text, prev["end"], actor["start"]):
            out.append({**actor, "role": prev["role"]})  # "… Levant (ISIL)": the bracketed name is the one before
            continue
        if prev is not None and _ALLIANCE.search(prev["text"]) and doc.text[prev["end"]:actor["start"]].isspace():
            out.append({**actor, "role": prev["role"]})  # "قوات الحلف السوري الروسي": both members of the alliance
            continue
        marked = _marked(doc, lexicon, first, end, named_last) if first < end else None
        if actor["text"].startswith("ل") and _OPPOSED.search(doc.text, max(0, actor["start"] - 12), actor["start"]):
            marked = "mentioned"  # "هيئة تحرير الشام المعارضة للنظام": the one a group opposes did nothing here
        if marked is None and prev_agent is not None and listed(doc.text, prev_agent["end"], actor["start"]):
            marked = "agent"  # "killed by regime forces, Hezbollah and Russian forces": each name of the list
        if marked is None and prev is not None and prev["role"] in ("mentioned", "target") and _paired(
                doc.text, prev, actor):
            marked = prev["role"]  # "the conflict between the Syrian government and rebels": both are the parties
        prev_agent = actor if marked == "agent" else None
        if marked is None and list_end < len(doc.words) and followed(doc, list_end) and agent_after_at(doc, list_end):
            marked = "agent"  # "identified X, Y and Z as human rights abusers", "X was responsible for 42 attacks"
        if marked in (None, "agent") and actor["slug"] in perpetrators:
            role = "perpetrator"
        elif marked == "agent" and violations:
            role = "perpetrator"  # "under fire by either X or …": an agent, though no trigger chose it
        else:
            role = marked if marked in _MARKED else "mentioned"
        if only_as_perpetrator(doc, actor) and (role != "perpetrator" or (
                marked != "agent" and actor["text"].startswith("ل"))):
            # "التعاون مع الحكومة" (collaborating with the government), "بلدتي الفوعة وكفريا المواليتين للحكومة" (loyal
            # to the government): a bare word in passing, or the one something belongs to, is no suggestion
            continue
        out.append({**actor, "role": role})
    # "the SNA's Ahrar al-Sharqiya", "the regime's Fourth Division": the owner named before a group's name is its
    # umbrella, one side with it: the perpetrator if either is, else in the role of the group
    for owner, group in zip(out, out[1:], strict=False):
        if _OWNER.fullmatch(doc.text, owner["end"], group["start"]):
            both = "perpetrator" if "perpetrator" in (owner["role"], group["role"]) else group["role"]
            owner["role"] = group["role"] = both
    return out


_OWNER = re.compile(r"['’]s\s+")
_ALLIANCE = re.compile(r"حلف")
_OPPOSED = re.compile(r"(?<!\w)(?:ال)?(?:معارض|مناهض|معادي)[ةه]?\s+$")
_BETWEEN = re.compile(r"(?:\bbetween|(?<!\w)بين)\s+(?:the\s+)?$", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and\s+(?:the\s+)?|و\s*)", re.IGNORECASE)


def _paired(text: str, first: ActorHit | dict[str, Any], second: ActorHit) -> bool:
    """Whether two mentions are the pair after "between" ("clashes between X and Y", "الصراع بين X وY"): the second
    stands where the first does, though the cue before the pair reaches only the first."""
    gap = text[first["end"]:second["start"]]
    joined = _AND.fullmatch(gap) is not None or (gap.isspace() and second["text"].startswith("و"))
    return joined and _BETWEEN.search(text, max(0, first["start"] - 16), first["start"]) is not None


# "members of X" opening its clause and followed by a verb in the active voice: X's members did it
_MEMBERS = frozenset({"members", "member", "elements", "fighters", "militants", "gunmen"})
_OPENING = frozenset({"the", "some", "several", "dozens", "two", "three", "four", "five", "a", "armed"})
_PASSIVE = frozenset({"were", "was", "are", "is", "had", "have", "has", "been", "who", "whom", "whose", "and", "or",
                      "in", "at", "from", "to", "of", "with", "on", "for", "near", "died"})
_ACTIVE = frozenset({"stole", "took", "seized", "shot", "kidnapped", "abducted", "burned", "burnt", "beat", "struck",
                     "opened", "raided", "stormed", "arrested", "detained", "killed", "executed", "tortured", "looted",
                     "arrests", "detains", "abducts", "kidnaps", "kills", "shoots", "storms", "raids", "seizes",
                     "loots", "steals", "tortures", "executes", "burns", "beats"})
# "members of X faction": the word after the name that names its kind, not yet the verb
_KINDS = frozenset({"faction", "group", "militia", "brigade", "battalion", "movement", "forces", "fighters"})
_RELATIVE = frozenset({"which", "who", "that"})


def _members_act(doc: Document, cue: int, end: int) -> bool:
    """Whether the victim cue at word ``cue`` is "members of" opening its clause, with the name it marks (ending
    before word ``end``) followed by a verb in the active voice ("Members of X seized …", "members of “X” faction,
    which controls the village, arbitrarily arrests …"): then the members are the subject. An English reading: Arabic
    puts the verb first."""
    words, text = doc.words, doc.text
    if doc.language == "ar" or words[cue].norm not in _MEMBERS or end >= len(words):
        return False
    k = cue
    while k > 0 and words[k - 1].norm in _OPENING and not CLAUSE_BREAK.search(text, words[k - 1].end,
                                                                                 words[k].start):
        k -= 1
    opens = k == 0 or bool(re.search(r"[.!?;:,،؛]\s*$|\n\s*$", text[words[k - 1].end:words[k].start]))
    if not opens or text[words[end - 1].end:words[end].start].strip(" \"“”«»,"):
        return False
    k = end + (words[end].norm in _KINDS and end + 1 < len(words))
    if k + 1 < len(words) and words[k].norm in _RELATIVE and "," in text[words[k - 1].end:words[k].start]:
        # "members of X faction, which controls the village, arrested …": the relative clause is passed over, unless
        # it tells what the members suffered ("who were arrested last year, died in prison")
        if words[k + 1].norm in _PASSIVE:
            return False
        k = next((m for m in range(k + 1, min(len(words), k + 25)) if "," in text[words[m - 1].end:words[m].start]),
                 len(words))
    if k >= len(words) or text[words[k - 1].end:words[k].start].strip(" \"“”«»,"):
        return False
    k += words[k].norm.endswith("ly") and k + 1 < len(words)  # "arbitrarily arrests"
    after = words[k].norm
    return after in _ACTIVE or (after not in _PASSIVE and after.endswith("ed"))


# "led by X" names who led an operation, not who did what the report describes (unless a trigger chooses X)
_LEADING = frozenset({"led", "headed", "spearheaded", "commanded"})
# Arabic posts of a force ("حواجز لقوات النظام") and the words before them that tell only where they stand: a verb
# of presence ("تنتشر فيه حواجز") or a place's preposition ("قرب حاجز"), not an act of the checkpoint ("اعتقل حاجز")
_POSTS = frozenset({"حاجز", "حواجز", "نقاط", "نقطه", "نقطة"})
_PRESENCE = frozenset("""تنتشر ينتشر منتشره منتشرة المنتشره المنتشرة تتمركز يتمركز متمركزه متمركزة المتمركزه المتمركزة
توجد يوجد تتواجد يتواجد المتواجده المتواجدة تتوزع يتوزع قرب بالقرب عند امام""".split())


def _posted(doc: Document, cue: int) -> bool:
    """Whether the agent cue at word ``cue`` is a post of a force that the words before it only place there."""
    words = doc.words
    return doc.language == "ar" and words[cue].norm in _POSTS and any(
        form in _PRESENCE for w in words[max(0, cue - 3):cue] for form in w.forms)


@cache
def _air_nouns() -> frozenset[str]:
    return frozenset(norm_word(n) for n in data_file("actor_phrases.json")["nouns"]["air"])


def _attacker_noun(doc: Document, first: int) -> bool:
    """Whether an Arabic mention opens with a noun of aircraft or strikes ("مسيرة تركية", "الطيران الروسي"): after
    "استهداف", "قصف" it is the attacker of a genitive construct, not what was targeted."""
    return doc.language == "ar" and any(form in _air_nouns() for form in doc.words[first].forms)


def _marked(doc: Document, lexicon: Lexicon, first: int, end: int, named_last: frozenset[int]) -> str | None:
    """The role a cue gives the mention of words [first, end), if any; "agent" for an agent cue ("killed by X");
    "mentioned" for the parent named after an affiliation ("the Hamza Division, affiliated with the SNA")."""
    words = doc.words
    if doc.language != "ar" and counted(doc, first):
        return "victim"  # "nineteen SDF militants were killed"
    best: tuple[int, int, str, int] | None = None  # (cue end, cue length, role, cue start)
    # the cues of the agents step last: a role's cue wins a tie ("controlled by"), and "provided by" beats "by"
    cues = [(role, before) for role, (before, _after) in _cues().items()] + [
        ("agent", lexicon.agent_set), ("mentioned", lexicon.not_agent_before_set)]
    for role, before in cues:
        for k in range(max(0, first - CUE_GAP - 4), first):
            for _pattern, cue_end in before.starting_at(words, k, first):
                if not reaches(doc, cue_end, first) or crosses_name(doc, cue_end, first, named_last):
                    continue
                candidate = (cue_end, cue_end - k, role, k)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    if best is not None:
        if best[2] == "agent":
            if counted_members(doc, best[3]):
                return "victim"  # "eight fighters of the SDF were killed"
            if _posted(doc, best[3]):
                return "controller"  # "وتنتشر فيه حواجز لقوات النظام": the checkpoints are there, they did nothing
            if best[3] > 0 and words[best[3] - 1].norm in _LEADING and words[best[3]].norm == "by":
                return None  # "an offensive led by HTS": the leader of an operation, an agent only of a violation
            return "mentioned" if parent_named(doc, best[3], named_last) else "agent"
        if best[2] == "victim" and _members_act(doc, best[3], end):
            return None  # "Members of X seized the groves": X's members are the subject, not the victims
        if best[2] == "target" and _attacker_noun(doc, first):
            return "agent"  # "باستهداف مسيرة تركية لسيارة" (by a Turkish drone's targeting of a car): its attacker
        return "agent" if agent_before(doc, lexicon, best[3]) else best[2]
    if end < len(words) and followed(doc, end) and not described_after(doc, end):
        if agent_after_at(doc, end):
            return "agent"  # "X claimed responsibility", "X held women in cages": not "X-held", not "X claimed that"
        afters = [(role, after) for role, (_before, after) in _cues().items()] + [
            ("mentioned", lexicon.not_agent_after_set)]
        for role, after in afters:
            if next(after.starting_at(words, end, min(len(words), end + 3)), None) is not None:
                return role
    return None
