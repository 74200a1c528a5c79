"""Gazetteer entries and the name and coordinate handling the source adapters share.

The adapters (:mod:`tawthiq.geo.geonames`, :mod:`tawthiq.geo.codab`) only read sources and yield
:class:`GazetteerEntry` values; storing and matching them is the loader's and the resolver's job.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

GEONAMES = "geonames"
COD_AB = "cod-ab"

DEFAULT_COUNTRIES: tuple[str, ...] = ("SY", "IQ", "TR", "LB", "JO")

FEATURES: frozenset[str] = frozenset(
    {
        "country",
        "governorate",
        "district",
        "subdistrict",
        "city",
        "town",
        "village",
        "neighbourhood",
        "camp",
        "site",
        "locality",
        "region",
    }
)


@dataclass(frozen=True)
class GazetteerEntry:
    """One place as a gazetteer describes it, before it is stored or matched."""

    gazetteer: str
    gazetteer_id: str
    name: str
    name_ar: str | None
    alt_names: tuple[str, ...]
    feature: str
    country_code: str
    parent_id: str | None
    latitude: float | None
    longitude: float | None
    population: int | None

    def __post_init__(self) -> None:
        # The readers build entries from outside data; checking here means a reader bug can never
        # hand the loader a place it would have to reject row by row.
        if self.feature not in FEATURES:
            raise ValueError(f"{self.gazetteer_id}: unknown feature {self.feature!r}")
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError(f"{self.gazetteer_id}: latitude and longitude go together")
        if self.latitude is not None and not -90.0 <= self.latitude <= 90.0:
            raise ValueError(f"{self.gazetteer_id}: latitude {self.latitude} is out of range")
        if self.longitude is not None and not -180.0 <= self.longitude <= 180.0:
            raise ValueError(f"{self.gazetteer_id}: longitude {self.longitude} is out of range")


def parse_coordinate(text: str, field: str, line: int, *, latitude: bool) -> float | None:
    """Read one coordinate cell: None when blank, else a float in range.

    Raises ValueError naming the line and the field, which the caller reports as is.
    """
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"line {line}: {field}: {text!r} is not a number") from None
    # float() accepts 'nan' and 'inf'; neither is a place.
    if not math.isfinite(value):
        raise ValueError(f"line {line}: {field}: {text!r} is not a number")
    limit = 90.0 if latitude else 180.0
    if not -limit <= value <= limit:
        raise ValueError(f"line {line}: {field}: {value} is out of range (-{limit:g} to {limit:g})")
    return value


# --- names -------------------------------------------------------------------------------------

# Direction marks and joiners that sources leave in names ('مجدل شمس.\u200e'); they are invisible and
# make otherwise equal names differ.
_INVISIBLE: dict[int, str | None] = dict.fromkeys(
    (0x200B, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF)
)
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# Airport codes (GeoNames lists IATA and ICAO codes among a city's names): 'DEZ', 'OSDI'.
_CODE = re.compile(r"[A-Z]{3,4}")


# Persian and Urdu names join words with a zero-width non-joiner where English would leave a space
# ('قهرمان\u200cمرعش'); dropping it would glue the words together.
_INVISIBLE[0x200C] = " "
# Control characters (a NUL from a broken export, a stray tab) become spaces: PostgreSQL refuses NUL
# in text, and none of them belongs in a name.
_INVISIBLE.update(dict.fromkeys((*range(0x00, 0x20), *range(0x7F, 0xA0)), " "))


def clean_name(raw: str) -> str:
    """Normalise one name: NFC, no invisible marks, single spaces."""
    return " ".join(unicodedata.normalize("NFC", raw).translate(_INVISIBLE).split())


def _is_arabic_char(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _ARABIC_BLOCKS)


def script_of(name: str) -> Literal["latin", "arabic"] | None:
    """'latin' or 'arabic' when every letter of `name` is in that script, else None.

    Names in other scripts, and mixed ones such as GeoNames' 'bەghdad', are of no use to people
    who write Arabic, Kurdish, Turkish or English, so the adapters leave them out.
    """
    latin = arabic = False
    for ch in name:
        category = unicodedata.category(ch)
        if not category.startswith("L") or category == "Lm":  # 'Lm' covers ʿ and ʾ in romanisations
            continue
        if _is_arabic_char(ch):
            arabic = True
        elif "LATIN" in unicodedata.name(ch, ""):
            latin = True
        else:
            return None
    if latin and arabic:
        return None
    return "arabic" if arabic else "latin" if latin else None


def unique_names(names: Iterable[str], exclude: Iterable[str | None] = ()) -> tuple[str, ...]:
    """Cleaned names in first-seen order, without blanks, repeats or any of `exclude`."""
    seen = {name for name in exclude if name}
    out: list[str] = []
    for raw in names:
        name = clean_name(raw)
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return tuple(out)


def split_names(
    primary: str, names: Iterable[str], *, romanised_arabic: bool = True
) -> tuple[str | None, tuple[str, ...]]:
    """From a source's list of names, pick the Arabic name and keep the other usable names.

    Returns (name_ar, alt_names): alt_names holds the Latin- and Arabic-script names other than
    `primary` and name_ar, without airport codes.
    """
    kept = [
        name
        for name in unique_names(names)
        if script_of(name) is not None and not (_CODE.fullmatch(name) and name != primary)
    ]
    arabic = [name for name in kept if script_of(name) == "arabic"]
    name_ar = pick_arabic_name(primary, arabic, romanised_arabic=romanised_arabic)
    return name_ar, unique_names(kept, exclude=(primary, name_ar))


# Letters of the Arabic alphabet proper (hamza to yeh), without Persian, Urdu or Kurdish additions.
_ARABIC_LETTERS = frozenset(chr(c) for c in (*range(0x0621, 0x063B), *range(0x0641, 0x064B)))
_HARAKAT = frozenset(chr(c) for c in (*range(0x064B, 0x0653), 0x0670))
_FOLD_FOR_GROUPING = str.maketrans(
    {
        **dict.fromkeys("یېى", "ي"),
        **dict.fromkeys("کڪ", "ك"),
        **dict.fromkeys("ەہةھۃ", "ه"),
        **dict.fromkeys("أإآٱ", "ا"),
        **dict.fromkeys("\u0640 -"),  # tatweel, spaces and hyphens go
    }
)
# Consonant skeletons, so that an Arabic spelling can be compared with the source's romanised name.
# Emphatics get their own symbols because BGN romanisation (GeoNames) marks them: Ţarţūs is طرطوس,
# not ترطوس, and Nawá is نوى, not نوا. Ain is '6'; it is compared both kept and dropped, as English
# spellings often omit it.
_ARABIC_TO_SKELETON = {
    "ب": "b", "ت": "t", "ث": "0", "ج": "j", "ح": "3", "خ": "x", "د": "d", "ذ": "9", "ر": "r", "ز": "z",
    "س": "s", "ش": "$", "ص": "2", "ض": "4", "ط": "1", "ظ": "5", "ع": "6", "غ": "g", "ف": "f", "ق": "q",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "h", "و": "w", "ي": "y", "ى": "7",
}
_LATIN_SPECIALS = {"ţ": "1", "ṭ": "1", "ş": "2", "ṣ": "2", "ḩ": "3", "ḥ": "3", "ḑ": "4", "ḍ": "4",
                   "ẓ": "5", "‘": "6", "ʿ": "6", "ʻ": "6", "ū": "w", "ō": "w", "ī": "y", "á": "7"}
_LATIN_DIGRAPHS = (
    ("sh", "$"), ("kh", "x"), ("th", "0"), ("dh", "9"), ("gh", "g"), ("ch", "$"), ("ou", "w"), ("c", "k")
)
_LATIN_ARTICLE = re.compile(r"(?:al|el|il|ul|a[dnrstz]|e[dnrstz]|ash|esh|adh|ath|a[1245]|e[1245])")
_LATIN_DROP = re.compile(r"[^a-z0-9$]")
_LATIN_VOWELS = re.compile(r"[aeiou]")


def _collapse(skeleton: str) -> str:
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _arabic_skeleton(name: str) -> str:
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in re.split(r"[\s\-]+", name)]
    return _collapse("".join(_ARABIC_TO_SKELETON.get(ch, "") for ch in "".join(words)))


def _latin_skeleton(name: str) -> str:
    text = name.lower().replace("z\u0327", "5")
    text = "".join(_LATIN_SPECIALS.get(ch, ch) for ch in text)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    for digraph, symbol in _LATIN_DIGRAPHS:
        text = text.replace(digraph, symbol)
    # A final -i is almost always written ي (Ar Ramadi: الرمادي rather than الرمادى).
    words = [re.sub(r"i$", "y", word) for word in re.split(r"[\s\-]+", text) if word]
    # Drop the article before a following word (Al Mayādīn), as _arabic_skeleton does with 'ال'.
    words = [w for i, w in enumerate(words) if not (i < len(words) - 1 and _LATIN_ARTICLE.fullmatch(w))]
    text = _LATIN_DROP.sub("", "".join(words))
    # Short vowels are not written in Arabic; long ones became w and y above.
    return _collapse(_LATIN_VOWELS.sub("", text))


def _similarity(a: str, b: str) -> float:
    return round(difflib.SequenceMatcher(None, a, b).ratio(), 2)


def _group_key(name: str) -> str:
    # Spellings that differ only in harakat, hamza seats, Persian letter forms, spacing or the
    # article count as one spelling when judging how many variants agree.
    bare = "".join(ch for ch in name if ch not in _HARAKAT)
    return bare.translate(_FOLD_FOR_GROUPING).removeprefix("ال")


def _is_plain_arabic(name: str) -> bool:
    for word in name.split():
        # A word-initial ئ and a ى inside a word are Uyghur or Kurdish spelling, not Arabic.
        if word.startswith("ئ") or "ى" in word[:-1]:
            return False
    return all(ch in _ARABIC_LETTERS or ch in _HARAKAT or ch in " -'" for ch in name)


def pick_arabic_name(primary: str, arabic_names: list[str], *, romanised_arabic: bool = True) -> str | None:
    """Choose the Arabic name to show from a source's Arabic-script names, or None if it has none.

    GeoNames gives no language or frequency for its alternate names, and its Arabic-script list
    mixes Arabic with Persian, Urdu and Kurdish spellings, old names and mistakes. The choice, in
    order: plain Arabic letters; closest to the primary name, ain ignored, then kept (only when
    `romanised_arabic`, that is when the primary name romanises an Arabic one, as GeoNames' names do
    in Arab countries; a Turkish name would favour transliterations of Turkish over the Arabic
    exonym); the spelling most variants agree on; with the article; without harakat; not ending in
    ه where ة is usual; shortest; then alphabetical so that the result is stable.
    """
    if not arabic_names:
        return None
    groups = Counter(_group_key(name) for name in arabic_names)
    target = _latin_skeleton(primary) if romanised_arabic else ""
    target_no_ain = _collapse(target.replace("6", ""))

    def rank(name: str) -> tuple[bool, float, int, float, bool, bool, bool, int, str]:
        skeleton = _arabic_skeleton(name) if romanised_arabic else ""
        return (
            not _is_plain_arabic(name),
            -_similarity(_collapse(skeleton.replace("6", "")), target_no_ain),
            -groups[_group_key(name)],
            -_similarity(skeleton, target),
            not name.startswith("ال"),
            any(ch in _HARAKAT for ch in name),
            name.endswith("ه"),
            len(name),
            name,
        )

    return min(arabic_names, key=rank)
