"""Where a place's name ends: a name of several words is matched whole or not at all.

Where a known name is only the first words of a longer one ("Hammam Turkman", "Tal Amees", "Dali Hasan", "Bashar
al-Assad", "حمام التركمان"), the longer name is an unknown place (or no place) and keeps its whole text: it never
becomes the big town that shares its first word (tawthiq.geo.resolver). In Latin script a name goes on over
capitalised words (and inner articles: "Jisr al Shughur"); in Arabic, which has no capitals, over one word after a
usual head of place names (تل، عين، حمام…) and onto a usual tail (البلد، فوقاني…). Pure text work, like
tawthiq.geo.cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tawthiq.geo.cues import arabic_name_ok
from tawthiq.geo.frames import EDGE_STOP, INNER_ARTICLES, LATIN_STOP, norm
from tawthiq.text import normalise

MAX_WORDS = 5  # words a name may go on over
LATIN_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|az|ash|at|an)-")
# Arabic words that open compound place names ("تل تمر", "حمام التركمان"): the word after them belongs to the name
AR_NAME_HEADS = frozenset(normalise(w) for w in "تل عين دير كفر خان جسر رأس راس معرة معره أبو ابو أم ام بئر بير جبل "
                          "سوق باب قصر حوش خربة خربه تلة تله مزرعة مزرعه حمام الحمام وادي شيخ الشيخ".split())
# Arabic words that end compound place names and say nothing else ("درعا البلد", "الباغوز فوقاني"): the name goes
# on over them, so the town of the first word is not what the text names
AR_NAME_TAILS = frozenset(normalise(w) for w in "البلد المحطة فوقاني تحتاني الفوقاني التحتاني".split())
# words that make a name with a place in it a body's ("Raqqa Watch", "Hama Media Centre", "Raqqa Is Being Slaughtered
# Silently"): no place at all
BODIES = frozenset("watch post report reports news network observatory council committee committees units forces "
                   "brigade brigades division front army media center centre agency office tv radio channel group "
                   "groups coordination union association organisation organization foundation party movement "
                   "battalion regiment corps operations room league commission times daily press police security "
                   "intelligence directorate authority administration ministry university institute court canton "
                   "is was are were has have had being said says".split())
POSSESSIVE = re.compile(r"(?:['’]s?)$")
# what happened in a country, named as the country's ("Syria’s 2011 uprising", "Iraq’s civil war"): a place
EVENT_OWNED = re.compile(r"['’]s\s+(?:\d{4}\s+)?(?:civil\s+|long\s+)?"
                         r"(?:uprising|revolution|war|conflict|crisis|protests|earthquake)\b")
ON_NEARBY = re.compile(r"\bon\s+(?:the\s+)?(?:nearby\s+)?$")  # "air strikes on nearby Maaret Hermeh"
# capitalised words that may follow a place's name without being part of it ("Aleppo City", "Idlib Governorate")
NAME_FOLLOWERS = frozenset("city governorate province district subdistrict countryside region area camp town village "
                           "villages towns cities neighbourhood neighborhood quarter suburb suburbs outskirts border "
                           "crossing river valley plain desert countryside's old".split())


def longer_name(text: str, words: list[tuple[int, int]], joined: list[bool], last: int,
                taken: list[bool]) -> int | None:
    """The last word of a longer name that the name ending on word ``last`` begins, or None: "Tal Amees",
    "Jisr al Shughur", "Bashar al-Assad"; "حمام التركمان" after a head of Arabic names. A headline in title case
    ("Regime Shells Douma Killing Five") capitalises every word, so there no name goes on."""
    first = text[words[last][0]:words[last][1]]
    if not first[:1].isascii():
        end, word = None, first
        if last + 1 < len(words) and joined[last] and not taken[last + 1] and norm(
                text[words[last + 1][0]:words[last + 1][1]]) in AR_NAME_TAILS:
            return last + 1  # "على أطراف درعا البلد": Daraa's old town, not Daraa
        while heads_arabic_name(word) and last + 1 < len(words) and joined[last] and not taken[last + 1]:
            word = text[words[last + 1][0]:words[last + 1][1]]
            if word[:1].isascii() or not (arabic_name_ok(word) or heads_arabic_name(word)):
                break
            end = last = last + 1  # "حمام الشيخ عيسى": after a head that follows a head, one more word
        return end
    if _title_case(text, words[last][0]) or POSSESSIVE.search(first):
        return None  # "the Peoples’ Protection Units", "Afrin's Mahmoudiya": a possessive ends its name
    end, k = None, last + 1
    while k < len(words) and k - last <= MAX_WORDS and joined[k - 1] and not taken[k]:
        word = text[words[k][0]:words[k][1]]
        if (word in INNER_ARTICLES and k + 1 < len(words) and joined[k] and not taken[k + 1]
                and _name_word(text[words[k + 1][0]:words[k + 1][1]])):
            end, k = k + 1, k + 2  # "Jisr al Shughur"
        elif _name_word(word):
            end, k = k, k + 1
        else:
            break
    return end


def _name_word(word: str) -> bool:
    """Whether a Latin word may go on a place's name: capitalised (after any article: "al-Assad"), not a word that
    opens sentences or names peoples and months, not an acronym ("SOHR", "ERBIL"), not an area word ("City")."""
    bare = LATIN_ARTICLE.sub("", word)
    return (bare[:1].isupper() and bare[:1].isascii() and not (len(bare) > 1 and bare.isupper())
            and word.split("-")[0] not in LATIN_STOP and bare.split("-")[0] not in LATIN_STOP
            and word.lower() not in NAME_FOLLOWERS and word.lower() not in EDGE_STOP)


def heads_arabic_name(word: str) -> bool:
    """Whether an Arabic word (with any attached particle) is a usual first word of a compound place name."""
    core = norm(word)
    return core in AR_NAME_HEADS or (len(core) > 3 and core[1:] in AR_NAME_HEADS and core[0] in "وبفل")


def _title_case(text: str, position: int) -> bool:
    """Whether the line around ``position`` capitalises most of its words, as headlines do."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = [w for w in text[start:end if end >= 0 else len(text)].split() if w[:1].isalpha() and w[:1].isascii()]
    return len(line) >= 4 and sum(w[0].isupper() for w in line) > 0.7 * len(line)


