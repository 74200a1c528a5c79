"""Figures of victims: how many were killed, injured, detained, missing or displaced, as the lowest credible figure.

A figure (digits, English or Arabic number words, "dozens"/"عشرات", Arabic duals) is a count when it
counts people ("12 civilians", "killing 12") and a word of one of the four kinds stands near it in the
same sentence with no other figure between ("killed at least 12", "12 civilians were killed", "مقتل 12
مدنياً", "سقوط 12 قتيلاً"); the nearest such word decides the kind, words for people and "others" between
them not counting. A figure after an inclusion cue ("among them five children", "بينهم طفلان") takes the
kind of the figure it belongs to and is a breakdown of it (``part_of``, the index of that count, and ``group``,
"children"), never a total of its own. A figure whose kind words name two kinds at once ("killed or injured",
"قتيل وجريح") is not suggested: it is neither figure, and 20 casualties must never be offered as 20 killed. The
rules of data/counts.json: "at least 12" counts 12 and "more than 40"
41 (the lowest figure the words allow); "up to 20" and "less than 20" state no lowest figure and are not
suggested; a range "10 to 15" counts 10; plural units count one unit ("dozens" 12, "hundreds" 100, "tens
of thousands" 10,000, "several" 3), and عشرات counts 12 like "dozens"; ages ("Yamen Sweid, 26,", "(22
عاماً)"), things ("5 km", "three rockets") and combatants ("three Russian soldiers") are not counts;
families count only as displaced ("hundreds of families fled").

Only a figure bound to a casualty noun counts, never one that names a day or a thing: an Arabic weekday that is also a
number word (الاثنين Monday is not 2, الأحد Sunday not 1), a day beside its month ("October 12", "12 تشرين الأول"), a
year, a share ("39%"), fighters ("18 قتيلا سقطوا من قوات الحشد") or a number inside a name ("Channel 4", "Syria 24",
"شام 24", "the 17th Division"), as data/counts.json lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NotRequired, TypedDict

from tawthiq.extract.lexicon import Lexicon, PatternSet, compile_pattern, data_file
from tawthiq.extract.spans import Document, Word, norm_word

KINDS = ("killed", "injured", "detained", "missing", "displaced")
WINDOW = 6  # words (not counting words for people) between a figure and its kind word
LOOKAHEAD = 3  # words after a figure that may say what it counts
_RANGE_JOINERS = frozenset({"to", "and", "or", "الي", "و", "او"})
_KIND_JOINERS = frozenset({"and", "or", "و", "او", "/"})
# words for people that say nothing of who the counted are: no group of a breakdown
_NO_GROUP = frozenset({"others", "people", "persons", "person", "of them", "of whom", "اخرين", "اخرون", "اخري", "منهم",
                       "اشخاص", "شخص*", "افراد", "حاله", "حالات"})


class CountHit(TypedDict):
    """One count of victims; ``text`` is ``report[start:end]``."""

    text: str
    start: int
    end: int
    kind: str
    value: int
    part_of: NotRequired[int]  # a breakdown: the index of its total in the list
    group: NotRequired[str]  # a breakdown's people, as written: "children", "طفلان"


@dataclass
class Figure:
    """A number phrase: its words [first, last), its value, whether it states a lowest figure, and whether it
    stands in an inclusion ("among them …") of the figure before it."""

    first: int
    last: int
    value: int
    bounded: bool = True
    included: bool = False
    kind: str | None = None
    head: Figure | None = None  # the total an included figure belongs to


def find_counts(doc: Document, lexicon: Lexicon, dates: Sequence[Mapping[str, Any]] = ()) -> list[CountHit]:
    """Every count of victims in ``doc``, in text order (figures inside the ``dates`` spans are skipped)."""
    words = doc.words
    hits: list[CountHit] = []
    found: dict[int, Figure] = {}  # id of a hit -> its figure
    in_dates = [(int(d["start_offset"]), int(d["end_offset"])) for d in dates]
    for sentence in doc.sentences:
        lo, hi = sentence.first_word, sentence.last_word
        figures = [f for f in figures_in(words, lo, hi, doc.text)
                   if not any(s <= words[f.first].start < e for s, e in in_dates) and not _is_age(doc, f)
                   and not _names_or_dates(doc, f, lo)]
        if not figures:
            continue
        kinds = [(i, end, p.slug) for i in range(lo, hi) for p, end in lexicon.count_set.starting_at(words, i, hi)]
        heads = [f for f in figures if not f.included]
        aside = _inclusions(doc, lo, hi)
        for figure in figures:
            things = _counts_things(words, figure, hi)
            if things is True:
                continue
            if figure.included:
                figure.head = next((h for h in reversed(heads) if h.first < figure.first), None)
                figure.kind = figure.head.kind if figure.head else None
            if figure.kind is None:
                # a breakdown of a figure of no one kind takes only the kind words of its own inclusion
                inside = figure.head is not None and figure.first in aside
                figure.kind = _nearest_kind(doc, figure, heads, kinds, lo, hi, aside, inside)
            if figure.kind is None or not figure.bounded or (things == "families" and figure.kind != "displaced"):
                continue
            if figure.value <= 0:
                continue  # "0 killed" states that nobody was: not a victim figure
            if things is None and not _adjacent_kind(figure, kinds):
                continue  # nothing says the figure counts people
            span = [words[figure.first].start, words[figure.last - 1].end]
            for i, end, kind in kinds:
                if kind == figure.kind and (end == figure.first or i == figure.last):
                    span = [min(span[0], words[i].start), max(span[1], words[end - 1].end)]
            hit = CountHit(text=doc.text[span[0]:span[1]], start=span[0], end=span[1], kind=figure.kind,
                           value=figure.value)
            found[id(hit)] = figure
            hits.append(hit)
    return _breakdowns(doc, _without_headline_repeats(doc, hits), found)


def _breakdowns(doc: Document, hits: list[CountHit], found: dict[int, Figure]) -> list[CountHit]:
    """Mark each figure of an inclusion as a breakdown of the count it belongs to, with its group of people."""
    index = {id(found[id(h)]): n for n, h in enumerate(hits)}
    for hit in hits:
        figure = found[id(hit)]
        if figure.head is not None and id(figure.head) in index and figure.kind == figure.head.kind:
            hit["part_of"] = index[id(figure.head)]
            group = _group(doc, figure)
            if group:
                hit["group"] = group
    return hits


def _group(doc: Document, figure: Figure) -> str:
    """The people a breakdown counts, as written: "children" in "two children", the word itself in "طفلان"."""
    words, tables = doc.words, _tables()
    if figure.last - figure.first == 1 and set(words[figure.first].forms) & tables.duals:
        return words[figure.first].surface
    for k in range(figure.last, min(len(words), figure.last + LOOKAHEAD)):
        for pattern, end in tables.people.starting_at(words, k, len(words)):
            if pattern.phrase in _NO_GROUP or pattern.phrase.startswith("of "):
                return ""
            return doc.text[words[k].start : words[end - 1].end]
    return ""


def _without_headline_repeats(doc: Document, hits: list[CountHit]) -> list[CountHit]:
    """A headline repeats the body's figures ("Strike kills family of nine" … "killing a family of nine"): the
    headline's count goes when the body states the same count."""
    if not doc.sentences or doc.text[doc.sentences[0].end - 1 : doc.sentences[0].end] in ".!?؟":
        return hits
    headline_end = doc.sentences[0].end
    body = {(h["kind"], h["value"]) for h in hits if h["start"] >= headline_end}
    return [h for h in hits if h["start"] >= headline_end or (h["kind"], h["value"]) not in body]


