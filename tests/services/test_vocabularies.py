"""Shipped vocabularies: required concepts, two languages, hierarchy, ACLED mappings, upgrades keep history."""

import pytest
from sqlalchemy import select, update

from tawthiq.db.models import Actor, Concept, Vocabulary
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import Writer, create_record, record_history
from tawthiq.services.records.vocabularies import list_concepts, list_vocabularies, load_shipped, shipped_vocabularies
from tawthiq.services.workspace import Workspace

VIOLATIONS = (
    "killing extrajudicial-execution torture arbitrary-detention enforced-disappearance abduction forced-displacement "
    "forced-recruitment use-of-human-shields sexual-violence siege attack-on-civilian-objects attack-on-medical-care "
    "attack-on-education looting property-destruction confiscation restriction-of-communication attack-on-journalists "
    "restriction-of-movement collective-punishment desecration-of-the-dead child-recruitment chemical-attack "
    "indiscriminate-attack"
).split()
METHODS = "airstrike shelling firearms beheading explosive-device chemical-weapon raid checkpoint decree".split()
VOCABULARIES = ("violation-types", "methods", "actor-kinds", "source-kinds", "reliability", "source-connections",
                "involvement-degrees", "event-relations")


def test_required_vocabularies_and_concepts_are_loaded(ws: Workspace) -> None:
    slugs = {v["slug"] for v in list_vocabularies(ws)}
    assert set(VOCABULARIES) <= slugs
    assert set(VIOLATIONS) <= {c["slug"] for c in list_concepts(ws, "violation-types")}
    assert set(METHODS) <= {c["slug"] for c in list_concepts(ws, "methods")}


def test_every_concept_has_english_and_arabic_labels_and_parents_come_first(ws: Workspace) -> None:
    for vocabulary in VOCABULARIES:
        seen: set[str] = set()
        for concept in list_concepts(ws, vocabulary):
            assert concept["label_en"] and concept["label_ar"]
            assert any("\u0600" <= ch <= "\u06ff" for ch in concept["label_ar"])
            assert concept["parent"] is None or concept["parent"] in seen
            seen.add(concept["slug"])


def test_violation_types_are_hierarchical_and_mapped_to_acled() -> None:
    violations = next(v for v in shipped_vocabularies() if v["vocabulary"] == "violation-types")
    assert any(c["parent"] for c in violations["concepts"])
    mapped = {c["slug"]: c["mappings"] for c in violations["concepts"]}
    assert mapped["chemical-attack"]["acled_sub_event_type"] == "Chemical weapon"
    assert mapped["abduction"]["acled_event_type"] == "Violence against civilians"


@pytest.mark.parametrize("alias", ["IS", "ISIS", "ISIL", "Daesh", "داعش", "تنظيم الدولة"])
def test_islamic_state_is_known_by_its_aliases_in_both_scripts(ws: Workspace, alias: str) -> None:
    with ws.reading() as session:
        actor = session.execute(select(Actor).where(Actor.slug == "islamic-state")).scalar_one()
    assert alias in actor.aliases


def test_the_main_armed_actors_of_every_side_are_shipped(ws: Workspace) -> None:
    with ws.reading() as session:
        slugs = set(session.execute(select(Actor.slug)).scalars())
    assert {"islamic-state", "syrian-government-forces", "russian-forces", "syrian-democratic-forces",
            "hayat-tahrir-al-sham", "syrian-national-army", "us-led-coalition", "turkish-forces",
            "iran-backed-militias", "hezbollah"} <= slugs


def test_users_can_extend_the_actor_list(ws: Workspace) -> None:
    actor = create_record(ws, kind="actor", data={"name": "Local checkpoint militia", "kind": "militia",
                                                  "parent": "syrian-government-forces", "aliases": ["حاجز القرية"]})
    assert actor["kind_id"] == "actor-kinds:militia"


def test_a_newer_vocabulary_version_updates_concepts_and_keeps_their_history(ws: Workspace) -> None:
    with ws.transaction() as session:
        session.execute(update(Vocabulary).where(Vocabulary.slug == "methods").values(version=0))
    with ws.transaction() as session:
        concept = session.get(Concept, "methods:airstrike")
        assert concept is not None
        writer = Writer(session, "tester")
        current = {c.key: getattr(concept, c.key) for c in Concept.__table__.columns}
        session.expunge(concept)
        writer.change(KINDS["concept"], current, {"label_en": "Old label"}, change="update")
        writer.flush()
    with ws.transaction() as session:
        result = load_shipped(session, Writer(session, "upgrader"))
    assert result.concepts_updated >= 1
    history = record_history(ws, kind="concept", ident="methods:airstrike")
    assert history[-1].change == "vocabulary-upgrade" and history[-1].changed_by == "upgrader"
    assert {c.field for c in history[-1].changes} >= {"label_en"}


def test_loading_again_changes_nothing(ws: Workspace) -> None:
    with ws.transaction() as session:
        result = load_shipped(session, Writer(session, "tester"))
    assert (result.vocabularies, result.concepts_added, result.concepts_updated, result.actors_added) == (0, 0, 0, 0)
