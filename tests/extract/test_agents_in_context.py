"""Who did it, read in context: a name after "that" is not the source a reporting verb names ("وأكد التقرير أن
تنظيم داعش قتل"); the agent of a killing is the agent of the executions that make it redundant; counted members
("eight fighters of the SDF") are casualties; the subject before an Arabic passive verb did nothing; the owner of a
car is no agent; a name glossed after a dash is the name before it; whom an operation combats is its target, who
holds an area its controller; the government a town is loyal to did nothing; doubted nationalities ("غارات يرجح أنها
روسية", "سورية أم روسية"); spellings and names the list lacked; "government forces" in a report on Iraq; opposition
factions as the Syrian National Army, only as perpetrators and only once it existed."""

from __future__ import annotations

from datetime import date

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract


def _run(text: str, lexicon: Lexicon, published: date | None = date(2021, 3, 1)) -> dict:  # type: ignore[type-arg]
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    return extract(text, language=language, published_on=published, lexicon=lexicon, places=NullPlaces())


def _roles(text: str, lexicon: Lexicon, published: date | None = date(2021, 3, 1)) -> dict[str, set[str]]:
    """Each actor's slug and the roles of its mentions."""
    out: dict[str, set[str]] = {}
    for actor in _run(text, lexicon, published)["actors"]:
        out.setdefault(actor["slug"], set()).add(actor["role"])
    return out


def _perpetrators(text: str, lexicon: Lexicon, published: date | None = date(2021, 3, 1)) -> set[str]:
    return {slug for slug, roles in _roles(text, lexicon, published).items() if "perpetrator" in roles}


@pytest.mark.parametrize(("text", "perpetrators"), [
    # the reporting verb's cue governs its subject, not the name after "أن"/"that"
    ("وذكر المرصد أن قوات النظام اعتقلت ثلاثة شبان من البلدة.", {"syrian-government-forces"}),
    # the agent of a killing told less precisely is the agent of the executions in its sentence
    ("وأكد التقرير أن تنظيم داعش قتل 12 مدنياً خلال إعدامات ميدانية في الريف.", {"islamic-state"}),
    # counted members are casualties: the strikes' agent did it
    ("Turkish airstrikes hit the town, and eight fighters of the SDF were killed in the strikes.",
     {"turkish-forces"}),
    # the subject before an Arabic verb in the passive did not do it
    ("وتواصل قسد تحقيقاتها لمعرفة هوية الرجلين اللذين قُتلا في تفجير السيارة.", set()),
    # the owner of a car, named after "تابعة لـ", did nothing
    ("استهدفت طائرة مسيرة تركية سيارة تابعة لقسد في المدينة ما أدى إلى مقتل شخصين.", {"turkish-forces"}),
    # the town loyal to the government names no perpetrator
    ("قصفت الفصائل بالقذائف بلدتي الفوعة وكفريا المواليتين للحكومة ما أدى إلى مقتل خمسة مدنيين.", set()),
])
def test_who_did_it_read_in_its_context(text: str, perpetrators: set[str], lexicon: Lexicon) -> None:
    assert _perpetrators(text, lexicon) == perpetrators


def test_commanders_killed_and_the_name_glossed_after_a_dash_are_the_victims_side(lexicon: Lexicon) -> None:
    roles = _roles("قتل طفلان وقياديان اثنان من قوات سوريا الديمقراطية - قسد بقصف طائرة مسيرة تركية.", lexicon)
    assert roles == {"syrian-democratic-forces": {"victim"}, "turkish-forces": {"perpetrator"}}


def test_whom_an_operation_combats_and_who_holds_an_area_are_not_perpetrators(lexicon: Lexicon) -> None:
    roles = _roles("اعتقلت قوات الأمن العراقية عشرات الرجال بدعوى مكافحة تنظيم داعش في المدينة.", lexicon)
    assert roles == {"iraqi-forces": {"perpetrator"}, "islamic-state": {"target"}}
    roles = _roles("قتل 25 مدنياً بغارات روسية على إدلب، فيما أصبحت الأحياء الشرقية في قبضة الجيش السوري.", lexicon)
    assert roles["syrian-government-forces"] == {"controller"} and "perpetrator" in roles["russian-forces"]


@pytest.mark.parametrize(("text", "perpetrators"), [
    ("قتل خمسة مدنيين جراء غارات يرجح أنها روسية على ريف إدلب.", {"russian-forces"}),
    ("استهدفت طائرة حربية لا يعلم إذا كانت سورية أم روسية مستشفى ميدانياً في الريف.",
     {"syrian-air-force", "russian-forces"}),
])
def test_a_doubted_nationality_names_the_possible_attackers(text: str, perpetrators: set[str],
                                                           lexicon: Lexicon) -> None:
    assert _perpetrators(text, lexicon) == perpetrators


@pytest.mark.parametrize(("text", "slug"), [
    ("واعتقلت قوات سوريا الديموقراطية عشرة شبان في الريف.", "syrian-democratic-forces"),
    ("اعتقلت قوات الأمن العراقية عشرات الرجال في المدينة.", "iraqi-forces"),
    ("صادرت فصائل إيرانية منازل المدنيين في البلدة.", "iran-backed-militias"),
    ("Government forces detained hundreds of men in Baghdad, Iraq, last year.", "iraqi-forces"),
])
def test_names_the_list_lacked(text: str, slug: str, lexicon: Lexicon) -> None:
    assert _perpetrators(text, lexicon) == {slug}


def test_opposition_factions_are_the_syrian_national_army_only_as_perpetrators(lexicon: Lexicon) -> None:
    assert _perpetrators("اعتقلت فصائل المعارضة 51 شخصاً في ريف حلب.", lexicon) == {"syrian-national-army"}
    # in passing they name no one, and before the Syrian National Army existed they are not it
    assert _roles("اغتيل شاب كان عنصراً سابقاً في فصائل المعارضة.", lexicon) == {}
    assert _roles("اعتقلت فصائل المعارضة 51 شخصاً في ريف حلب.", lexicon, date(2015, 5, 1)) == {}