def _nearest_kind(doc: Document, figure: Figure, heads: list[Figure], kinds: list[tuple[int, int, str]],
                  lo: int, hi: int, aside: set[int], inside: bool = False) -> str | None:
    """The kind word nearest the figure, not beyond the figures on either side; before it wins a tie. The kind words
    of an inclusion ("including 3 dead") say nothing of the figure outside it ("20 victims"); with ``inside``, only
    they count, and a kind word right against another figure is that figure's. A kind word joined to one of another
    kind ("killed or injured") gives no kind at all."""
    others = [h for h in heads if h is not figure and not figure.first <= h.first < figure.last]
    before = max([h.last for h in others if h.last <= figure.first], default=lo)
    after = min([h.first for h in others if h.first >= figure.last], default=hi)
    best: tuple[int, int, int, int, str] | None = None
    for i, end, kind in kinds:
        if (inside and i not in aside) or (not inside and i in aside and figure.first not in aside):
            continue
        if end != figure.first and i != figure.last and any(end == h.first or i == h.last for h in others):
            continue  # "… and wounding five": the kind word of the figure it stands against
        if before <= i and end <= figure.first:
            distance, side = _distance(doc, end, figure.first, aside), 0
        elif figure.last <= i and end <= after:
            distance, side = _distance(doc, figure.last, i, aside), 1
        else:
            continue
        if distance <= WINDOW and (best is None or (distance, side) < best[:2]):
            best = (distance, side, i, end, kind)
    if best is None or _mixed(doc, kinds, best[2], best[3], best[4]):
        return None
    return best[4]


