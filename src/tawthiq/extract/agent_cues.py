"""The cues around an actor's name that say what it is to the act: an agent ("by X", "X claimed responsibility"), the
owner of a thing or the parent of a group ("سيارة تابعة لـ قسد", "the Hamza Division, affiliated with the SNA"), a
name of a list ("X, Y and Z"), counted members ("nineteen SDF militants"); shared by tawthiq.extract.agents (which
actors did a violation) and tawthiq.extract.roles (the role of each mention)."""

from __future__ import annotations

import re

from tawthiq.extract.lexicon import Lexicon, context_cue_set
from tawthiq.extract.spans import Document

# How many words may stand between a cue and the actor it marks ("by the Syrian regime", "by fighters from").
CUE_GAP = 3
# Punctuation that closes a clause ("Regime jets struck the market, killing five": the killing has no subject).
CLAUSE_BREAK = re.compile(r"[,;:()\[\]،؛—–]")
# The commas of a list of things ("residential areas, hospitals, schools, and markets"): an item of one to three
# words and another comma or "and" after it; the last comma ("…, and markets") only after such a comma ("to prevent
# any looting, and arrested ten men" is a second clause).
_ITEM = r"[^\W\d][\w'’-]*(?:\s+[^\W\d][\w'’-]*){0,2}"
LIST_COMMA = re.compile(rf",\s*{_ITEM}\s*(?:,|\s(?:and|or)\s)")
LAST_LIST_COMMA = re.compile(r",\s*(?:and|or)\s")
# A bracket opened right before a name: the name glosses the words before it.
GLOSS = re.compile(r"""\s*[(\[]\s*["“«]?\s*""")
# The end of a sentence between a cue and a name ("… killed six civilians. US drones …"): the cue is not its.
SENTENCE_BREAK = re.compile(r"[.!?؟…][\"'”’»)\]]*\s|\n")
# English words that open another clause or phrase between a cue and a name: "were killed when Russian jets bombed",
# "wounded in a Coalition strike": the name is no longer what the cue governs.
OPENERS = frozenset({"when", "as", "after", "while", "during", "in", "following", "amid", "because", "since",
                     "before", "until", "where", "whom", "who", "which"})
# "that" opens the clause a reporting verb reports: "وأكد التقرير أن تنظيم داعش قتل" (the report confirmed that IS
# killed): the verb's cue (a source, "أكد") governs no name behind it.
THAT = frozenset({"that", "ان", "بان", "لان", "انه", "بانه"})
NUMBER_WORDS = frozenset("""two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty hundred hundreds dozens dozen""".split())
# A closing bracket between a name and the word after it ("(YPG)-affiliated"): the clause goes on.
CLOSING = re.compile(r"\s*[)\]]\s*-?\s*")
# Things an affiliation may say who owns ("سيارة تابعة لـ قسد", "a vehicle belonging to X"): the owner did nothing.
_OWNED = frozenset("""سياره سيارات اليه اليات اله عربه مركبه منزل منازل بيت مقر مقرات مبنى مستودع شاحنه صهريج
car cars vehicle vehicles house houses home building base headquarters truck tanker""".split())


def breaks_clause(text: str, start: int, end: int) -> bool:
    """Whether a clause ends in ``text[start:end]``, the commas of a list of things aside: "need for the regime to
    cease the targeting of residential areas, hospitals, schools": the demand reaches every item."""
    at, listed = start, False
    while (found := CLAUSE_BREAK.search(text, at, end)) is not None:
        if found.group() != "," or not (LIST_COMMA.match(text, found.start())
                                         or (listed and LAST_LIST_COMMA.match(text, found.start()))):
            return True
        at, listed = found.end(), True
    return False


def agent_after_at(doc: Document, end: int) -> bool:
    """Whether an agent_after cue starts at word ``end`` ("claimed responsibility", "held women")."""
    words = doc.words
    return next(context_cue_set("agent_after").starting_at(words, end, min(len(words), end + 6)), None) is not None


# Participles that, written apart from a name and followed by their agent ("Kurdish-led forces backed by the US"),
# describe the name: it is the subject still, not the patron of an "X-backed" group nor an "X-held" area's holder.
_DESCRIBING = frozenset("backed supported affiliated linked allied run led controlled held funded armed".split())
_BY = frozenset({"by", "with", "to"})


def described_after(doc: Document, end: int) -> bool:
    """Whether the English words from ``end`` are a participle and its agent that describe the name before ("forces
    backed by the US", "gunmen affiliated with X")."""
    words = doc.words
    return (doc.language != "ar" and end + 1 < len(words) and words[end].norm in _DESCRIBING
            and words[end + 1].norm in _BY and doc.text[words[end - 1].end:words[end].start].isspace())


