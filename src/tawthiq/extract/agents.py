"""Which actors committed a violation: the agent of the trigger's clause, else of its sentence, else the nearest before.

"The group", "التنظيم" and the like count as mentions of the last actor named before them whose aliases have
that word ("the group" after "Islamic State group"), since reports name a perpetrator once and then refer to it.

Reports name perpetrators, victims and places in the same breath ("regime forces shelled IS positions",
"IS-held areas"), and the review turns a violation's actors into perpetrators, so each actor mention gets a
rank, from the cues of data/context_cues.json and its place in the sentence:

* 0, named as the agent: "by X", "at the hands of X", "fighters of X", "من قبل X", "على يد X", "عناصر X";
* 0 too, an Arabic actor right behind its trigger verb ("قتلت هيئة تحرير الشام"), not behind a noun of what a
  victim suffered ("مقتل عنصر من قوات النظام");
* 1, the subject: an English actor before the trigger, or after it behind "at", "in", "from" ("arrested at an
  Air Force Intelligence checkpoint"); any Arabic actor (Arabic puts the subject after the verb);
* 2, the object: an English actor after the trigger ("the strike killed two YPG fighters");
* none, a victim, a target, a place label or a source: "against X", "controlled by X", "X-held", "X positions",
  "X said", "according to X", "مواقع X", "سيطرة X", "من عناصر X" (the nearest cue before the mention decides:
  "killed by X" is an agent); an English actor counted ("nineteen SDF fighters").

A name repeated in brackets ("… Levant (ISIL)") ranks as the name before it, and a word in quotes is a name, not
an anaphor ("الجبهة الإسلامية" in quotes is the Islamic Front, not the last front named).

A trigger takes the best-ranked actors of its clause, else of its sentence; a sentence with none, or only objects,
takes the best of the nearest sentence before that names a subject or an agent (a report often names the
perpetrator once and goes on: "Regime forces raided the village. They arrested twelve men.").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tawthiq.extract.actors import ActorHit
from tawthiq.extract.agent_cues import (
    CLAUSE_BREAK,
    CUE_GAP,
    NUMBER_WORDS,
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
from tawthiq.extract.lexicon import Lexicon, context_cue_set
from tawthiq.extract.spans import Document, Sentence

#: The farthest a clause reaches from its trigger, in words each way: a run-on "sentence" with no stop in
#: it (a pasted list, a text without punctuation) would otherwise make every trigger walk all of it.
MAX_CLAUSE_WORDS = 60
# English words that open a subordinate clause: its own clause ("Russian military police patrolled the area after
# regime shelling killed three people": the killing is the shelling's).
SUBORDINATORS = frozenset({"after", "when", "while", "before", "until", "whereas", "although"})
# English relative pronouns that open a clause standing for the name before them, and the determiners that open an
# apposition ("Hezbollah, an ally of the Assad regime, besieged Madaya").
_RELATIVE = frozenset({"who", "which", "whose"})
_DETERMINERS = frozenset({"a", "an", "the", "its", "their"})
# adverbs that open an apposition as a determiner does ("Jabhat al-Nusra, now part of HTS, executed …")
_APPOSITIVE = frozenset({"now", "formerly", "later", "previously", "once", "originally", "also"})
_AGENT, _SUBJECT, _OBJECT = 0, 1, 2
# A passive before an English trigger, and the words that open an indefinite subject (something new, not named before).
_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "be", "got", "get"})
_INDEFINITE = frozenset({"a", "an", "another", "unknown", "unidentified", "several", "some"})
_AT = frozenset({"at", "in", "inside", "from", "near"})
# Nouns of a place in a group's ranks: "a commander in X", "an officer in X" names X as his side, not as a place.
_RANKS = frozenset("""commander commanders member members officer officers leader leaders fighter fighters official
officials figure figures recruit recruits soldier soldiers militant militants position rank ranks""".split())
QUOTES = frozenset('"“”«»\'')
# Between a name and the owner named in its apposition: "the YPG, the military force of the autonomous administration".
_APPOSITION_OF = re.compile(r"[)\]]?\s*,\s+(?:the|a|an)\s+(?:[\w-]+\s+){1,3}of\s+(?:the\s+)?")
# Between a name and the same name repeated in brackets: "Islamic State of Iraq and the Levant (ISIL)",
# "«الدولة» (داعش)".
ECHO = re.compile(r"""[\s"'“”«»]*[(\[]?[\s"'“”«»]*|[\s"'“”«»]*[-–—][\s"'“”«»]*""")
# Arabic nouns of what a victim suffered: the actor behind them is the victim's side ("مقتل عنصر من قوات النظام").
_SUFFERED = frozenset({"مقتل", "مصرع", "اصابه", "جرح", "وفاه", "استشهاد", "نزوح", "تهجير", "اعتقال", "اختطاف",
                       "خطف", "اسر", "مقتلهم", "اصابات"})