def _mixed(doc: Document, kinds: list[tuple[int, int, str]], start: int, end: int, kind: str) -> bool:
    """Whether the kind word at [start, end) is joined to a word of another kind: "killed or injured", "قتيل وجريح"."""
    words = doc.words
    for i, stop, other in kinds:
        if other == kind:
            continue
        if (i == end and words[i].surface.startswith("و")) or (stop == start and words[start].surface.startswith("و")):
            return True  # "قتيل وجريح": the conjunction is part of the word
        if (i == end + 1 and words[end].norm in _KIND_JOINERS) or (stop == start - 1 and
                                                                    words[stop].norm in _KIND_JOINERS):
            return True
    return False


def _distance(doc: Document, start: int, end: int, aside: set[int]) -> int:
    """Words between two points, not counting words for people, "others" and inclusions ("among them …")."""
    people = _tables().people
    return sum(1 for k in range(start, end)
               if k not in aside and next(people.starting_at(doc.words, k, len(doc.words)), None) is None)


def _inclusions(doc: Document, lo: int, hi: int) -> set[int]:
    """Words of the inclusions of a sentence: from "among them" (or "بينهم") to the next comma."""
    words = doc.words
    aside: set[int] = set()
    for k in range(lo, hi):
        for _p, end in _tables().inclusion.starting_at(words, k, hi):
            stop = end
            while stop < hi and not re.search(r"[,،;]", doc.text[words[stop - 1].end : words[stop].start]):
                stop += 1
            aside.update(range(k, stop))
    return aside


def _adjacent_kind(figure: Figure, kinds: list[tuple[int, int, str]]) -> bool:
    return any(end == figure.first or i == figure.last for i, end, _kind in kinds)


def _is_age(doc: Document, figure: Figure) -> bool:
    """"Yamen Sweid, 26,", "Omar, then 22,", "aged 15", "(22 عاماً)": an age, not a count."""
    word = doc.words[figure.first]
    before = doc.text[max(0, word.start - 8) : word.start]
    after = doc.text[doc.words[figure.last - 1].end : doc.words[figure.last - 1].end + 2]
    if figure.value > 120 or figure.first != figure.last - 1:
        return False
    return bool(re.search(r"(?:,\s*|\bthen\s+|\baged\s+)$", before) and re.match(r"[,.)]", after)) or \
        bool(re.search(r"\(\s*$", before))


def _names_or_dates(doc: Document, figure: Figure, lo: int) -> bool:
    """A day beside its month ("October 12", "12 تشرين الأول") or a number in a name ("Channel 4", "شام 24")."""
    words, tables = doc.words, _tables()
    number = figure.first
    while number < figure.last - 1 and not (words[number].surface[:1].isdigit() or _bare(words[number]) in
                                            tables.all_words):
        number += 1  # past a modifier ("at least")
    before = words[number - 1] if number > lo else None
    after = words[figure.last] if figure.last < len(words) else None
    if any(w is not None and set(w.forms) & tables.months for w in (before, after)):
        return True
    if re.match(r"\s*[%٪]", doc.text[words[figure.last - 1].end:]):
        return True  # "39%": a share, not people
    if any(next(tables.combatants_after.starting_at(words, k, len(words)), None) is not None
           for k in range(figure.last, min(len(words), figure.last + LOOKAHEAD + 1))):
        return True  # "18 قتيلا سقطوا من قوات الحشد": fighters, not victims
    if before is None or not words[number].surface[:1].isdigit():
        return False
    if set(before.forms) & tables.name_words:
        return True
    # "Syria 24", "Step 5": a capitalised word (not the sentence's first) right before a number names something
    joined = doc.text[before.end:words[number].start] == " "
    return joined and number - 1 > lo and before.surface[:1].isupper() and before.surface.isascii()


