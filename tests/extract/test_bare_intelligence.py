"""The bare intelligence, "عناصر المخابرات" (Stop 16, second round, of docs/extraction.md): in a report on Syria the
men of the intelligence who did what the report tells are the Syrian state's security services; another state's
("عناصر المخابرات التركية") or any in a report on another state are no one named, and a passing mention names no
perpetrator. Every sentence here is made up."""

from __future__ import annotations

from datetime import date

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract
from tests.extract.readings import perpetrators, roles

_SERVICES = "syrian-government-security-services"


@pytest.mark.parametrize("text", [
    "وفي بلدة كناكر بريف دمشق اقتادت عناصر الاستخبارات أحد قادة الفصائل السابقين إلى مكان مجهول.",
    "اعتقل عناصر المخابرات ثلاثة شبان من أبناء مدينة درعا على حاجز قرب المدينة.",
    "داهمت عناصر من المخابرات منزل ناشط في حمص واعتقلته.",
])
def test_the_bare_intelligence_in_syria_is_the_states_services(lexicon: Lexicon, text: str) -> None:
    assert _SERVICES in perpetrators(text, lexicon)


@pytest.mark.parametrize("text", [
    "اعتقلت عناصر المخابرات التركية ثلاثة شبان سوريين في أنقرة.",
    "اعتقل عناصر المخابرات ثلاثة شبان في بغداد واقتادوهم إلى جهة مجهولة، بحسب مصادر عراقية.",
    "وأكد المحامي أن عناصر المخابرات يرتدون ملابس مدنية في شوارع دمشق.",
])
def test_another_states_intelligence_or_a_passing_mention_is_not_the_syrian_services(
        lexicon: Lexicon, text: str) -> None:
    assert _SERVICES not in roles(text, lexicon)
    # the same sentence with the bare words before an act in Syria names them
    assert _SERVICES in perpetrators("اعتقل عناصر المخابرات ثلاثة شبان في حماة.", lexicon)


def test_the_bare_intelligence_after_the_old_government_fell_names_no_one(lexicon: Lexicon) -> None:
    # In a report of 2025 the bare words may mean the new authorities' intelligence: no one is named, while the
    # old government's services named as such, and the army of the day, still are.
    text = "اعتقل عناصر المخابرات ثلاثة شبان من أبناء مدينة درعا. وقال إن مخابرات النظام اعتقلت أخاه عام 2013."
    found = {a["slug"] for a in extract(text, language="ar", published_on=date(2025, 3, 1), lexicon=lexicon,
                                        places=NullPlaces())["actors"]}
    bare = {a["slug"] for a in extract(text.split(". ")[0], language="ar", published_on=date(2025, 3, 1),
                                       lexicon=lexicon, places=NullPlaces())["actors"]}
    assert bare == set()
    assert _SERVICES in found  # "مخابرات النظام": the former government's, named
    army = extract("اعتقل الجيش ثلاثة شبان من أبناء مدينة درعا.", language="ar", published_on=date(2025, 3, 1),
                   lexicon=lexicon, places=NullPlaces())["actors"]
    assert [a["slug"] for a in army] == ["syrian-government-forces-post-2024"]