# "in Kafr Naha", "near Tal Jijan": a head word of village names and a capitalised word, after "in": a place, though
# the gazetteer lacks it (kept unresolved; a person's kunya, "Abu", "Umm", is no head)
HEADED = re.compile(r"\b(?:in|near|at|from|outside|of the village of)\s+((?:Kafr|Kfar|Tal|Tall|Tell|Deir|Dayr|Ain|Ayn|"
                    r"Khirbet|Khirbat|Jisr|Ras|Bir) (?:(?:al|el|ad|ar|as|az|ash|at|an)-)?[A-Z][a-z'’]+)\b")
# "in Al Sha’afa", "near El Bab": the article written apart and a capitalised word, after "in": a place, though the
# gazetteer lacks it (kept unresolved; only where no known place lies there)
ARTICLED = re.compile(r"\b(?:in|near|outside)\s+((?:Al|El)[ -][A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\b(?![-'’])")
# "a house near Hawi, in the northwest of Mosul": one capitalised word after "near" that ends its clause names a place,
# though the gazetteer lacks it (kept unresolved; only where no known place lies). "in X" is no such cue: "in April",
# "in Ahmed's house"; nor is a word the clause goes on after ("near Assad loyalists") or a word of bodies and peoples
NEAR_ONE = re.compile(r"(?<![A-Za-z])near\s+([A-Z][a-z'’]{2,})(?=\s*(?:[,;.]|$))")
NEAR_NOT = frozenset("daesh christmas easter nowruz noon midnight dawn".split())  # a group or a time "near" names


def unknown_names(text: str) -> Iterator[tuple[int, int, str, bool]]:
    """Names the gazetteer may lack that a cue makes places: (start, end, name, whether it stands for the known places
    inside it). "in Kafr Naha" (a head word of village names: never the village named like its second word) and "in
    Al Sha’afa" (an article written apart: only where no known place lies), "near Hawi," (one word that ends its clause:
    only where no known place lies)."""
    for headed in HEADED.finditer(text):
        yield (*headed.span(1), headed.group(1), True)
    for articled in ARTICLED.finditer(text):
        if not POSSESSIVE.search(articled.group(1)):  # "in Al Jazeera’s report": an owner, not a place
            yield (*articled.span(1), articled.group(1), False)
    for near in NEAR_ONE.finditer(text):
        word = near.group(1)
        if not (POSSESSIVE.search(word) or word in LATIN_STOP or word.lower() in BODIES
                or word.lower() in NAME_FOLLOWERS or word.lower() in EDGE_STOP or word.lower() in NEAR_NOT):
            yield (*near.span(1), word, False)
