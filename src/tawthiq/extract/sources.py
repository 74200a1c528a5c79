"""Who the report says its information came from, and whether that source is anonymous.

Two kinds of mention. A speaker of a speech verb: in English before the verb ("Abu Khaled, a man close to
IS, said"; "local officials and aid workers said" gives two; "Dr Samer al-Khatib, who runs a hospital,
said" gives the doctor), after it when the quote comes first ("… ,” said Abu Khaled") or after "according
to"; in Arabic after the verb ("وقال مصدر خاص لـ…", "بحسب ناشطين"). And a source phrase standing on its own
("private sources", "a source close to", "مصادر خاصة", "شاهد عيان", "مراسلنا" when it speaks, not in "told
our correspondent" or "لمراسلنا", where it only received). Pronouns ("he said") and back-references ("the
source", "المصدر") point to a source already found; each source is suggested once.

A source is anonymous when it names nobody ("a source", "local activists"), or when the report marks it so
("on condition of anonymity", "a man close to IS", "not her real name", "فضّل عدم الكشف عن اسمه"): such a
source's identity is for the protected fields, never for the public record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, TypedDict

from tawthiq.extract.lexicon import data_file
from tawthiq.extract.spans import Document, fold

_AR = "\u0621-\u064a"
MAX_WORDS = 15  # a longer "subject" is a clause, not a speaker
_QUOTE_END = ("”", '"', "’", "'", "»")


class SourceHit(TypedDict):
    """One source mention; ``text`` is ``report[start:end]``."""

    text: str
    start: int
    end: int
    anonymous: bool


def find_sources(doc: Document, actors: Sequence[Mapping[str, Any]] = (),
                 persons: Sequence[Mapping[str, Any]] = ()) -> list[SourceHit]:
    """Every source of ``doc`` in text order, once each; overlapping mentions keep the longest."""
    rules = _rules()
    folded = doc.folded
    text = folded.text  # every pattern runs on the folded text; spans go back through folded.span
    spans: list[tuple[int, int]] = []
    for sentence in doc.sentences:
        s_start, s_end = folded.at(sentence.start), folded.at(sentence.end)
        for verb in rules.verbs_en.finditer(text, s_start, s_end):
            spans.extend(_speaker_en(text, verb, s_start, s_end, rules))
        for verb in rules.verbs_ar.finditer(text, s_start, s_end):
            if not rules.not_speech_ar.search(text, max(s_start, verb.start() - 6), verb.start()):
                for piece in _trimmed(text, verb.end(), _stop(rules.stop_ar, text, verb.end(), s_end)):
                    spans.extend(_split_wa(text, *piece, rules))
    for marker in rules.markers.finditer(text):
        group = "en" if marker.group("en") else "ar"  # the span leaves out an attached و
        if not rules.recipient.search(text, max(0, marker.start() - 12), marker.start()):
            spans.append(_extend_close_to(text, *marker.span(group)))
    hits: list[SourceHit] = []
    seen: set[str] = set()
    pseudonyms = _pseudonyms(text)
    for f_start, f_end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        start, end = folded.span(f_start, f_end)
        phrase = text[f_start:f_end]
        key = " ".join(phrase.casefold().split())
        if end <= start or key in seen or any(start < h["end"] and h["start"] < end for h in hits):
            continue
        if not _is_source(phrase, start, end, actors, persons, rules):
            continue
        seen.add(key)
        hits.append(SourceHit(text=doc.text[start:end], start=start, end=end,
                              anonymous=_anonymous(doc, start, end, actors, persons, pseudonyms, rules)))
    # "said Abu Khaled" is the same insider as "Abu Khaled, a man close to IS" earlier
    for hit in hits:
        if not hit["anonymous"] and any(o["anonymous"] and o["text"].startswith(hit["text"] + ",") for o in hits):
            hit["anonymous"] = True
    return sorted(hits, key=lambda h: h["start"])


def _speaker_en(text: str, verb: re.Match[str], s_start: int, s_end: int, rules: _Rules) -> list[tuple[int, int]]:
    """The speaker of an English speech verb: after "according to" or an inverted quote, else before the verb."""
    before = text[s_start : verb.start()].rstrip().rstrip(",").rstrip()
    if verb.group(0).lower().startswith("according"):
        return _after_en(text, verb.end(), s_end, rules, rules.stop_according)
    if not before or before.endswith(_QUOTE_END):
        return _after_en(text, verb.end(), s_end, rules, rules.stop_en)
    if text[s_start : verb.start()].rstrip().endswith(","):
        # "…, said the head of the local council, Ibrahim al-Sayyed." is inverted too, when a speaker follows
        after = _after_en(text, verb.end(), s_end, rules, rules.stop_en)
        phrase = text[after[0][0]:after[-1][1]] if after else ""
        if after and _speaker_like(phrase, rules) and not rules.clause_after.match(text, verb.end()) \
                and not rules.finite.search(phrase):
            return after
    if rules.passive.search(before):
        return []  # "were told": they only heard it
    start = s_start
    for m in rules.subject_start.finditer(text, s_start, verb.start()):
        start = m.end()
    if lead := rules.leading.match(text, start, verb.start()):
        start = lead.end()  # "Remarkably, private sources indicated"
    end = verb.start()
    segment = text[start:end]
    while True:  # trailing "has also", ", who …,", ", 58,", ", however," say nothing about who speaks
        trimmed = rules.trailing.sub("", segment)
        if trimmed == segment:
            break
        segment = trimmed
    end = start + len(segment)
    parts = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^,]+", segment)]
    parts = [p for p in parts if text[p[0]:p[1]].strip()]
    if not parts:
        return []
    chosen = _choose_part(text, parts, rules)
    return [span for piece in _split_and(text, *chosen, rules) for span in _trimmed(text, *piece)]


def _pseudonyms(text: str) -> set[str]:
    """Names the report declares invented: "Salma (not her real name)", "أبو أحمد الديري، وهو اسم مستعار"."""
    found = re.finditer(r"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})\s*\(not\s+(?:his|her|their)\s+real\s+names?\)"
                        r"|((?:[\u0621-\u064a]+\s+){0,2}[\u0621-\u064a]+)،?\s+(?:وهو|وهي)\s+اسم\s+مستعار", text)
    return {(m.group(1) or m.group(2)).strip() for m in found}


def _choose_part(text: str, parts: list[tuple[int, int]], rules: _Rules) -> tuple[int, int]:
    """The comma-separated part of a subject that names the speaker, with its apposition: the last part that
    looks like a speaker ("In a separate case, the family of Rojin, a 15-year-old girl, said")."""
    heads = []
    for start, end in parts:
        head = rules.relative.split(text[start:end])[0]  # "a cousin who lives in …" -> "a cousin"
        heads.append((start, start + len(head.rstrip())))
    last = heads[-1]
    if len(heads) > 1:
        previous = heads[-2]
        name, other = _is_name(text[last[0]:last[1]]), _is_name(text[previous[0]:previous[1]])
        if name != other and len(text[previous[0]:previous[1]].split()) <= 8 and (
                _speaker_like(text[previous[0]:previous[1]], rules) or _speaker_like(text[last[0]:last[1]], rules)):
            return previous[0], last[1]  # "A YPG spokesman, Shervan Ali", "Abu Khaled, a man close to IS"
    for n in range(len(heads) - 1, max(-1, len(heads) - 4), -1):
        part = heads[n]
        if _speaker_like(text[part[0]:part[1]], rules):
            if n and _is_name(text[part[0]:part[1]]) and rules.source_nouns.search(
                    text[heads[n - 1][0]:heads[n - 1][1]]):
                return heads[n - 1][0], part[1]  # "Relatives of one of the men, Abdulrahman al-Kurdi, 34, said"
            return part
    return last


def _split_and(text: str, start: int, end: int, rules: _Rules) -> list[tuple[int, int]]:
    """"local officials and aid workers" are two sources when both halves name speakers."""
    m = re.search(r"\s+and\s+", text[start:end])
    if not m:
        return [(start, end)]
    left, right = (start, start + m.start()), (start + m.end(), end)
    if rules.source_nouns.search(text[left[0]:left[1]]):
        return [left, right] if rules.source_nouns.search(text[right[0]:right[1]]) else [(start, end)]
    return [right]  # "… the town was shelled and residents said"


def _split_wa(text: str, start: int, end: int, rules: _Rules) -> list[tuple[int, int]]:
    """"مصدران طبيان وناشطون محليون" are two sources when both halves name speakers."""
    m = re.search(r"\s+و(?=[\u0621-\u064a])", text[start:end])
    if m and rules.source_nouns.search(text[start : start + m.start()]) and \
            rules.source_nouns.match(text, start + m.end() - 1):
        return [(start, start + m.start()), (start + m.end(), end)]
    return [(start, end)]


def _after_en(text: str, start: int, limit: int, rules: _Rules, stop: re.Pattern[str]) -> list[tuple[int, int]]:
    """The speaker after a verb, with a name in apposition ("the head of the council, Ibrahim al-Sayyed")."""
    end = _stop(stop, text, start, limit)
    apposition = re.match(r",\s+((?:Dr\.?\s+)?[A-Z][\w'’-]*(?:\s+(?:al-|el-|bin\s+|ibn\s+)?[A-Z][\w'’-]*){0,3})"
                          r"(?=[.,;]|\s*$)", text[end:limit])
    if apposition:
        end += apposition.end()
    found = _trimmed(text, start, end)
    if found and (by := re.search(r"\bby\s+", text[found[0][0]:found[0][1]])):  # "figures collected by X"
        found = _trimmed(text, found[0][0] + by.end(), found[0][1])
    return [span for piece in found for part in _split_and(text, *piece, rules) for span in _trimmed(text, *part)]


def _stop(stop: re.Pattern[str], text: str, start: int, limit: int) -> int:
    m = stop.search(text, start, limit)
    return m.start() if m else limit


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) without surrounding spaces and punctuation; nothing when empty or too long to be a speaker."""
    junk = " \t\n\u00a0,،-–—:\"“”«»'’"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    if start == end or len(text[start:end].split()) > MAX_WORDS:
        return []
    return [(start, end)]