def parent_named(doc: Document, cue: int, named_last: frozenset[int]) -> bool:
    """Whether the agent cue that starts at word ``cue`` is an affiliation right behind another actor's name ("الحرس
    الجمهوري التابعين لقوات الأسد", "the Hamza Division, affiliated with the SNA"): the name after it is the parent
    of the one before, which is the agent."""
    words = doc.words
    if cue >= 1 and any(form in _OWNED for form in words[cue - 1].forms) and next(
            context_cue_set("affiliation").starting_at(words, cue, min(len(words), cue + 3)), None) is not None:
        return True  # "سيارة تابعة لـ قسد", "a vehicle belonging to the SDF": the owner of a thing, not an agent
    if cue < 1 or cue - 1 not in named_last:
        return False
    if doc.text[words[cue - 1].end:words[cue].start].strip(" \t\"'“”«»()،,"):
        return False
    return next(context_cue_set("affiliation").starting_at(words, cue, min(len(words), cue + 3)), None) is not None


def agent_before(doc: Document, lexicon: Lexicon, cue: int) -> bool:
    """Whether an agent cue ends right where the cue at word ``cue`` starts: "abducted by members of X" is X's act,
    though "members of X" alone names X's side as the victims."""
    words = doc.words
    return any(end == cue and not CLAUSE_BREAK.search(doc.text, words[k].end, words[cue].start)
               for k in range(max(0, cue - 4), cue) for _pattern, end in lexicon.agent_set.starting_at(words, k, cue))


# Between two names of one list: "X, Y and Z", "X or Y", "X and al-Y".
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+|،\s*)(?:[Tt]he\s+|its\s+|their\s+)?(?:al-)?")


def listed(text: str, end: int, start: int) -> bool:
    """Whether the name ending at ``end`` and the one starting at ``start`` are joined as one list ("X, Y and Z",
    "X وY": the Arabic و is written on the next name)."""
    return _LIST_JOIN.fullmatch(text, end, start) is not None or (
        text[end:start].isspace() and text[start:start + 1] == "و")


def crosses_name(doc: Document, cue_end: int, first: int, named_last: frozenset[int]) -> bool:
    """Whether another actor's name stands between a cue and the name at word ``first``, not joined to it as one list:
    the cue governs that other name ("recaptured by the SDF from ISIS": ISIS is not the agent; "by Hezbollah and
    regime forces": both are)."""
    words = doc.words
    last = next((m for m in range(first - 1, cue_end - 1, -1) if m in named_last), None)
    return last is not None and not listed(doc.text, words[last].end, words[first].start)


def reaches(doc: Document, cue_end: int, first: int) -> bool:
    """Whether a cue that ends before word ``cue_end`` marks the name that starts at word ``first``: at most CUE_GAP
    words between, in one clause of one sentence, and in English no word of OPENERS between."""
    words, text = doc.words, doc.text
    if cue_end < 1:
        return False
    stop, gap = words[first].start, CUE_GAP
    if first > cue_end and GLOSS.fullmatch(text, words[first - 1].end, stop):
        # "على يد جميع فصائل المعارضة المسلحة (الجيش الوطني)": a name in brackets glosses the words before it
        stop, gap = words[first - 1].end, CUE_GAP + 2
    if first - cue_end > gap:
        return False
    if CLAUSE_BREAK.search(text, words[cue_end - 1].end, stop) or SENTENCE_BREAK.search(
            text, words[cue_end - 1].end, stop):
        return False
    if any(words[m].norm in THAT for m in range(cue_end, first)):
        return False
    return doc.language == "ar" or not any(words[m].norm in OPENERS for m in range(cue_end, first))


def followed(doc: Document, end: int) -> bool:
    """Whether word ``end`` continues the clause of the mention that ends before it; a closing bracket does not end
    it ("the People's Protection Units (YPG)-affiliated Hawar News")."""
    text, words = doc.text, doc.words
    return CLOSING.fullmatch(text, words[end - 1].end, words[end].start) is not None or not CLAUSE_BREAK.search(
        text, words[end - 1].end, words[end].start)


def counted(doc: Document, first: int) -> bool:
    """Whether a number stands right before an English actor ("nineteen SDF militants", "2 YPG fighters"): its members
    are counted, as casualties or captives, not named as the agent."""
    words, text = doc.words, doc.text
    if first < 1 or text[words[first - 1].end:words[first].start].strip():
        return False
    number = words[first - 1].norm
    # right before the name, and not the year of a date ("On 14/7/2015 the Islamic State executed…")
    return number in NUMBER_WORDS or (number.isdigit() and int(number) < 1000 and text[
        words[first - 1].start - 1:words[first - 1].start] not in "/-.")


# Agent cues that name the members of a group ("fighters of X"): counted ("eight fighters of X"), they are casualties.
_MEMBER_CUES = frozenset({"fighters", "militants", "gunmen", "elements", "members"})


def counted_members(doc: Document, cue: int) -> bool:
    """Whether the agent cue at word ``cue`` names a group's members and a number stands right before it ("eight
    fighters of the SDF were killed"): the members are counted as casualties or captives, not named as the agent."""
    return doc.language != "ar" and doc.words[cue].norm in _MEMBER_CUES and counted(doc, cue)