def _break(words: Sequence[Word], start: int, end: int, text: str) -> bool:
    """Whether a comma or semicolon stands between words ``start`` and ``end``."""
    return start < end and bool(re.search(r"[,،;؛]", text[words[start].start : words[end].start]))


def figures_in(words: Sequence[Word], lo: int, hi: int, text: str = "") -> list[Figure]:
    """The number phrases among ``words[lo:hi]``, with their modifiers ("at least") and ranges folded in."""
    tables = _tables()
    figures: list[Figure] = []
    i = lo
    while i < hi:
        parsed = _number_at(words, i, hi)
        if parsed is None:
            i += 1
            continue
        end, value = parsed
        figure = Figure(i, end, value)
        # The longest modifier that ends right before the number: "not less than" before "less than".
        for k in range(max(lo, i - 4), i):
            found = [(name, e) for name, cues in tables.modifiers.items() for _p, e in cues.starting_at(words, k, i)]
            if any(e == i for _n, e in found):
                name = next(n for n, e in found if e == i)
                figure.first = k
                figure.bounded = name != "no_lower_bound"
                figure.value += 1 if name == "more_than" else 0
                break
        # "among them five children and two women", "هم معلمة وثلاثة تلاميذ"
        figure.included = any(figure.first - 3 <= e <= figure.first and not _break(words, e, figure.first, text)
                              for k in range(max(lo, figure.first - 5), figure.first)
                              for _p, e in tables.inclusion.starting_at(words, k, figure.first))
        # "10 to 15", "between 10 and 15", "من 10 إلى 15": the lower figure
        if end + 1 < hi and words[end].norm in _RANGE_JOINERS and (upper := _number_at(words, end + 1, hi)):
            figure.last = upper[0]
        figures.append(figure)
        i = figure.last
    return figures


def _number_at(words: Sequence[Word], i: int, hi: int) -> tuple[int, int] | None:
    """A number starting at ``words[i]``: (index after it, value), or None."""
    tables = _tables()
    word = words[i]
    if word.surface[0].isdigit():
        number = _digits(word.surface)
        if number is None or (len(word.surface) == 4 and 1900 <= number <= 2100):
            return None  # a year, not a figure
        if i + 1 < hi and words[i + 1].norm in ("th", "st", "nd", "rd"):
            return None  # an ordinal: "the 25th Division"
        if i + 1 < hi and (scale := tables.scales.get(_bare(words[i + 1]))):
            return i + 2, int(number * scale)  # "1.5 million", "3 آلاف"
        return (i + 1, int(number)) if number == int(number) else None
    if set(word.forms) & tables.weekdays or (i > 0 and words[i - 1].norm in tables.weekday_cues
                                             and {w.removeprefix("ال") for w in tables.weekdays} & set(word.forms)):
        return None  # "الاثنين" (Monday), "يوم اثنين": a day, not two
    first = _bare(word)
    if i + 1 < hi and f"{first} {_bare(words[i + 1])}" in tables.vague:
        return i + 2, tables.vague[f"{first} {_bare(words[i + 1])}"]  # "a few"
    if first in tables.vague:
        # "tens of thousands", "عشرات الآلاف": one unit of each
        if i + 2 < hi and words[i + 1].norm == "of" and _bare(words[i + 2]) in tables.scales:
            return i + 3, tables.vague[first] * tables.scales[_bare(words[i + 2])]
        if i + 1 < hi and _bare(words[i + 1]) in tables.scales and tables.scales[_bare(words[i + 1])] >= 1000:
            return i + 2, tables.vague[first] * tables.scales[_bare(words[i + 1])]
        return i + 1, tables.vague[first]
    if set(word.forms) & tables.duals:  # "وسيدتان": with its conjunction
        return i + 1, 2  # "شخصين": two persons
    total, current, end, previous = 0, 0, i, ""
    while end < hi:
        key = _bare(words[end])
        if key in tables.units:
            current += tables.units[key]
        elif key in tables.scales:
            scale = tables.scales[key]
            if scale >= 1000:
                total, current = total + max(current, 1) * scale, 0
            else:
                current = max(current, 1) * scale
        elif key == "and" and previous in tables.scales and end + 1 < hi and _bare(words[end + 1]) in tables.units:
            pass  # "two hundred and fifty"
        else:
            break
        previous = key
        end += 1
    if end == i:
        return None
    value = total + current
    # "one" is mostly not a figure ("one of the", "no one"): only right before a word for people
    if value == 1 and end - i == 1 and (end >= hi or words[end].norm not in tables.people_after_one):
        return None
    return end, value