def _extend_close_to(text: str, start: int, end: int) -> tuple[int, int]:
    """"a source close to" takes the party it is close to along ("… close to IS", "… مقرب من التنظيم")."""
    if re.search(r"(?:close[d]?\s+to|inside|within|in|from|مقرب\s+من|مقربه\s+من|من\s+داخل|في)\s*$", text[start:end]):
        m = re.match(r"\s*((?:the\s+|ال)?[\w\u0600-\u06ff'’-]*\w(?:\s+[A-Z][\w'’-]*){0,3})", text[end:])
        if m:
            return start, end + m.end()
    return start, end


def _is_name(phrase: str) -> bool:
    words = re.findall(r"[\w'’-]+", phrase)
    return 0 < len(words) <= 5 and all(w[:1].isupper() or w.lower() in ("al", "el", "bin", "ibn", "dr")
                                       or w.startswith(("al-", "el-")) for w in words)


def _speaker_like(phrase: str, rules: _Rules) -> bool:
    return bool(rules.source_nouns.search(phrase)) or _is_name(phrase)


def _is_source(phrase: str, start: int, end: int, actors: Sequence[Mapping[str, Any]],
               persons: Sequence[Mapping[str, Any]], rules: _Rules) -> bool:
    """Whether a speaker phrase names someone or something that can be a source (not "he", not "the source")."""
    words = phrase.split()
    if not words or rules.not_speakers.fullmatch(phrase) or words[0].casefold() in rules.pronouns:
        return False
    if rules.source_nouns.search(phrase):
        return True
    if any(start <= int(x["start"]) and int(x["end"]) <= end for x in [*actors, *persons]):
        return True
    # a name or an organisation: capitalised words ("Abu Khaled", "Human Rights Watch", "Raqqa Watch")
    return any(w[:1].isupper() and w.casefold() not in rules.determiners for w in words) and not phrase[:1].islower()


