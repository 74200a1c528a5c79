"""Synthetic victim lists with ground truth, for tests and benchmarks of the linkage model.

People are killed in incidents (a day and a place), often with relatives: brothers share a father's
and a family name, the day and the village, which is what makes real lists hard. Each person is then
listed by some of several sources, each with its own habits (script, columns, date format), and with
the variation real lists show: transliteration variants, Arabic versus Latin script, missing fields,
typos, swapped name order, shifted dates, ages instead of birth years, a district instead of the
village, Hijri dates. ``easy`` and ``hard`` settings; everything is deterministic by seed.

Two name pools: ``real`` (the default; :mod:`tawthiq.linkage.synth_names`: a few hundred given names,
about 1,250 family names, long-tailed frequencies) with sources of unequal size (about 1.7 records per
person over 5 sources, as in the largest published Syrian count), and ``small``, the first version's
pool (75 male, 25 female given names, 60 families) with every source listing half the persons (about
2.7 records per person), kept to compare with earlier figures: the same seed gives the same lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tawthiq.linkage.dates import hijri_to_gregorian
from tawthiq.linkage.synth_names import real_pool

__all__ = ["COLUMNS", "POOLS", "Gazetteer", "Setting", "SETTINGS", "SynthPerson", "VictimLists",
           "generate_victim_lists"]

COLUMNS = ("source", "external_id", "full_name", "given_name", "family_name", "father_name", "mother_name", "sex",
           "birth_date", "birth_year", "death_date", "place")

_MALE = ("محمد Mohammad|أحمد Ahmad|محمود Mahmoud|خالد Khaled|علي Ali|حسين Hussein|حسن Hasan|عمر Omar|"
         "عبدالرحمن Abdulrahman|عبدالله Abdullah|إبراهيم Ibrahim|يوسف Yousef|مصطفى Mustafa|سامر Samer|"
         "وليد Walid|فراس Firas|ماهر Maher|جمال Jamal|كمال Kamal|رامي Rami|باسل Basel|طارق Tareq|زياد Ziad|"
         "عماد Imad|نبيل Nabil|فادي Fadi|حمزة Hamza|أنس Anas|بلال Bilal|صالح Saleh|سليمان Suleiman|"
         "عبدالكريم Abdulkarim|غسان Ghassan|منذر Munther|ياسر Yasser|نزار Nizar|رياض Riyad|جهاد Jihad|"
         "معاذ Muath|قاسم Qasem|إسماعيل Ismail|عدنان Adnan|شادي Shadi|هيثم Haitham|مازن Mazen|"
         "عبدالقادر Abdulqader|ضياء Diaa|أيمن Ayman|صبحي Subhi|نادر Nader").split("|")
_FEMALE = ("فاطمة Fatima|عائشة Aisha|مريم Maryam|زينب Zainab|خديجة Khadija|آمنة Amina|سعاد Suad|هدى Huda|"
           "رنا Rana|لينا Lina|نور Nour|سارة Sara|ريم Reem|هبة Hiba|رغد Raghad|بشرى Bushra|سلمى Salma|"
           "وفاء Wafaa|منى Mona|ليلى Layla|جميلة Jamila|نجلاء Najlaa|دعاء Duaa|إيمان Iman|رقية Ruqayya").split("|")
_FAMILY = ("الأحمد Al-Ahmad|الحسن Al-Hasan|العلي Al-Ali|الخطيب Al-Khatib|الحمصي Al-Homsi|المصري Al-Masri|"
           "الشامي Al-Shami|النجار Al-Najjar|الحداد Al-Haddad|العبدالله Al-Abdullah|الزعبي Al-Zoubi|"
           "المحمد Al-Mohammad|الحلبي Al-Halabi|الدرويش Al-Darwish|الصالح Al-Saleh|العمر Al-Omar|"
           "الحمود Al-Hamoud|الإبراهيم Al-Ibrahim|الخليل Al-Khalil|العثمان Al-Othman|السيد Al-Sayed|"
           "القاسم Al-Qasem|الجاسم Al-Jasem|الرفاعي Al-Rifai|الحريري Al-Hariri|المقداد Al-Miqdad|"
           "البكور Al-Bakour|الشيخ Al-Sheikh|الحسين Al-Hussein|الخضر Al-Khodr|البيطار Al-Bitar|"
           "العطار Al-Attar|الكردي Al-Kurdi|التركماني Al-Turkmani|الديري Al-Deiri|الإدلبي Al-Idlibi|"
           "قباني Qabbani|طرابيشي Tarabishi|دباغ Dabbagh|سلوم Salloum|حداد Haddad|عيسى Issa|"
           "ابو زيد Abu Zeid|ابو شعر Abu Shaar|حمادة Hamada|شحادة Shehadeh|عبود Abboud|قدور Qaddour|"
           "نصر Nasr|يونس Younes|حجازي Hijazi|بركات Barakat|سويد Sweid|غزال Ghazal|حلاق Hallaq|"
           "زيدان Zaidan|عكاش Akkash|مرعي Marei|فياض Fayyad|كيالي Kayyali").split("|")
# governorate: district: localities (Arabic Latin)
_PLACES = {
    "درعا Daraa": {"درعا Daraa": ["درعا Daraa", "داعل Dael", "طفس Tafas", "المزيريب Muzayrib"],
                   "ازرع Izra": ["ازرع Izra", "الشيخ مسكين Sheikh Miskin", "نوى Nawa", "جاسم Jasim"]},
    "حمص Homs": {"حمص Homs": ["حمص Homs", "الرستن Rastan", "تلبيسة Talbiseh", "الحولة Houla"],
                 "القصير Qusayr": ["القصير Qusayr", "الضبعة Dabaa"]},
    "ريف دمشق Rif Dimashq": {"دوما Douma": ["دوما Douma", "حرستا Harasta", "عربين Arbin", "زملكا Zamalka"],
                             "داريا Darayya": ["داريا Darayya", "معضمية الشام Moadamiyeh", "صحنايا Sahnaya"]},
    "إدلب Idlib": {"إدلب Idlib": ["إدلب Idlib", "سراقب Saraqib", "بنش Binnish", "سرمين Sarmin"],
                   "معرة النعمان Maarat al-Numan": ["معرة النعمان Maarat al-Numan", "كفرنبل Kafranbel",
                                                    "خان شيخون Khan Shaykhun"]},
    "حلب Aleppo": {"حلب Aleppo": ["حلب Aleppo", "الأتارب Atarib", "عندان Anadan", "حريتان Hraytan"],
                   "منبج Manbij": ["منبج Manbij", "جرابلس Jarabulus"]},
    "دير الزور Deir ez-Zor": {"البوكمال Albu Kamal": ["البوكمال Albu Kamal", "هجين Hajin", "الشعفة Shafa"],
                              "الميادين Mayadin": ["الميادين Mayadin", "العشارة Ashara", "القورية Quriyah"]},
}


def _pair(text: str) -> tuple[str, str]:
    arabic, _, latin = text.partition(" ")
    # Arabic words may contain spaces too: split on the first Latin letter.
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalpha():
            return text[:i].strip(), text[i:].strip()
    return arabic, latin


@dataclass(frozen=True)
class Gazetteer:
    """The synthetic admin hierarchy: locality → (locality, district, governorate), by either script's name."""

    hierarchy: dict[str, tuple[str, str, str]]

    def resolve(self, text: str) -> tuple[str, ...] | None:
        return self.hierarchy.get(text.strip())


