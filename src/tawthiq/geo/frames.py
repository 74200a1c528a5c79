"""The words around a place name in a text, and the words that never are one.

The frames the mention finder (:mod:`tawthiq.geo.mentions`) and the resolver read around a name: a locative before it
("in", "في", "ب"), a conjunction joining it to a place ("and", "و"), the area it lies in ("Idlib province", "بريف
حلب"); and the word lists that stop a name: capitalised words that open sentences, adjectives of peoples, particles
that never begin or end an Arabic name. Pure text work, shared with the cues of :mod:`tawthiq.geo.cues`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tawthiq.text import normalise, tokens

# Capitalised words that open sentences or name peoples, faiths and months: never a place name alone.
LATIN_STOP = frozenset("""The A An In On At Of And But Or If As By For From To With Without Into Over After Before
During While When Where Which Who Whom Whose What Why How There Here Then Than This That These Those It Its He She They
We You I His Her Their Our Your My Me Him Them Us Also Moreover However Meanwhile According Since Until Although Because
Some Many Most Several Another Other Each Every All Both No Not Nor Yet Still Later Earlier Today Yesterday Tomorrow
Last Next Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December IS ISIS ISIL SDF YPG HTS SNA FSA UN Syrian Syrians Iraqi Iraqis Turkish Kurdish
Kurds Arab Arabs Russian Russians Iranian Lebanese Jordanian American Americans Regime Government Forces Army State
Islamic Leave Reply About Related Posts Your Email Sunni Shia Shiite Alawite Christian Christians Muslim Muslims Yazidi
Druze Armenian Assyrian Syriac Orthodox Catholic Turkmen English Arabic French Persian Ramadan Eid""".split())
# adjectives of peoples: alone never a place, but they open some names of regions ("Iraqi Kurdistan", "Syrian Jazira")
NATIONALITIES = frozenset("Syrian Iraqi Turkish Kurdish Lebanese Jordanian Arab Russian Iranian American".split())
# Words that never begin or end an Arabic place name: particles, prepositions, pronouns, common verbs of reports
ARABIC_EDGE = frozenset(normalise(w) for w in """في من إلى الى على عن مع ما لا لم لن قد ثم أو أن إن أنه إنه هذا هذه ذلك
تلك هناك هنا التي الذي الذين بين بعد قبل حتى منذ عند خلال عبر حول ضد دون بعض كل أي كما إذ لدى أدى أيام يوم عام شهر أمس
اليوم وفي ومن وإلى وعلى وقد وكان وكانت كان كانت قال قالت أضاف أضافت أفاد أفادت وقال وأضاف بأن لأن وأن فقد أثناء اثناء
عندما بينما حيث""".split())

GAP = re.compile(r"[ \t\u00a0-]+")
LOCATIVE = re.compile(r"(?:\b(?i:in|at|near|from|into|outside|around|to|towards?|between|via|across|through|of)"
                      r"\s+(?:the\s+)?|(?:في|من|قرب|إلى|الى|نحو|على|مع|بين|باتجاه|عبر|أطراف|اطراف|بأطراف|محيط|بمحيط|"
                      r"ضواحي|مشارف)\s+|\bب)$")
# "in Idlib and Harem", "في الدانا وسرمدا": a name joined to a place takes its part
COORDINATED = re.compile(r"(?:,\s*|\s+)(?:and|or)\s+$|\s+و$")
# words a place name never starts or ends with: "Maarat al-Numan in" is Maarat al-Numan
EDGE_STOP = frozenset("in of on at to the and or near by from into east west north south eastern western northern "
                      "southern countryside city town village province".split())
# Arabic letters, marks and digits, not Arabic punctuation (، ؛ ؟ lie in the same block)
_LETTERS = r"\w\u0621-\u065F\u0660-\u0669\u0670-\u06D3'’ʿʾ`"
WORD = re.compile(rf"[{_LETTERS}]+(?:-[{_LETTERS}]+)*")
AREA_AFTER = re.compile(r"\s*(?:province|governorate|countryside|region|rural|Governorate|Province)\b")
AREA_BEFORE = re.compile(r"(?:محافظة|ريف|بريف|منطقة)\s*$")
INNER_ARTICLES = frozenset("al el ad ar as az ash at an ez es ed et en bin ibn".split())
# a word right after these is part of a person's name, not a place ("Abu Jassem", "أبو صالح")
KUNYA = frozenset(normalise(w) for w in "Abu Abou Abo Umm Um Om Oum أبو ابو أبي ابي أبا ام أم".split())
# "وسرمدا،": one more name after a place, closing the phrase (not "وريفها", "وغيرها": a pronoun ends those)
AR_JOINED = re.compile(r"\s+و([\u0621-\u064A]{3,})(?=\s*[،,.:؛]|\s+و)")
# Arabic particles that writers attach to the next word: "بدير الزور", "وحلب"
PROCLITIC = re.compile(r"^(?:[وف]?[بلك]|[وف])(?=[\u0621-\u064A]{3})")
CITY_BEFORE = re.compile(r"\bthe (city|town)['’]s\s+$")
# what may stand between a place and the area it lies in: "X in Y", "X, in the countryside of Y", "حي X بدير الزور"
CONTAINED = re.compile(r"^[\s,،]*(?:(?:a|an|the)\s+)?(?:[a-z]+\s+)?(?:(?:in|of|at|inside)\b[a-z ]{0,40}"
                       r"|(?:(?:في|داخل)\s+)?(?:(?:مدينة|بلدة|ريف|محافظة)\s+)?|ب(?:مدينة|بلدة|ريف|محافظة)?\s*)$")
CITY_AFTER = re.compile(r"\s*(?:(?:in|of) the (?:city|town)\b|(?:بالمدينة|في المدينة|بالبلدة|في البلدة))")


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """:func:`tawthiq.text.normalise`, remembered: reports repeat their words."""
    return normalise(word)


@lru_cache(maxsize=65536)
def edge_ok(word: str) -> bool:
    """Whether a place name may begin or end on this word: not on a particle ("in", "و", "أن", "إلى")."""
    return bool(tokens(word)) and word not in EDGE_STOP and (word.isascii() or norm(word) not in ARABIC_EDGE)