def _anonymous(doc: Document, start: int, end: int, actors: Sequence[Mapping[str, Any]],
               persons: Sequence[Mapping[str, Any]], pseudonyms: set[str], rules: _Rules) -> bool:
    """Whether the source stays unnamed: marked so (in its words or its sentence), a person not named ("a
    resident", "Druze residents"), or an unnamed body ("a local documentation office"). Named people,
    identified bodies ("the local education office", "A coalition spokesman", "مديرية التربية") are not."""
    folded = doc.folded
    span = folded.text[folded.at(start) : folded.at(end)]
    sentence = doc.sentence_at(start)
    around = folded.text[folded.at(sentence.start) : folded.at(sentence.end)] if sentence else span
    if rules.anonymity.search(around) or rules.insider.search(span) or \
            any(name in span for name in pseudonyms):
        return True
    if any(start <= int(x["start"]) and int(x["end"]) <= end for x in persons):
        return False
    words = span.split()
    actor = any(start <= int(x["start"]) and int(x["end"]) <= end for x in actors)
    person_first = bool(rules.source_nouns.match(span)) and not rules.institution_nouns.match(span)
    if rules.institution_nouns.search(span) and not person_first:
        named = (words[0].casefold() == "the" or words[0].casefold() not in rules.determiners and words[0][:1].isupper()
                 or any(w[:1].isupper() for w in words[1:]) or actor
                 or bool(re.search(r"[\u0621-\u064a]+\s+ال[\u0621-\u064a]+", span)))
        return not named  # "a local documentation office" is unnamed; "the local education office" is not
    if rules.source_nouns.search(span):
        return True
    if actor:
        return False
    return not (words and words[0][:1].isupper() and words[0].casefold() not in rules.determiners)


