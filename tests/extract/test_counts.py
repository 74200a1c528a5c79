from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.counts import find_counts
from tawthiq.extract.dates import find_dates
from tawthiq.extract.spans import Document


def _counts(text: str, lexicon: Lexicon) -> list[tuple[str, int]]:
    doc = Document(text, "en", None)
    hits = find_counts(doc, lexicon, find_dates(doc))
    for hit in hits:
        assert text[hit["start"] : hit["end"]] == hit["text"]
    return [(h["kind"], h["value"]) for h in hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The shelling killed at least 12 civilians and injured 20 others.", [("killed", 12), ("injured", 20)]),
        ("Three people were killed and five wounded.", [("killed", 3), ("injured", 5)]),
        # the lowest figure "more than 30" allows
        ("More than 30 young men were arrested at the checkpoint.", [("detained", 31)]),
        ("Hundreds of families were displaced from the village.", [("displaced", 100)]),
        ("نزوح 3000 عائلة من المدينة", [("displaced", 3000)]),
        ("Several people were killed, among them two women.", [("killed", 3), ("killed", 2)]),
        ("Tens of thousands of residents have fled.", [("displaced", 10000)]),
        ("Dozens of residents were detained.", [("detained", 12)]),
        ("Between 10 and 15 people died in the raid.", [("killed", 10)]),
        ("Twenty-five civilians were wounded.", [("injured", 25)]),
        ("two hundred and fifty people were displaced", [("displaced", 250)]),
        ("Some 1,200 people fled the village.", [("displaced", 1200)]),
        ("At least 1.5 million people have been displaced.", [("displaced", 1500000)]),
        ("One civilian was killed.", [("killed", 1)]),
        ("مقتل 12 مدنياً وإصابة خمسة عشر آخرين", [("killed", 12), ("injured", 15)]),
        ("اعتقلت قوات النظام عشرات الشبان", [("detained", 12)]),
        ("سقوط 12 قتيلاً و20 جريحاً", [("killed", 12), ("injured", 20)]),
        ("مقتل خمسة وعشرين شخصاً", [("killed", 25)]),
        ("مقتل شخصين في القصف", [("killed", 2)]),
        ("نزوح ثلاثة آلاف شخص", [("displaced", 3000)]),
        ("اعتقال ما لا يقل عن ٣٠ شاباً", [("detained", 30)]),
    ],
)
def test_victim_figures_are_read_as_the_lowest_credible_figure(text: str, expected: list[tuple[str, int]],
                                                               lexicon: Lexicon) -> None:
    assert _counts(text, lexicon) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Up to 20 people were displaced.",  # an upper bound states no lowest figure
        "Less than ten people were arrested.",
        "Five families lost relatives in the attack that killed them.",  # families count only as displaced
        "Yamen Sweid, 26, was killed.",  # an age
        "قتل الشاب محمد (22 عاماً)",
        "The blast injured three Russian soldiers.",  # combatants are not counted
        "The town lies 5 km away; a 12-year-old boy was killed.",
        "They were killed in 2015.",
        "He was killed on 14 July 2015.",
        "Three rockets killed the fighters.",
        "One of the fighters was killed.",
        "Fighters of the 25th Division killed him.",
    ],
)
def test_figures_of_things_bounds_and_dates_are_not_counts(text: str, lexicon: Lexicon) -> None:
    assert _counts(text, lexicon) == []


def test_a_zero_is_not_a_victim_figure() -> None:
    from tawthiq.extract import Lexicon, NullPlaces, extract

    result = extract("killed 0", language="en", published_on=None, lexicon=Lexicon.shipped(), places=NullPlaces())
    assert result["counts"] == []


def _counts_in(text: str, lexicon: Lexicon) -> list[tuple[str, int]]:
    doc = Document(text, "en" if text.isascii() else "ar", None)
    return [(h["kind"], h["value"]) for h in find_counts(doc, lexicon, find_dates(doc))]


@pytest.mark.parametrize(("text", "expected"), [
    # الاثنين is Monday, not two; الأحد is Sunday, not one
    ("قتل مدنيون الاثنين في القصف على البلدة", []),
    ("قتل مدنيون يوم الأحد في القصف على البلدة", []),
    ("قتل مدنيان يوم الاثنين و3 آخرون يوم الخميس", [("killed", 2)]),
    # a day beside its month is a date, whatever the dates step makes of it
    ("Shelling on October 12 killed civilians in the town.", []),
    ("Shelling killed 12 civilians on October 12.", [("killed", 12)]),
    # a number inside the name of an outlet is no figure
    ("شبكة شام 24: مقتل مدنيين في القصف", []),
    ("أفاد موقع تلفزيون سوريا 24 بمقتل مدنيين", []),
    # a share and fighters are no victims
    ("وأشار التقرير إلى أن نسبة ضحايا المحافظة 39% من حصيلة الضحايا", []),
    ("وقالت الوكالة إن 18 قتيلا سقطوا من قوات الحشد جراء الضربات", []),
    ("مقتل 12 شخصا في صفوف المدنيين", [("killed", 12)]),
    # a dual with its conjunction is a breakdown of two
    ("ما أسفر عن مقتل 11 مدنيا بينهم خمسة أطفال وسيدتان", [("killed", 11), ("killed", 5), ("killed", 2)]),
    # أسرة (a family) is no captivity (أسر)
    ("وقتل في الانفجار طفلين من أسرة واحدة", [("killed", 2)]),
])
def test_only_numbers_bound_to_casualty_nouns_are_counts(text: str, expected: list[tuple[str, int]],
                                                         lexicon: Lexicon) -> None:
    assert _counts_in(text, lexicon) == expected
