"""Phrasings of monitoring reports that the widened trigger lexicons must find, and look-alikes they must not.

The sentences are written for these tests (not taken from the evaluation sets): passives, inflections, Arabic
particles and broken plurals, and context rules (an attack on a camp, a bakery, a hospital).
"""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon
from tawthiq.extract.actors import find_actors
from tawthiq.extract.spans import Document
from tawthiq.extract.violations import find_violations


def _types(text: str, lexicon: Lexicon) -> set[str]:
    language = "ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en"
    doc = Document(text, language, None)
    return {h["type"] for h in find_violations(doc, lexicon, find_actors(doc, lexicon), [])}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Four farmers were summarily shot near the checkpoint.", {"extrajudicial-execution"}),
        ("A man from Douma was found dead under torture in the branch.", {"death-under-torture"}),
        ("A teacher died as a result of torture in a regime prison.", {"death-under-torture"}),
        ("Two boys were fatally shot by a sniper on Tuesday.", {"killing"}),
        ("The car was hit with a guided missile, killing its driver.", {"killing"}),
        ("Government forces heavily shelled the village overnight.", {"indiscriminate-attack"}),
        ("Dozens of young men were conscripted at checkpoints.", {"forced-recruitment"}),
        ("Fighters looted shops in the old market.", {"looting"}),
        ("The faction confiscated property belonging to displaced families.", {"confiscation"}),
        ("About 40,000 people remain besieged in the town.", {"siege"}),
        ("The group recruited boys aged 15 and 16 into its ranks.", {"child-recruitment"}),
        ("Residents were evicted from their homes by the militia.", {"forced-displacement"}),
        ("An airstrike hit a displacement camp near the border.", {"attack-on-civilian-objects"}),
        ("Mortar shells struck a bakery in the town, wounding six people.",
         {"indiscriminate-attack", "attack-on-civilian-objects", "injury"}),
        ("Gunmen bundled the pharmacist into a car and demanded 20,000 dollars for his release.", {"hostage-taking"}),
        ("His family has had no news of him and his whereabouts remain unknown.", {"enforced-disappearance"}),
        ("قضى الشاب تحت التعذيب في أحد الفروع الأمنية.", {"death-under-torture"}),
        ("اقتادته دورية إلى فرع الأمن العسكري.", {"arbitrary-detention"}),
        ("لقي طفلان مصرعهما جراء سقوط قذيفة على الحي.", {"killing", "indiscriminate-attack"}),
        ("أودى القصف العشوائي بحياة امرأة وطفليها.", {"killing", "indiscriminate-attack"}),
        ("استهدفت طائرة مسيرة مخيماً للنازحين.", {"attack-on-civilian-objects"}),
        ("نهب عناصر الفصيل محتويات المنازل.", {"looting"}),
        ("صادرت الفصائل منازل المهجرين وأراضيهم.", {"confiscation"}),
        ("ساقت الشرطة العسكرية عشرات الشبان إلى الخدمة الإلزامية.", {"forced-recruitment"}),
        ("هجّرت قوات النظام سكان القرية قسراً.", {"forced-displacement"}),
        ("تفرض قوات النظام حصاراً خانقاً على البلدة.", {"siege"}),
        ("وتعرض الشاب للصعق بالكهرباء أثناء التحقيق.", {"torture"}),
        ("جُنِّد ثلاثة قاصرين دون سن الثامنة عشرة.", {"child-recruitment"}),
    ],
)
def test_phrasings_of_monitoring_reports_are_found(text: str, expected: set[str], lexicon: Lexicon) -> None:
    assert _types(text, lexicon) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # "دير" is a monastery only on its own, not in the name of Deir ez-Zor
        ("قصفت الطائرات مدينة دير الزور.", "attack-on-places-of-worship"),
        # a statement issued by the civil defence is no attack on it
        ("وقال بيان صادر عن الدفاع المدني إن فرقه أخمدت حريقاً في السوق.", "attack-on-civil-defence"),
        # traces of torture, not antiquities
        ("وظهرت على جثته آثار التعذيب.", "attack-on-cultural-property"),
        # the displaced are named, nobody is displaced here
        ("وزعت المنظمة سلالاً غذائية على المهجرين.", "forced-displacement"),
        # a home where someone was arrested is not a civilian object under attack
        ("Security forces raided his home and arrested him.", "attack-on-civilian-objects"),
        # the wounded treated by medics: no attack on medical care
        ("Paramedics treated the wounded at the scene.", "attack-on-medical-care"),
        # "million" is no flour mill
        ("Shelling caused damage worth a million dollars.", "attack-on-civilian-objects"),
    ],
)
def test_look_alikes_are_not_suggested(text: str, absent: str, lexicon: Lexicon) -> None:
    assert absent not in _types(text, lexicon)
