"""Where a text itself says that a name is a place: "the village of X", "the X and Y neighbourhoods", "حيي X وY",
"مشفى X", "X, a village in …", "Raqqa's al-Badu neighbourhood".

Pure text work: the resolver (:mod:`tawthiq.services.coding.geocoding`) looks the names up. Each cue gives the span of
the name, what kind of place the text says it is, and the span of an owner the text gives with it ("Afrin's").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tawthiq.geo.frames import ARABIC_EDGE, LATIN_STOP, norm
from tawthiq.text import normalise

SETTLEMENT, NEIGHBOURHOOD, SITE = "settlement", "neighbourhood", "site"

# A Latin name word: capitalised, after an optional article ("al-Bab"); "HTS-run" and "In" are trimmed later.
# "al- Bo Omar": a space after the hyphen, from PDFs; "Deir ez-Zor": the article is part of the name
_NW = r"(?:(?:al|el|ad|ar|as|az|ash|at|an|ez|es|ed|et|en)- ?)?[A-Z][\w'’-]*"
_NAME = rf"{_NW}(?: {_NW}){{0,2}}"
_LIST = rf"{_NAME}(?:, {_NAME})*(?:,? and {_NAME})?"
_SITE_HEADS = (r"(?i:prison|air ?base|airport|hospital|school|camp|crossing|square|bakery|water station|dam|bridge|"
               r"mosque|church|roundabout|checkpoint|market|monastery|stadium|factory|silos|power station)")
# words between a name and its site head that belong to the site's name ("al-Khansaa primary school")
_SITE_ADJECTIVES = (r"(?:(?i:primary|secondary|high|intermediate|military|national|central|main|surgical|old|new|"
                    r"grand|field|general|great|children's|maternity) )*")
# "Kafranbel hospital", "Khan Shaykhun school": a town's hospital, school or square, named by the town alone
GENERIC_SITES = frozenset("hospital school square bakery mosque church market roundabout checkpoint".split())
_NEIGHBOURHOOD_HEADS = r"neighbou?rhoods?|(?:sub-?)?districts?|quarters?|area"
# hyphenated words that describe who holds a place, never part of its name ("the HTS-run al-Uqab prison")
_HOLDER = re.compile(r"^[\w'’]+-(?:run|held|controlled|backed|led|affiliated|linked|based|owned)$", re.IGNORECASE)
_LEADING_STOP = frozenset("In On At Of The the A An From Near And But Since When While After Before During So-called "
                          "so-called".split())
_ROADS = re.compile(r"\b(?:Street|Road|Highway|St)\b")
# "transferred to nearby Baghdad Hospital in Awejel": the place a named site lies in
SITE_IN = re.compile(rf"[A-Z][\w'’-]* {_SITE_ADJECTIVES}(?:{_SITE_HEADS}) in (?P<site_in>{_NAME})(?![\w'’-])")

LATIN_CUES = re.compile(
    rf"\b(?:(?:village|town|hamlet|city) of (?P<settle>{_NAME})|(?:villages|towns|hamlets) of (?P<settles>{_LIST}))"
    rf"|(?<!ern )(?<!tral )\b(?:(?P<hood_head>neighbou?rhood|district|quarter) of (?P<hood>{_NAME})"
    rf"|(?P<hoods_head>neighbou?rhoods|districts|quarters) of (?P<hoods>{_LIST}))"
    rf"|\b(?P<site_of>(?:monastery|church|mosque|shrine|tomb) of {_NAME})"
    rf"|(?P<hood_list>{_LIST}) (?P<list_head>{_NEIGHBOURHOOD_HEADS})\b"
    # a gloss in brackets may follow the name ("Tahrir (Liberation) Square")
    rf"|(?P<site>(?:[Tt]he )?{_NAME} (?:\([A-Z][a-z]+(?: [A-Za-z]+){{0,2}}\) )?{_SITE_ADJECTIVES}(?:{_SITE_HEADS}))\b"
    rf"|(?P<appositive>{_NAME}), an? (?:small |large )?(?:village|town|hamlet|neighbou?rhood)\b"
    rf"|\boutskirts of (?P<outskirts>{_NAME})"
    # "several areas, including Qadam and Barzeh": the names a plural word of places lists
    rf"|\b(?P<incl_head>areas|neighbou?rhoods|districts|quarters|villages|towns|hamlets),? (?:including|such as) "
    rf"(?P<incl>{_LIST})"
    # "hit Haas village in Idlib province": the head after the name, as English reports often write it
    rf"|(?<![\w'’-])(?P<headed_after>{_NAME}) (?:village|town|hamlet|city|[Vv]alley|[Pp]lain)\b(?! of\b)"
    # "arrested three civilians in Borj Haidar and Fafirten in Shirawa district": names the text puts in an area
    rf"|\bin (?P<inside>{_LIST})(?= in (?:the )?{_NAME} (?:(?:sub-?)?district|countryside|"
    rf"province|governorate)\b)"
    # roads name their ends: "the Boqein road", "the Homs–Hama road"
    rf"|\bthe (?P<road>{_NAME}) (?:road|highway)\b"
    rf"|(?P<road_from>{_NAME})[–-](?P<road_to>{_NAME}) (?:road|highway)\b"
)
# Arabic has no capitals: one word, or two when the first is a usual head of a place name (تل تمر، عين عيسى) or the
# second a usual tail (درعا البلد، الباغوز فوقاني)
_AR_HEADS = ("تل|عين|دير|كفر|بيت|خان|جسر|رأس|راس|معرة|أبو|ابو|أم|ام|بئر|جبل|سوق|باب|قصر|حوش|خربة|تلة|مزرعة|الشيخ|"
             "شيخ|طريق")
_AR_TAILS = ("البلد|الجديدة|القديمة|فوقاني|تحتاني|الفوقاني|التحتاني|الكبير|الصغير|الكبرى|الصغرى|الشرقية|الغربية|الشرقي|"
             "الغربي|الشمالي|الجنوبي|الشمالية|الجنوبية|الأخضر|الخضراء|الأحمر|الحمراء|الأبيض|البيضاء|الأسود|السوداء")
_AW = r"[\u0621-\u064A][\u0621-\u064A\u064B-\u0652]*"
_AR_NAME = rf"(?:(?:{_AR_HEADS})\s+{_AW}|{_AW}(?:\s+(?:{_AR_TAILS})(?![\u0621-\u064A]))?)"
_AR_CUE_WORDS = ("مدينة|قرية|بلدة|مزرعة|ناحية|قريتي|بلدتي|قرى|بلدات|مزرعتي|مدينتي|حي|حيي|أحياء|احياء|مشفى|مستشفى|قاعدة|"
                 "ساحة|دوار|سجن|مطار|مدرسة|جامع|مسجد|معبر|مخيم|كنيسة|حاجز|ريف|محافظة|منطقة|العاصمة")
# a list goes on over "و" but not into the next cue ("مدينة تل رفعت وقرية الشيخ عيسى")
_AR_LIST = rf"{_AR_NAME}(?:\s+و(?!(?:{_AR_CUE_WORDS})(?![\u0621-\u064A])){_AR_NAME})*"
_AR_SITE_ADJECTIVE = r"(?:\s+(?!الذي|التي)ال[\u0621-\u064A]+(?:ي|ية|يه)(?![\u0621-\u064A]))?"
_B = r"(?<![\u0621-\u064A])"
# a name in quotes or brackets after its cue ("قرية “حلنج”", "قرية (تامور)"): one or two words, the marks not part of it
_AR_QUOTED = r"[\"«“(](?P<{}>[\u0621-\u064A]+(?:\s[\u0621-\u064A]+)?)[\"»”)]"
ARABIC_CUES = re.compile(
    # "قرى وبلدات ترملا والرفة وسرجة": two words of kind joined by و open one list
    rf"{_B}[وب]?(?:مدينة|قرية|بلدة|مزرعة|قريتي|بلدتي|قرى|بلدات|مزرعتي|مدينتي|ناحية|لناحية)"
    rf"(?:\s+و(?:قرى|بلدات|مدن|مزارع))?\s+(?:{_AR_QUOTED.format('settle_q')}"
    rf"|(?P<settle>{_AR_LIST}))"
    rf"|{_B}[وب]?(?:حي|حيي|أحياء|احياء)\s+(?:{_AR_QUOTED.format('hood_q')}|(?P<hood>{_AR_LIST}))"
    rf"|{_B}[وب]?(?P<site>(?:مشفى|مستشفى|قاعدة|ساحة|دوار|سجن|مطار|مدرسة|جامع|مسجد|معبر|مخيم|كنيسة|حاجز|سد)"
    rf"\s+(?:[\"«“](?P<quoted>[^\"»”\n]{{2,40}})[\"»”]|{_AR_NAME}){_AR_SITE_ADJECTIVE})"
    # "منطقة الحزام الأخضر": an area of two words whose second is a usual tail (one word after منطقة may be anything,
    # unless the area a place lies in follows it: "منطقة عابدين في الريف الجنوبي لإدلب", "منطقة X بريف حلب", "منطقة
    # بيت جن التابعة لريف القنيطرة"), or a name in quotes ("منطقة “المعامل”")
    rf"|{_B}[وب]?منطقة\s+(?:{_AR_QUOTED.format('area_q')}|(?P<area>{_AW}\s+(?:{_AR_TAILS})(?![\u0621-\u064A])"
    rf"|(?:(?:{_AR_HEADS})\s+)?{_AW}(?=\s+(?:(?:في\s+|ب)(?:ال)?|(?:ال)?(?:تابع|واقع)ة?\s+(?:ل|في\s+|ب)(?:ال)?)"
    rf"(?:ريف|مدينة|محافظة|ناحية|منطقة)(?![\u0621-\u064A]))))"
    # "العاصمة البريطانية لندن", "العاصمة دمشق": a capital, named after the word and an adjective of its country
    rf"|{_B}[وب]?(?:ال|لل|بال)?عاصمة\s+(?:ال[\u0621-\u064A]+(?:ية|يه)\s+)?(?P<capital>{_AW})"
)
_AR_SITE_HEAD = re.compile(r"[وب]?(?:مشفى|مستشفى|قاعدة|ساحة|دوار|سجن|مطار|مدرسة|جامع|مسجد|معبر|مخيم|كنيسة|حاجز|سد)\s+")
# Words of kind and direction (and the Levant, الشام): never a place alone, whatever words the gazetteer lists
ARABIC_STOP = frozenset("""المدينة مدينة الحي القرية البلدة السوق الطريق الساحة الجيب المعارضة الإدارة الأمن الدولة
المنطقة الحدود الجانب الشام المدني المدنيين السوري الروسي التركي الإيراني العراقي شرق غرب شمال جنوب شرقي
غربي شمالي جنوبي الشرقي الغربي الشمالي الجنوبي الشرقية الغربية الشمالية الجنوبية شرقية غربية شمالية
جنوبية واحد اثنان اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة عشر عشرات مئة مائة ألف ريف مدينة قرية
بلدة حي منطقة محافظة الشرق الغرب الشمال الجنوب وسط أطراف مركز داخل خارج قرب بالقرب جانب السورية العراقية
التركية الروسية الإيرانية اللبنانية الأردنية""".split())
# Words that are never a place on their own, though a head word ("مسجد الحي", "مشفى يخرج") may stand before them
ARABIC_COMMON = ARABIC_EDGE | frozenset(normalise(w) for w in """ريف الحي المدينة القرية البلدة المنطقة المخيم السوق
عدة عديدة كثيرة متفرقة مختلفة مجاورة المجاورة أخرى محيطة عدد بعض يتم تم يجري جرى مركز مركزا
الطريق الساحة يخرج تخرج يقع تقع كان كانت يضم تضم يعمل تعمل ميداني ميدانية خاص خاصة حكومي حكومية عسكري عسكرية جديد جديدة
قديم قديمة مؤقت مؤقتة صغير صغيرة كبير كبيرة رئيسي رئيسية ابتدائية اعدادية ثانوية الابتدائية الاعدادية الثانوية آخر أخرى
اخرى واحد واحدة الذي التي الذين سكني سكنية شعبي شعبية محيط ضواحي مداخل الربع النصف الثلث المليون موجود موجودا
موجودة السيارات السيارة سيارات المحال المحلات المنازل المباني الأبنية
الألف تابع تابعة خاضع خاضعة""".split()) | frozenset(
    normalise(w) for w in [*_AR_CUE_WORDS.split("|"), *_AR_HEADS.split("|"), *ARABIC_STOP])


# a pronoun at the end ("وريفها", "وغيرها") makes a word a common noun, whatever it starts with
_PRONOUN_END = re.compile(r"(?:ها|هم|هما|هن|نا|كم)$")


def arabic_name_ok(word: str) -> bool:
    """Whether an Arabic word after a cue or a conjunction may be a place's name: not a common word ("الحي",
    "يخرج"), not a noun with a pronoun ("وريفها"), not an area word ("ريف"), not a purpose ("مخيم للنازحين": a camp
    for the displaced describes a place, it does not name one)."""
    norm = normalise(word)
    return (norm not in ARABIC_COMMON and not _PRONOUN_END.search(norm) and not norm.startswith("ريف")
            and not norm.startswith("لل") and not (norm.startswith("و") and norm[1:] in ARABIC_COMMON))


@dataclass(frozen=True)
class Cue:
    """A name the text calls a place of some kind; ``owner`` is a place the text puts it in ("Afrin's")."""

    start: int
    end: int
    name: str
    kind: str
    head: str = ""  # the site word ("hospital", "مشفى"); empty for settlements and neighbourhoods
    owner: tuple[int, int] | None = None
    inner: tuple[int, int] | None = None  # the name inside a site's span ("دركوش" in "مشفى دركوش")
    second: bool = False  # an Arabic name read on over a second word ("بلدة سحم الجولان"), which may be no part of it


def find_cues(text: str) -> list[Cue]:
    """Every cued place name of ``text`` in text order, one per name (lists give one cue per item)."""
    cues = [*_latin(text), *_arabic(text)]
    return sorted(cues, key=lambda c: c.start)


def _latin(text: str) -> list[Cue]:
    out: list[Cue] = []
    for m in LATIN_CUES.finditer(text):
        group = next(g for g in ("settle", "settles", "hood", "hoods", "site_of", "hood_list", "site", "appositive",
                                 "outskirts", "incl", "inside", "headed_after", "road", "road_from")
                     if m.group(g) is not None)
        if group == "road_from":
            out += [c for c in (_trimmed(text, *m.span(g), SETTLEMENT) for g in ("road_from", "road_to")) if c]
            continue
        start, end = m.span(group)
        if group in ("settle", "settles", "hood", "hoods", "hood_list", "incl", "inside"):
            kind = SETTLEMENT if group.startswith("settle") or group == "inside" else NEIGHBOURHOOD
            if group == "incl":
                kind = SETTLEMENT if m.group("incl_head") in ("villages", "towns", "hamlets") else NEIGHBOURHOOD
            head = (m.group("hood_head") or m.group("hoods_head") or m.group("list_head") or m.group("incl_head")
                    or "").lower().rstrip("s")
            head = head.removeprefix("sub-").removeprefix("sub")  # a subdistrict is an area as a district is
            out += [c for c in _list_items(text, start, end, kind, head) if c]
        elif group == "site":
            if _indefinite(text, start) or (cue := _site(text, start, end)) is None:
                continue
            out.append(cue)
        elif group == "site_of":
            out.append(Cue(start, end, text[start:end], SITE, head=text[start:end].split()[0].lower()))
        else:
            cue = _trimmed(text, start, end, SETTLEMENT)
            if cue:
                out.append(cue)
    for m in SITE_IN.finditer(text):
        if (cue := _trimmed(text, *m.span("site_in"), SETTLEMENT)) and not any(
                c.start < cue.end and cue.start < c.end for c in out):
            out.append(cue)
    return out


# a list of three or more capitalised names: "Haas, al-Bara, Kafr Nabl and Babulin"
_NAME_LIST = re.compile(rf"(?<![\w'’-]){_NAME}(?:, {_NAME}){{2,}}(?:,? and {_NAME})?")


def name_lists(text: str) -> list[list[Cue]]:
    """The items of each list of three or more capitalised names in ``text`` (stop words and holders trimmed, as
    cues of settlements): the resolver takes the unknown items of a list of places for places too."""
    out = []
    for m in _NAME_LIST.finditer(text):
        items, pos = [], m.start()
        for part in re.split(r"(,? and |, )", m.group()):
            start, pos = pos, pos + len(part)
            words = part.split()
            while words and words[0] in _LEADING_STOP:
                start += len(words.pop(0)) + 1
            name = " ".join(words)
            if (part in (", ", " and ", ", and ") or not name or words[0] in LATIN_STOP or name.isupper()
                    or any(c.isdigit() for c in name) or re.search(r"['’]s$", words[0])):
                continue
            items.append(Cue(start, pos, text[start:pos], SETTLEMENT))
        if len(items) >= 3:
            out.append(items)
    return out


def _list_items(text: str, start: int, end: int, kind: str, head: str) -> list[Cue | None]:
    items, pos = [], start
    for part in re.split(r"(, and |,? and |, )", text[start:end]):
        if part and not re.fullmatch(r",? ?and |, ", part):
            items.append(_trimmed(text, pos, pos + len(part), kind, head))
        pos += len(part)
    return items


def _trimmed(text: str, start: int, end: int, kind: str, head: str = "") -> Cue | None:
    """The cue without leading stop words and holders ("In", "the HTS-run"), split at a possessive owner."""
    owner = None
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while words and (text[words[0][0]:words[0][1]] in _LEADING_STOP or _HOLDER.match(text[words[0][0]:words[0][1]])):
        words.pop(0)
    for i, (a, b) in enumerate(words):
        if re.search(r"['’]s$", text[a:b]) and i + 1 < len(words):
            owner = (a, b - 2)
            words = words[i + 1:]
            break
    if not words:
        return None
    start = words[0][0]
    name = text[start:end]
    # an apostrophe writes an ayn or a hamza inside a name ("al-Fou’aa", "Ma’arat"): still a word of letters
    if not any(re.sub(r"['’‘ʿʾ]", "", w).isalpha() and w[:1].isupper() and w not in LATIN_STOP
               for w in re.split(r"[\s-]+", name)):
        return None
    if name.split()[0] in LATIN_STOP or _ROADS.search(name) or any(c.isdigit() for c in name):
        return None
    return Cue(start, end, name, kind, head=head, owner=owner)


def _site(text: str, start: int, end: int) -> Cue | None:
    words = text[start:end].split()
    head_words = 1
    for size in (2, 1):  # "water station", "military airport"
        if re.fullmatch(rf"(?:{_SITE_HEADS})", " ".join(words[-size:]), re.IGNORECASE):
            head_words = size
            break
    head = " ".join(words[-head_words:])
    cue = _trimmed(text, start, end, SITE, head=head.lower())
    if cue is None:
        return None
    # the words of the name, before any adjective and the head: the town a generic site is named after
    name_words = cue.name.split()[:-head_words]
    while name_words and re.fullmatch(_SITE_ADJECTIVES.replace("*", "+"), name_words[-1] + " ", re.IGNORECASE):
        name_words.pop()
    if not name_words:
        return cue  # "the National Hospital": the site's own name, with no town in it
    inner_end = cue.start + len(" ".join(name_words))
    return Cue(cue.start, cue.end, cue.name, SITE, head=cue.head, owner=cue.owner, inner=(cue.start, inner_end))


def _indefinite(text: str, start: int) -> bool:
    """ "a Syriac Orthodox school" describes a place, it does not name one."""
    return bool(re.search(r"\b(?:a|an|another|one)\s+$", text[max(0, start - 9):start], re.IGNORECASE))


def _arabic(text: str) -> list[Cue]:
    out: list[Cue] = []
    for m in ARABIC_CUES.finditer(text):
        group = m.lastgroup if m.lastgroup != "quoted" else "site"
        if group == "site":
            start, end = m.span("site")
            head = _AR_SITE_HEAD.match(text, start)
            name_start = head.end() if head else start
            if m.group("quoted") is not None:
                inner = m.span("quoted")
            else:
                rest = text[name_start:end]
                first = re.match(_AR_NAME, rest)
                inner = (name_start, name_start + first.end()) if first else (name_start, end)
                if not arabic_name_ok(text[inner[0]:inner[1]]):
                    continue
            out.append(Cue(start, end, text[start:end], SITE, head=text[start:name_start].strip(), inner=inner))
            continue
        if (named := next((g for g in ("area", "capital") if m.group(g) is not None), None)) is not None:
            start, end = m.span(named)
            words = text[start:end].split()
            if arabic_name_ok(words[1] if re.fullmatch(_AR_HEADS, words[0]) and len(words) > 1 else words[0]) and not (
                    named == "area" and _zone(words)):
                out.append(Cue(start, end, text[start:end], NEIGHBOURHOOD if named == "area" else SETTLEMENT,
                               head="area" if named == "area" else ""))
            continue
        quoted = next((g for g in ("settle_q", "hood_q", "area_q") if m.group(g) is not None), None)
        if quoted is not None:
            start, end = m.span(quoted)
            if arabic_name_ok(text[start:end]) and not (quoted == "area_q" and _zone(text[start:end].split())):
                out.append(Cue(start, end, text[start:end], SETTLEMENT if quoted == "settle_q" else NEIGHBOURHOOD,
                               head="area" if quoted == "area_q" else ""))
            continue
        group = "settle" if m.group("settle") is not None else "hood"
        kind = SETTLEMENT if group == "settle" else NEIGHBOURHOOD
        start, end = m.span(group)
        pos = start
        parts = re.split(r"\s+(?=و)", text[start:end])
        i = 0
        while i < len(parts):
            part = parts[i]
            item_start = text.index(part, pos)
            pos = item_start + len(part)
            if i > 0:
                item_start += 1  # the conjunction و
            extended = False
            if i == len(parts) - 1 and (second := _SECOND_WORD.match(text, pos)) and _second_word(second.group(1)):
                # "بلدتي سحم الجولان والشجرة": the name goes on, and so may the list after it
                pos, extended = second.end(), True
                more = re.match(rf"(?:\s+و(?!(?:{_AR_CUE_WORDS})(?![\u0621-\u064A])){_AR_NAME})+", text[pos:])
                if more:
                    parts += re.split(r"\s+(?=و)", more.group(0).strip())
            if (i == 0 and not extended and normalise(text[item_start:pos]) == "جديد" and _FEMININE.match(m.group(0))
                    and (after := re.match(rf"\s+({_AW})(?![\u0621-\u064A])", text[pos:]))
                    and arabic_name_ok(after.group(1))):
                pos += after.end()  # "بلدة جديد عكيدات": a masculine word after a feminine one is a name's head
            name = text[item_start:pos]
            if name and arabic_name_ok(name) and not _RESUMPTIVE.match(text, pos):
                out.append(Cue(item_start, pos, name, kind, second=extended))
            i += 1
    return [*out, *(c for c in _arabic_listed(text) if not any(o.start < c.end and c.start < o.end for o in out))]


# a feminine word of a settlement: an adjective after it is feminine, so "جديد" after it heads a name ("جديد بكارة")
_FEMININE = re.compile(r"[وب]?(?:مدينة|قرية|بلدة|مزرعة|قريتي|بلدتي|مزرعتي|مدينتي)\s")
# a pronoun that points back to the cue's noun ("أحياء خرجوا منها", "قرى سيطرت عليها"): the word before it is the
# verb of a relative clause about the places, not their name
_RESUMPTIVE = re.compile(r"\s+(?:من|في|إلي|الي|علي|عن|ب|ل)(?:ها|ه|هم)(?![\u0621-\u064A])")


# "مناطق عدة، منها القدم وبرزة بالإضافة إلى الوادي", "في مناطق كل من “المطاحن” و”7 كم”": the names a plural word of
# places lists after "منها" (among them), "من بينها" or "كل من" (each of); quoted names may hold any words
_AR_LIST_OPEN = re.compile(
    rf"{_B}[وب]?(?:ال)?(?P<plural>مناطق|أحياء|احياء|قرى|بلدات|مدن)(?:\s+(?:عدة|عديدة|مختلفة|أخرى|اخرى))?\s*[،,]?\s*"
    r"(?:منها|من بينها|بينها|أبرزها|ابرزها|كل من)\s+"
    # "أرياف إدلب وحلب", "محافظتي درعا والسويداء": the plural or dual of a countryside or a governorate names them all
    rf"|{_B}[وب]?(?P<areas>أرياف|ارياف|محافظتي)\s+")
_AR_LIST_ITEM = re.compile(rf"[\"«“”](?P<quoted>[^\"«»“”\n]{{1,30}})[\"»”“]|(?P<bare>{_AR_NAME})(?![\u0621-\u064A])")
_AR_LIST_JOIN = re.compile(r"\s*[،,]\s*|\s+(?:بالإضافة\s+إلى|بالاضافة\s+الى|وكذلك)\s+|\s*و(?=[\"«“”])|\s+و")


# words of the zones of agreements and operations: "منطقة “خفض التصعيد”" (the de-escalation zone) names no place
_AR_ZONES = frozenset(normalise(w) for w in "خفض التصعيد آمنة عازلة منزوعة السلاح العمليات النفوذ عمليات نفوذ".split())


def _zone(words: list[str]) -> bool:
    return any(norm(w) in _AR_ZONES for w in words)


def _arabic_listed(text: str) -> list[Cue]:
    out: list[Cue] = []
    for m in _AR_LIST_OPEN.finditer(text):
        plural = m.group("plural") or ""
        kind, head = ((NEIGHBOURHOOD, "area") if plural == "مناطق" else (NEIGHBOURHOOD, "")
                      if plural in ("أحياء", "احياء") else (SETTLEMENT, ""))
        pos = m.end()
        while (item := _AR_LIST_ITEM.match(text, pos)) is not None:
            group = "quoted" if item.group("quoted") is not None else "bare"
            start, end = item.span(group)
            words = text[start:end].split()
            if group == "quoted" and len(words) > 4:
                break
            if group == "bare" and not arabic_name_ok(
                    words[1] if len(words) > 1 and re.fullmatch(_AR_HEADS, words[0]) else words[0]):
                break
            if m.group("areas") and len(words) > 1 and re.fullmatch(_AR_TAILS, words[-1]):
                end = start + len(words[0])  # "أرياف حماة وإدلب الجنوبي": the direction is the countryside's
            out.append(Cue(start, end, text[start:end], kind, head=head))
            join = _AR_LIST_JOIN.match(text, item.end())
            if join is None:
                break
            pos = join.end()
    return out


# A second word of a name after a settlement cue ("بلدة سحم الجولان", "قرية X البلد"): a word with the article that
# is not an adjective of the feminine cue word or a nisba ("الخاضعة", "الشمالية"), a participle, a time or a weekday.
_SECOND_WORD = re.compile(r"[ \t]+(ال[\u0621-\u064A]{3,})(?![\u0621-\u064A\u064B-\u0652])")
_NOT_SECOND = frozenset(normalise(w) for w in """الواقع الخاضع المحاصر المجاور التابع القريب المحرر المحتل المدمر
المنكوب المعروف المسمى الحدودي اليوم الماضي الحالي الجاري الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت
الذي التي الذين الأمر الآن الأسبوع الشهر العام الفائت المنصرم المقبل القادم الأخير الأول الثاني المساء الصباح الفجر
الظهر العصر الليل الليلة الجديد القديم الكبير الصغير""".split())


def _second_word(word: str) -> bool:
    core = normalise(word)
    return (core not in _NOT_SECOND and not re.search(r"(?:ة|ه|ي|يه|يين|يون|ات)$", word)
            and arabic_name_ok(word))