def _gazetteer() -> tuple[Gazetteer, list[tuple[tuple[str, str], tuple[str, str], tuple[str, str]]]]:
    hierarchy: dict[str, tuple[str, str, str]] = {}
    localities = []
    for gov_text, districts in _PLACES.items():
        gov = _pair(gov_text)
        for dist_text, places in districts.items():
            dist = _pair(dist_text)
            for loc_text in places:
                loc = _pair(loc_text)
                localities.append((loc, dist, gov))
                for name in loc:
                    hierarchy[name] = (loc[1], dist[1], gov[1])
            for name in dist:
                hierarchy.setdefault(name, ("", dist[1], gov[1]))
        for name in gov:
            hierarchy.setdefault(name, ("", "", gov[1]))
    return Gazetteer(hierarchy), localities


@dataclass(frozen=True)
class Setting:
    """How messy the lists are; probabilities per record or per field."""

    sources: int = 5
    coverage: float = 0.55  # chance that a source lists a given person
    within_duplicates: float = 0.02  # chance a source lists a person twice
    typo: float = 0.03
    swap_order: float = 0.03
    shift_date: float = 0.05  # by a day or two
    shift_far: float = 0.0  # by up to a month (date of burial or of report)
    missing: float = 0.15
    coarse_place: float = 0.1
    hijri: float = 0.0
    age_instead: float = 0.1
    #: With the real pool, each source's coverage is ``coverage`` times its factor: a few large lists and
    #: several small ones (about 1.7 records per person over 5 sources).
    source_sizes: tuple[float, ...] = (1.1, 0.8, 0.5, 0.4, 0.2)