def _digits(surface: str) -> float | None:
    groups = re.split(r"[,٬]", surface)
    if len(groups) > 1 and any(len(g.split(".")[0].split("٫")[0]) != 3 for g in groups[1:]):
        return None  # "12,5" is not a figure this step can read
    try:
        return float("".join(groups).replace("٫", "."))
    except ValueError:
        return None


def _bare(word: Word) -> str:
    """The number word within a word: "وعشرون" and "العشرات" count as "عشرون" and "عشرات"."""
    known = _tables().all_words
    return next((form for form in word.forms if form in known), word.norm)


def _counts_things(words: Sequence[Word], figure: Figure, hi: int) -> bool | str | None:
    """What the words after a figure say it counts: True for things, "families", "people", or None."""
    tables = _tables()
    if figure.first > 0 and next(tables.people.starting_at(words, figure.first - 1, figure.first), None) is not None:
        return "people"  # "مدنيين اثنين": the noun before its number
    if figure.last - figure.first == 1 and set(words[figure.first].forms) & tables.duals:
        return "people"  # "طفلان": two children
    for k in range(figure.last, min(hi, figure.last + LOOKAHEAD)):
        for found, patterns in ((True, tables.things), ("families", tables.families), ("people", tables.people)):
            if next(patterns.starting_at(words, k, hi), None) is not None:
                return found
    return None


@dataclass(frozen=True)
class _Tables:
    units: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    duals: frozenset[str]
    modifiers: dict[str, PatternSet]
    inclusion: PatternSet
    people: PatternSet
    families: PatternSet
    things: PatternSet
    people_after_one: frozenset[str]
    all_words: frozenset[str]
    weekdays: frozenset[str]  # with their article: "الاثنين", not "اثنين"
    weekday_cues: frozenset[str]  # "يوم": a weekday's number word after it ("يوم اثنين") is the weekday
    months: frozenset[str]
    name_words: frozenset[str]
    combatants_after: PatternSet


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = data_file("counts.json")

    def phrases(key: str) -> PatternSet:
        return PatternSet(compile_pattern(p, lang) for lang, ps in data[key].items() for p in ps)

    def table(key: str) -> dict[str, int]:
        return {" ".join(compile_pattern(k, lang).parts): v for lang, t in data[key].items() for k, v in t.items()}

    units = {k.split()[-1]: v for k, v in table("numbers").items()}
    scales, vague = table("scales"), table("vague")
    return _Tables(
        units=units, scales=scales, vague=vague,
        duals=frozenset(compile_pattern(k, "ar").parts[0] for k in data["duals"]),
        modifiers={name: phrases(name) for name in ("at_least", "more_than", "no_lower_bound")},
        inclusion=phrases("inclusion"), people=phrases("people"), families=phrases("families"),
        things=phrases("not_people"), people_after_one=frozenset(data["people_after_one"]),
        all_words=frozenset([*units, *scales, *(k for k in vague if " " not in k)]),
        weekdays=frozenset(norm_word(w) for w in data["weekdays"]["ar"]),
        weekday_cues=frozenset(norm_word(w) for w in data["weekdays"]["after"]),
        months=frozenset(norm_word(w) for ws in data["not_a_count"]["months"].values() for w in ws),
        name_words=frozenset(norm_word(w) for ws in data["not_a_count"]["name_words"].values() for w in ws),
        combatants_after=PatternSet(compile_pattern(p, lang)
                                    for lang, ps in data["not_a_count"]["combatants_after"].items() for p in ps),
    )
