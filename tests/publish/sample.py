"""A small redacted collection made by hand, for the renderers' tests (the site, the PDF reports, the open data).

It stands for what ``services/publishing/collect.py`` returns; tests of the whole path build it from records instead.
Names and figures echo the kind of incident the sample report in ../shared/samples describes; none is copied.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tawthiq.domain.publication import (
    Figures,
    Profile,
    PublicAct,
    PublicActor,
    PublicEvent,
    PublicFile,
    PublicPlace,
    PublicSet,
    PublicSource,
    PublicVictim,
    VocabularyTerm,
    Withheld,
    WithheldEntry,
)

DEIR_EZ_ZOR = ("governorate", "Deir ez-Zor", "دير الزور")
ALBU_KAMAL_DISTRICT = ("district", "Albu Kamal", "البوكمال")
ARMY = PublicActor("actor-army", "Syrian Arab Army", "الجيش العربي السوري")
ISIS = PublicActor("actor-isis", "Islamic State", "تنظيم الدولة الإسلامية")
PIXEL = b"\x89PNG\r\n\x1a\n" + b"0" * 32  # stands for a derived copy's bytes


def sample_set() -> PublicSet:
    town = PublicPlace("place-albu-kamal", "Albu Kamal", "البوكمال", "village",
                       (("country", "Syria", "سوريا"), DEIR_EZ_ZOR, ALBU_KAMAL_DISTRICT),
                       ("Abu Kamal", "Al Bukamal"), 34.4536, 40.9367, "exact")
    district = PublicPlace("place-mayadin", "Mayadin", "الميادين", "district",
                           (("country", "Syria", "سوريا"), DEIR_EZ_ZOR), (), 35.0193, 40.4518, "region")
    shelling = PublicAct("act-1", "indiscriminate-attack", "Indiscriminate attack", "هجوم عشوائي",
                         "Explosions/Remote violence", "Shelling/artillery/missile attack",
                         "Artillery shells fell on the market.", date(2015, 7, 14), date(2015, 7, 14), "day",
                         (ARMY,), {"killed": 5, "injured": 20},
                         (PublicVictim(None, None, "female", "child"), PublicVictim(None, None, "male", "adult")),
                         "shoppers at the market")
    detention = PublicAct("act-2", "arbitrary-detention", "Arbitrary detention", "الاعتقال التعسفي",
                          "Violence against civilians", "Abduction/forced disappearance",
                          "Men were taken from a checkpoint.", date(2015, 7, 1), date(2015, 7, 31), "month",
                          (ISIS,), {"detained": 12})
    market = PublicEvent(
        "event-market", "Shelling of the Albu Kamal market", "Shells fell on the main market at noon.",
        date(2015, 7, 14), date(2015, 7, 14), "day", town, None, "verified", "confirmed",
        "the event's status is verified", "حالة الحدث: متحقَّق منه",
        {"killed": Figures(5, 7, 2), "injured": Figures(20, 20, 1)}, (shelling,),
        (PublicSource("Witness 4", "witness", "شاهد", "usually-reliable", "موثوق عادةً"),),
        (PublicFile("a" * 64, "image/png", "png", len(PIXEL), "metadata-stripped", "the market after the shelling"),),
        datetime(2015, 8, 2, 9, 0, tzinfo=UTC), counted=True)
    checkpoint = PublicEvent(
        "event-checkpoint", "Detentions at the Mayadin checkpoint", "", date(2015, 7, 1), date(2015, 7, 31),
        "month", district, None, "corroborated", "weak", "one source", "مصدر واحد",
        {"detained": Figures(12, 12, 1)}, (detention,), (), (), datetime(2015, 8, 5, 12, 0, tzinfo=UTC))
    vocab = {"violation-types": [
        VocabularyTerm("indiscriminate-attack", "Indiscriminate attack", "هجوم عشوائي"),
        VocabularyTerm("arbitrary-detention", "Arbitrary detention", "الاعتقال التعسفي")]}
    withheld = [WithheldEntry("source", "source-secret", Withheld.NO_CONSENT, event_id="event-market"),
                WithheldEntry("event", "event-draft", Withheld.NOT_VERIFIED)]
    return PublicSet(Profile("public", title_en="Public", title_ar="عام"), datetime(2015, 8, 5, 12, 0, tzinfo=UTC),
                     [market, checkpoint], withheld, vocab,
                     {"killed": Figures(5, 7, 2), "injured": Figures(20, 20, 1)},
                     read_file=lambda sha: PIXEL)