POOLS = ("real", "small")
SETTINGS = {
    "easy": Setting(),
    "hard": Setting(coverage=0.5, within_duplicates=0.05, typo=0.12, swap_order=0.1, shift_date=0.15,
                    shift_far=0.03, missing=0.3, coarse_place=0.25, hijri=0.05, age_instead=0.25),
}


@dataclass
class SynthPerson:
    given: tuple[str, str]
    father: tuple[str, str]
    grandfather: tuple[str, str]
    family: tuple[str, str]
    mother: tuple[str, str]
    sex: str
    birth: date
    death: date
    place: tuple[tuple[str, str], tuple[str, str], tuple[str, str]]


@dataclass
class VictimLists:
    """The listings (one dict per row, CSV columns) and the truth: entity id by (source, external_id)."""

    records: list[dict[str, Any]]
    truth: dict[tuple[str, str], int]
    gazetteer: Gazetteer
    persons: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


_VOWELS = "aeiou"


def _vary_latin(rng: random.Random, text: str) -> str:
    """A transliteration variant: other vowels, doubled or single consonants, other article spellings."""
    out = []
    for word in text.split(" "):
        if word.lower().startswith("al-") and rng.random() < 0.5:
            word = rng.choice(["al ", "El-", "el ", "Al", ""]) + word[3:]
        chars = list(word)
        for i, ch in enumerate(chars):
            if ch in _VOWELS and i > 0 and rng.random() < 0.25:
                chars[i] = rng.choice("aeiou" if ch in "ae" else "ouie")
        word = "".join(chars)
        if rng.random() < 0.15:
            word = word.replace("ou", "u") if "ou" in word else word.replace("u", "ou", 1)
        out.append(word)
    return " ".join(out)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.random()
    if op < 0.4:
        return text[:i] + text[i + 1:]
    if op < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    letters = "بتجحدرسشعفقكلمنهو" if not text.isascii() else "bdfghklmnrstz"
    return text[:i] + rng.choice(letters) + text[i + 1:]


def generate_victim_lists(*, persons: int, setting: str | Setting = "hard", seed: int = 0,
                          pool: str = "real") -> VictimLists:
    """Make victim lists of ``persons`` people from several sources.

    Args:
        persons: How many distinct people are killed.
        setting: ``"easy"``, ``"hard"`` or a :class:`Setting`.
        seed: The same seed gives the same lists.
        pool: ``"real"`` (long-tailed names, sources of unequal size) or ``"small"`` (the first version).

    Returns:
        The listings with their ground truth.
    """
    params = SETTINGS[setting] if isinstance(setting, str) else setting
    rng = random.Random(seed)
    gazetteer, localities = _gazetteer()
    people = _people(rng, persons, localities, pool)
    names = [f"S{i + 1}" for i in range(params.sources)]
    coverage = [params.coverage * (params.source_sizes[i % len(params.source_sizes)] if pool == "real" else 1.0)
                for i in range(params.sources)]
    records: list[dict[str, Any]] = []
    truth: dict[tuple[str, str], int] = {}
    for index, person in enumerate(people):
        listed = [s for s, c in zip(names, coverage, strict=True) if rng.random() < c] or [rng.choice(names)]
        for source in listed:
            copies = 2 if rng.random() < params.within_duplicates else 1
            for _ in range(copies):
                row = _listing(rng, params, source, names.index(source), person)
                row["external_id"] = f"{source}-{len(records):07d}"
                records.append(row)
                truth[(source, row["external_id"])] = index
    rng.shuffle(records)
    return VictimLists(records, truth, gazetteer, persons=len(people))