# English nouns of an attack or a weapon that may end an actor's mention ("Turkish air strikes", "Russian rockets").
_ACT_NOUNS = frozenset("""strike strikes airstrike airstrikes shelling bombardment bombing bombings raid raids fire
barrage rocket rockets missile missiles shell shells mortar mortars artillery drone drones jet jets warplane warplanes
aircraft plane planes helicopter helicopters bomber bombers""".split())


@dataclass(frozen=True)
class _Mention:
    first: int  # word index
    end: int  # word index after the mention
    slug: str
    marked: int | None  # _AGENT when an agent cue marks it, None when a not-agent cue does, else -1
    after_place: bool  # an English mention behind "at", "in", "from": a place of the agent ("at an X checkpoint")


class Agents:
    """The actor mentions of one document, ranked once, to be asked for the perpetrators of each trigger."""

    def __init__(self, doc: Document, lexicon: Lexicon, actors: Sequence[ActorHit]) -> None:
        self._doc = doc
        self._lexicon = lexicon
        self._arabic = doc.language == "ar"
        starts = [w.start for w in doc.words]
        self._named_last = frozenset(bisect_left(starts, a["end"]) - 1 for a in actors)
        mentions = []
        for actor in actors:
            first = bisect_left(starts, actor["start"])
            end = bisect_left(starts, actor["end"])
            if first >= end:
                continue
            mentions.append(self._mention(lexicon, first, end, actor["slug"]))
        mentions = self._echoes(sorted(mentions, key=lambda m: m.first))
        ordered = sorted(mentions + self._anaphors(lexicon, mentions), key=lambda m: m.first)
        firsts = [s.first_word for s in doc.sentences]
        self._by_sentence: dict[int, list[_Mention]] = {}
        for m in ordered:
            self._by_sentence.setdefault(bisect_left(firsts, m.first + 1) - 1, []).append(m)
        self._earlier: dict[int, list[tuple[int, _Mention]]] = {}  # sentence index -> its best subjects or agents
        self._idle: dict[int, bool] = {}  # sentence index -> whether it names subjects or agents but tells of no act

    def _mention(self, lexicon: Lexicon, first: int, end: int, slug: str) -> _Mention:
        words = self._doc.words
        # "at an X checkpoint", "from X's prisons"; not "a commander in X", "a member in X" (X is his side)
        after_place = any(k >= 0 and words[k].norm in _AT and not (k >= 1 and words[k - 1].norm in _RANKS)
                          for k in (first - 1, first - 2))
        return _Mention(first, end, slug, self._marked(lexicon, first, end), after_place)

    def _echoes(self, mentions: list[_Mention]) -> list[_Mention]:
        """A name repeated in brackets ("Islamic State of Iraq and the Levant (ISIL)") is what the name before it is;
        the owner named in an English apposition of a victim or a target ("against the YPG, the military force of the
        autonomous administration") is no agent either; a name listed after an agent is one too ("by X, Y and Z")."""
        words, text = self._doc.words, self._doc.text
        out: list[_Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if prev is not None and prev.slug == m.slug and ECHO.fullmatch(
                    text, words[prev.end - 1].end, words[m.first].start):
                m = replace(m, marked=prev.marked, after_place=prev.after_place)
            elif (prev is not None and prev.marked is None and m.marked == -1 and not self._arabic
                  and _APPOSITION_OF.fullmatch(text, words[prev.end - 1].end, words[m.first].start)):
                m = replace(m, marked=None)
            elif prev is not None and prev.marked == _AGENT and m.marked == -1 and listed(
                    text, words[prev.end - 1].end, words[m.first].start):
                m = replace(m, marked=_AGENT)  # "killed by regime forces, Hezbollah and Russian forces": all three
            out.append(m)
        return out

    def _anaphors(self, lexicon: Lexicon, named: list[_Mention]) -> list[_Mention]:
        """"The group", "التنظيم" as mentions of the last actor named before them that has that word in an alias."""
        words = self._doc.words
        firsts = {p.parts[0] for p in lexicon.anaphora}
        taken = {k for m in named for k in range(m.first, m.end)}
        found = []
        for i, word in enumerate(words):
            if i in taken or not any(form in firsts for form in word.forms):
                continue
            if self._doc.text[max(0, word.start - 2):word.start].strip()[-1:] in QUOTES:
                continue  # «الجبهة الإسلامية», "the Front": a name in quotes is some group's name, not an anaphor
            for pattern, end in lexicon.anaphora_set.starting_at(words, i, len(words)):
                slugs = lexicon.anaphora_actors.get(pattern.phrase, frozenset())
                before = [m for m in named if m.first < i and m.slug in slugs]
                if before:
                    found.append(self._mention(lexicon, i, end, before[-1].slug))
                break
        return found

    def of_trigger(self, sentence_index: int, trigger: int) -> list[str]:
        """The slugs of the actors that committed the violation whose trigger is word ``trigger`` of that sentence."""
        sentence = self._doc.sentences[sentence_index]
        in_sentence = self._ranked(sentence_index, trigger)
        lo, hi = self._clause(sentence, trigger)
        in_clause = [(rank, m) for rank, m in in_sentence if lo <= m.first < hi]
        best = self._with_listed(_best(in_clause), in_sentence)
        if not best and lo > sentence.first_word and (lo == trigger or self._relative(lo, trigger)):
            best = self._with_listed(self._clause_before(sentence, lo, in_sentence, relative=lo != trigger),
                                     in_sentence)
        best = best or _best([(rank, m) for rank, m in in_sentence if not self._idle_clause(sentence, m)])
        parties = context_cue_set("all_parties")
        if not best and any(next(parties.starting_at(self._doc.words, k, hi), None) for k in range(lo, hi)):
            return []  # "victims who were killed by all parties": the agent is every party, none in particular
        back = sentence_index - 1
        while (not best or best[0][0] == _OBJECT) and back >= 0:
            if back not in self._earlier:
                earlier = _best(self._ranked(back, self._doc.sentences[back].last_word))
                self._earlier[back] = earlier if earlier and earlier[0][0] < _OBJECT else []
                earlier_sentence = self._doc.sentences[back]
                self._idle[back] = bool(self._earlier[back]) and not any(
                    self._tells_act(*self._clause(earlier_sentence, m.first)) for _rank, m in self._earlier[back])
            if self._idle[back] and self._own_subject(sentence, trigger):
                # "In 2019 the SDF defeated ISIS. On Tuesday a car bomb killed three.": the actors named last did
                # nothing the report calls an act, and this act has a subject of its own: no agent ("She was held in
                # the Palestine Branch. She was beaten.": a passive or a pronoun still refers back)
                break
            best = self._earlier[back] or best
            back -= 1
        return list(dict.fromkeys(m.slug for _rank, m in best))

    def _with_listed(self, best: list[tuple[int, _Mention]],
                     in_sentence: list[tuple[int, _Mention]]) -> list[tuple[int, _Mention]]:
        """The agents or subjects ``best`` and the names listed with them past the commas that end the clause
        ("killed by regime forces, Hezbollah and Russian forces", "Regime forces, Hezbollah and Iranian militias
        besieged the town"): the whole list did it."""
        if not best or best[0][0] == _OBJECT:
            return best
        words, text = self._doc.words, self._doc.text
        top = best[0][0]
        chosen = list(best)
        ordered = sorted(in_sentence, key=lambda pair: pair[1].first)

        def joined(before: _Mention, after: _Mention) -> bool:
            return listed(text, words[before.end - 1].end, words[after.first].start)

        for rank, m in ordered:  # the names listed after the chosen ones
            if rank == top and all(m is not c for _r, c in chosen) and any(joined(c, m) for _r, c in chosen):
                chosen.append((rank, m))
        for rank, m in ordered[::-1]:  # and before them
            if rank == top and all(m is not c for _r, c in chosen) and any(joined(m, c) for _r, c in chosen):
                chosen.append((rank, m))
        return chosen

    def _own_subject(self, sentence: Sentence, trigger: int) -> bool:
        """Whether an English trigger has a subject of its own that names something new ("a car bomb killed", "an
        airstrike hit", "unknown gunmen shot"): an indefinite subject opening its clause, not a pronoun or a
        definite name that refers back ("the strike killed", "they arrested"), nor a passive ("was beaten")."""
        if self._arabic:
            return False
        words = self._doc.words
        lo, _hi = self._clause(sentence, trigger)
        before = [w.norm for w in words[lo:trigger]]
        if not before or any(w in _PASSIVE_AUX for w in before[-3:]):
            return False
        return before[0] in _INDEFINITE or before[0].isdigit() or before[0] in NUMBER_WORDS

    def _tells_act(self, lo: int, hi: int) -> bool:
        """Whether the words [lo, hi) of a clause tell of an act: any trigger (also one that needs an object near it:
        "keep the town sealed off"), a word of attack, or a word for acts in general ("committing abuses":
        data/context_cues.json, acts_in_general)."""
        words, lexicon = self._doc.words, self._lexicon
        cues = [lexicon.violation_set, context_cue_set("acts_in_general"),
                *filter(None, [lexicon.context_sets.get("attack")])]
        return any(next(c.starting_at(words, k, hi), None) is not None for k in range(lo, hi) for c in cues)

    def _act_word(self, lo: int, hi: int) -> bool:
        words, lexicon = self._doc.words, self._lexicon
        attack = lexicon.context_sets.get("attack")
        return any(any(p.context is None for p, _end in lexicon.violation_set.starting_at(words, k, hi))
                   or (attack is not None and next(attack.starting_at(words, k, hi), None) is not None)
                   for k in range(lo, hi))

    def _idle_clause(self, sentence: Sentence, m: _Mention) -> bool:
        """Whether an English mention stands in a subordinate clause that tells of no act ("… was detained for unknown
        reasons while he was reporting on a visit by officials of the Coalition"): it did not do what another clause
        of the sentence tells."""
        if self._arabic:
            return False
        lo, hi = self._clause(sentence, m.first)
        words = self._doc.words
        # "…, as government forces advanced along the bank": "as" after a comma opens a subordinate clause too
        if words[lo].norm not in SUBORDINATORS and not (words[lo].norm == "as" and lo > sentence.first_word):
            return False
        # an act word: a trigger that needs no object near it ("hospital" does), or a word of attack
        return not self._act_word(lo, hi)

    def _relative(self, lo: int, trigger: int) -> bool:
        """Whether the clause from word ``lo`` is an English relative clause on the trigger ("…, who tortured them")."""
        return not self._arabic and trigger - lo <= 2 and self._doc.words[lo].norm in _RELATIVE

    def _clause_before(self, sentence: Sentence, lo: int, in_sentence: list[tuple[int, _Mention]], *,
                       relative: bool) -> list[tuple[int, _Mention]]:
        """The agents of a trigger that opens its clause, from the clause before it: a participle tells of what that
        clause did ("Turkish drones struck a village, killing a farmer"), not of what the rest of the sentence names
        ("In response to an SDF attack"); a relative pronoun stands for the name right before it ("handed them to
        the Asayish, who tortured them"); an apposition ("Hezbollah, an ally of the Assad regime, besieged …") is
        passed over to the name it describes."""
        words = self._doc.words
        end = lo
        while end > sentence.first_word:
            start, _hi = self._clause(sentence, end - 1)
            named = [(rank, m) for rank, m in in_sentence if start <= m.first < end]
            if relative:
                last = [(rank, m) for rank, m in named if m.end == end]
                return [(_SUBJECT, m) for _rank, m in last]
            if start > sentence.first_word and (words[start].norm in _RELATIVE or (
                    words[start].norm in _DETERMINERS | _APPOSITIVE and start - 1 in self._named_last)):
                # an apposition or a relative clause ("X, which is part of Y, abducted"): it describes X; a relative
                # clause on anything ("bombed the town, which was held by Y, killing ten") tells of no agent here
                end = start
                continue
            if not named and start > sentence.first_word and words[start].norm not in SUBORDINATORS:
                end = start  # "Hezbollah, an ally of X, besieged Madaya, starving dozens": the subject is further back
                continue
            return _best(named)
        return []

    def _ranked(self, sentence_index: int, trigger: int) -> list[tuple[int, _Mention]]:
        ranked = []
        passive = self._arabic and _passive(self._doc.words[trigger].surface)
        for m in self._by_sentence.get(sentence_index, []):
            if m.marked is None:
                continue
            if m.marked == _AGENT or self._follows_verb(trigger, m):
                ranked.append((_AGENT, m))
            elif passive and m.first < trigger:
                continue  # "أن قسد تواصل تحقيقاتها … اللذين قُتلا": the subject before a passive verb did not do it
            elif self._arabic or m.first < trigger or m.after_place:
                ranked.append((_AGENT if self._act_named(m, trigger) else _SUBJECT, m))
            elif m.first >= trigger:
                ranked.append((_OBJECT, m))
        return self._lists_of_act_names(ranked, trigger)

    def _lists_of_act_names(self, ranked: list[tuple[int, _Mention]], trigger: int) -> list[tuple[int, _Mention]]:
        """A subject listed with an attack named by its attacker shares its rank: "Russian and Turkish drones"."""
        named = [m for rank, m in ranked if rank == _AGENT and self._act_named(m, trigger)]
        if not named:
            return ranked
        words, text = self._doc.words, self._doc.text
        return [(_AGENT if rank == _SUBJECT and any(
            listed(text, words[m.end - 1].end, words[n.first].start) for n in named) else rank, m)
            for rank, m in ranked]

    def _act_named(self, m: _Mention, trigger: int) -> bool:
        """Whether an English subject names an attack by its attacker ("Turkish air strikes", "Russian shelling"): the
        attack did the act, as an agent after "by" does ("Turkish air strikes and mortar fire by its Syrian proxies
        killed 14 civilians": both)."""
        return not self._arabic and m.first < trigger and self._doc.words[m.end - 1].norm in _ACT_NOUNS

    def _held_responsible(self, first: int) -> bool:
        """Whether an Arabic mention carries the dative ل ("لقوات", "لـ قسد") and a cue before it in its sentence lays
        an act at its door ("حمّلت … مسؤولية … لقوات"): data/context_cues.json, held_responsible."""
        doc = self._doc
        words, text = doc.words, doc.text
        surface = words[first].surface
        dative = (surface.startswith("ل") and not surface.startswith("ال")) or text[
            max(0, words[first].start - 3):words[first].start].rstrip().endswith(("لـ", "ل"))
        if not dative:
            return False
        sentence = next((s for s in doc.sentences if s.first_word <= first < s.last_word), None)
        if sentence is None:
            return False
        cues = context_cue_set("held_responsible", ("ar",))
        return any(end <= first for k in range(max(sentence.first_word, first - MAX_CLAUSE_WORDS), first)
                   for _pattern, end in cues.starting_at(words, k, first))

    def _follows_verb(self, trigger: int, m: _Mention) -> bool:
        """An Arabic actor right behind its trigger verb is its subject ("قتلت هيئة تحرير الشام مدنياً", "قصف قوات
        النظام"), unless the trigger is a noun whose next word is who suffered it ("مقتل", "إصابة")."""
        if not self._arabic or not 0 < m.first - trigger <= 2:
            return False
        words, text = self._doc.words, self._doc.text
        if any(form in _SUFFERED for form in words[trigger].forms):
            return False
        return not CLAUSE_BREAK.search(text, words[trigger].end, words[m.first].start)

    def _clause(self, sentence: Sentence, trigger: int) -> tuple[int, int]:
        """The word range of the clause around ``trigger``."""
        words, text = self._doc.words, self._doc.text
        first = max(sentence.first_word, trigger - MAX_CLAUSE_WORDS)
        last = min(sentence.last_word, trigger + MAX_CLAUSE_WORDS)
        english = not self._arabic
        lo = trigger
        while lo > first and not CLAUSE_BREAK.search(text, words[lo - 1].end, words[lo].start) and not (
                english and words[lo].norm in SUBORDINATORS):
            lo -= 1
        hi = trigger + 1
        while hi < last and not CLAUSE_BREAK.search(text, words[hi - 1].end, words[hi].start) and not (
                english and words[hi].norm in SUBORDINATORS):
            hi += 1
        return lo, hi

    def _marked(self, lexicon: Lexicon, first: int, end: int) -> int | None:
        """_AGENT or None when a cue marks the mention (the nearest cue before it wins), else -1."""
        words = self._doc.words
        if not self._arabic and counted(self._doc, first):
            return None
        if self._arabic and self._held_responsible(first):
            return _AGENT  # "وحمّلت الشبكة مسؤولية اعتقال 107 أشخاص … لقوات سوريا الديمقراطية"
        best: tuple[int, int, int | None, int] | None = None  # (cue end, cue length, mark, cue start)
        for cues, mark in ((lexicon.agent_set, _AGENT), (lexicon.not_agent_before_set, None)):
            for k in range(max(0, first - CUE_GAP - 4), first):
                for _pattern, cue_end in cues.starting_at(words, k, first):
                    if not reaches(self._doc, cue_end, first) or crosses_name(self._doc, cue_end, first,
                                                                               self._named_last):
                        continue
                    candidate = (cue_end, cue_end - k, mark, k)
                    if best is None or candidate[:2] > best[:2]:
                        best = candidate
        if best is not None:
            if best[2] == _AGENT:
                if counted_members(self._doc, best[3]):
                    return None  # "eight fighters of the SDF were killed": counted, as casualties
                return None if parent_named(self._doc, best[3], self._named_last) else _AGENT
            return _AGENT if agent_before(self._doc, lexicon, best[3]) else None
        after = lexicon.not_agent_after_set
        if end < len(words) and followed(self._doc, end) and not described_after(self._doc, end) \
                and next(after.starting_at(words, end, min(len(words), end + 3)), None) is not None:
            # "X claimed responsibility", "X held women in cages": the cue says X did it, not that X holds an area
            return -1 if agent_after_at(self._doc, end) else None
        return -1


def _passive(surface: str) -> bool:
    """Whether an Arabic verb is written in the passive voice: a damma on its first letter ("قُتل", "وقُتلا")."""
    bare = surface[1:] if surface[:1] in "وف" and len(surface) > 3 and surface[1] != "\u064f" else surface
    return len(bare) > 2 and bare[1] == "\u064f"


def _best(ranked: list[tuple[int, _Mention]]) -> list[tuple[int, _Mention]]:
    if not ranked:
        return []
    top = min(rank for rank, _m in ranked)
    return [(rank, m) for rank, m in ranked if rank == top]