class _Rules:
    """The compiled patterns of data/sources.json."""

    def __init__(self, data: dict[str, Any]) -> None:
        def alt(items: list[str]) -> str:
            folded = (fold(i).text for i in sorted(items, key=len, reverse=True))
            return "|".join(re.escape(i).replace(r"\ ", r"\s+") for i in folded)

        def en(key: str) -> str:
            return alt(data[key]["en"])

        def ar(key: str) -> str:
            return alt(data[key]["ar"])

        self.verbs_en = re.compile(rf"\b(?:{en('verbs')})\b", re.I)
        self.verbs_ar = re.compile(rf"(?<![{_AR}])[وف]?(?:{ar('verbs')})(?![{_AR}])")
        self.not_speech_ar = re.compile(r"(?:عدم|دون)\s*$")
        self.passive = re.compile(r"\b(?:was|were|been|be|being|is|are)(?:\s+(?:later|also|then|\w+ly))?\s*$")
        # "who our sources say": a clause of its own begins at "who" when a subject follows it
        self.subject_start = re.compile(
            rf"[.;:!?“”\"«»()\[\]]|\b(?:{alt(data['clause_words_en'])})\b"
            r"|\bwho(?=\s+(?:our|the|a|an|his|her|their|local|two|three|several|many)\b)", re.I)
        self.clause_after = re.compile(r"\s*(?:that|how|it|he|she|they|we)\b", re.I)
        self.finite = re.compile(r"\b(?:had|has|have|was|were|is|are|would|will|could|did|that)\b", re.I)
        self.institution_nouns = re.compile(
            rf"\b(?:{en('institution_nouns')})\b|(?<![{_AR}])[وفل]?(?:ال)?(?:{ar('institution_nouns')})", re.I)
        self.trailing = re.compile(
            rf"(?:\s+(?:{alt(data['auxiliaries_en'])})|,\s*(?:who|whose|which)\b[^,]*,?|,\s*\d{{1,3}}\s*,?"
            rf"|,\s*(?:{alt(data['discourse_en'])})\s*,?|\s*\((?:not\s+(?:his|her|their)\s+real\s+name)\)\s*,?)\s*$")
        # case matters: "closed to IS said" ends with the acronym, not with the verb "is"
        self.leading = re.compile(rf"\s*(?:[A-Z][a-z]+ly|{alt(data['discourse_en'])})\s*,\s*", re.I)
        self.relative = re.compile(r"\s+(?:who|whose|which)\s+")
        self.stop_en = re.compile(
            rf"[.;:!?“”\"«»()\[\]]|\s[-–—]|[-–—]\s|,\s(?!(?:a|an|the|one)\s)|,\s+(?:who|whose|which)\b|\b(?:{en('stop_after')})\b")
        self.stop_according = re.compile(
            rf"[.;:!?“”\"«»()\[\],]|\s[-–—]|[-–—]\s|\b(?:who|which)\b|\b(?:{en('stop_after')})\b")
        # An apposition goes along: "أبو خالد، وهو رجل مقرب من التنظيم"، "أحد المعتقلين، ويدعى أبو سليم".
        self.stop_ar = re.compile(
            rf"[.;:!?“”\"«»()\[\]]|،(?!\s*(?:وهو|وهي|وهم|وهما|ويدعي|يدعي|واسمه)\s)|(?<![{_AR}])(?:{ar('stop_after')})(?![{_AR}])"
            rf"|(?<![{_AR}])لـ|(?<![{_AR}])ل(?=\s*[«\"“])|\d"
            rf"|(?<![{_AR}])ل(?:مراسل|وكال|موقع|صحيف|قناه|جريده|تلفزيون|اذاع|نا(?![{_AR}]))")  # the recipient
        self.markers = re.compile(rf"\b(?P<en>{en('markers')})\b|(?<![{_AR}])[وف]?(?P<ar>{ar('markers')})(?![{_AR}])",
                                  re.I)
        self.recipient = re.compile(rf"(?:\b(?:told|to|with|by)\s+|(?<![{_AR}])ل)$", re.I)
        self.anonymity = re.compile(rf"(?:{alt(data['anonymity'])})", re.I)
        self.insider = re.compile(rf"(?:{alt(data['insider'])})", re.I)
        self.source_nouns = re.compile(
            rf"\b(?:{en('source_nouns')})\b|(?<![{_AR}])[وفل]?(?:ال)?(?:{ar('source_nouns')})", re.I)
        self.not_speakers = re.compile(rf"(?:{alt(data['not_speakers'])})", re.I)
        self.determiners = frozenset(data["determiners"])
        self.pronouns = frozenset({"he", "she", "it", "they", "we", "i", "you", "both", "هو", "هي", "هم"})


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules(data_file("sources.json"))