def _people(rng: random.Random, count: int, localities: list[Any], pool: str) -> list[SynthPerson]:
    if pool not in POOLS:
        raise ValueError(f"unknown name pool {pool!r}")
    real, small = real_pool(), {"male": _MALE, "female": _FEMALE, "family": _FAMILY}

    def pick(kind: str) -> tuple[str, str]:
        if pool == "real":
            return real[kind].draw(rng)
        # A few names are very common (Mohammad, Ahmad…), as in real lists.
        names = small[kind]
        return _pair(names[min(int(rng.paretovariate(1.2)) - 1, len(names) - 1)] if rng.random() < 0.5
                     else rng.choice(names))

    def any_name(kind: str) -> tuple[str, str]:
        # The first version drew family names, and a sibling's second try, evenly.
        return real[kind].draw(rng) if pool == "real" else _pair(rng.choice(small[kind]))

    people: list[SynthPerson] = []
    start = date(2011, 3, 15)
    while len(people) < count:
        day = start + timedelta(days=rng.randrange(0, 365 * 9))
        place = rng.choice(localities)
        for _household in range(rng.choice((1, 1, 1, 2, 3))):
            family, father, grandfather, mother = any_name("family"), pick("male"), pick("male"), pick("female")
            siblings: set[tuple[str, str]] = set()
            for _member in range(rng.choice((1, 1, 2, 2, 3, 4))):
                sex = "male" if rng.random() < 0.7 else "female"
                given = pick(sex)
                while given in siblings:  # parents do not give two children one name
                    given = any_name(sex)
                siblings.add(given)
                birth = date(rng.randrange(1940, 2015), rng.randrange(1, 13), rng.randrange(1, 29))
                if birth >= day:
                    birth = day - timedelta(days=rng.randrange(1, 3000))
                people.append(SynthPerson(given, father, grandfather, family, mother, sex, birth, day, place))
    return people[:count]


def _listing(rng: random.Random, p: Setting, source: str, style: int, person: SynthPerson) -> dict[str, Any]:
    arabic = style in (0, 3) or (style == 4 and rng.random() < 0.5)
    script = 0 if arabic else 1

    def name(part: tuple[str, str]) -> str:
        text = part[script] if arabic else _vary_latin(rng, part[1])
        return _typo(rng, text) if rng.random() < p.typo else text

    def maybe(value: str, rate: float = p.missing) -> str:
        return "" if rng.random() < rate else value

    given, family, father = name(person.given), name(person.family), name(person.father)
    row: dict[str, Any] = {c: "" for c in COLUMNS}
    row["source"] = source
    if style == 1:
        row["given_name"], row["family_name"] = given, maybe(family, p.missing / 4)
        row["father_name"] = maybe(father)
    else:
        parts = [given, father, family] if rng.random() > p.missing else [given, family]
        if rng.random() < p.missing / 4:
            parts = [given, father] if rng.random() < 0.5 else [given]
        if style == 3 and rng.random() < 0.3:
            parts = [given, "بن" if person.sex == "male" else "بنت", father, family]
        if rng.random() < p.swap_order:
            parts = [family, given]
        row["full_name"] = " ".join(parts)
    if rng.random() < 0.4:
        row["mother_name"] = maybe(name(person.mother))
    row["sex"] = maybe(person.sex)
    if rng.random() < p.age_instead:
        row["birth_year"] = maybe(str(person.birth.year + rng.choice((-1, 0, 0, 1))))
    elif style == 2:
        row["birth_date"] = maybe(person.birth.isoformat())
    elif rng.random() < 0.5:
        row["birth_year"] = maybe(str(person.birth.year))
    row["death_date"] = maybe(_death(rng, p, style, person.death))
    locality, district, _gov = person.place
    place = district if rng.random() < p.coarse_place else locality
    row["place"] = maybe(place[script])
    return row


def _death(rng: random.Random, p: Setting, style: int, day: date) -> str:
    if rng.random() < p.shift_date:
        day += timedelta(days=rng.choice((-2, -1, 1, 1, 2)))
    if rng.random() < p.shift_far:
        day += timedelta(days=rng.randrange(3, 31))
    if rng.random() < p.hijri:
        return _as_hijri(day)
    return day.strftime("%d/%m/%Y") if style in (1, 4) else day.isoformat()


def _as_hijri(day: date) -> str:
    """The tabular Hijri date of ``day``, as a list would write it (``15/03/1445 هـ``)."""
    estimate = int((day.year - 622) * 33 / 32)
    starts = [(hijri_to_gregorian(y, m, 1), y, m) for y in (estimate - 1, estimate, estimate + 1, estimate + 2)
              for m in range(1, 13)]
    first, year, month = max(s for s in starts if s[0] <= day)
    return f"{(day - first).days + 1:02d}/{month:02d}/{year} هـ"
