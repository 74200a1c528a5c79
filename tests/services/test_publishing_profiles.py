"""Publication profiles (issue 15 §1): the built-in ones, versions saved by coordinators, a saved profile in place
of a built-in one, and refusals that name the key in English and Arabic and save nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tawthiq.db.publishing import PublicationProfile
from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.policy import Channel, Forbidden, Role
from tawthiq.services.accounts.users import Account
from tawthiq.services.publishing.collect import collect
from tawthiq.services.publishing.profiles import (
    builtin_profiles,
    delete_profile,
    list_profiles,
    load_profile,
    profile_data,
    profile_history,
    restore_profile,
    save_profile,
    show_profile,
)
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace

COORDINATOR = Account("coordinator-id", "coordinator", Role.COORDINATOR, "en", Channel.CLI)
ANALYST = Account("analyst-id", "analyst", Role.ANALYST, "en", Channel.CLI)


def saved_rows(ws: Workspace) -> int:
    with ws.reading() as session:
        return int(session.scalar(select(func.count()).select_from(PublicationProfile)) or 0)


def test_the_built_in_profiles_say_what_the_issue_asks(ws: Workspace) -> None:
    public, minimal = load_profile(ws, "public"), load_profile(ws, "minimal")
    assert (public.min_status, public.sources, public.victims_named, public.place_level, public.evidence) == (
        "corroborated", "pseudonyms", False, "exact", "blurred")
    assert {"sexual-violence", "torture", "enforced-disappearance", "arbitrary-detention"} <= public.sensitive_types
    assert (public.sensitive_place_level, public.date_level) == ("district", "day")
    assert (minimal.min_status, minimal.sources, minimal.place_level, minimal.date_level, minimal.evidence) == (
        "verified", "none", "district", "month", "none")
    assert not minimal.fields["victim"] and not minimal.fields["source"]
    assert "identity" not in public.fields["source"]


@pytest.mark.parametrize(("change", "key", "words"), [
    ({"fields": {"source": ["pseudonym", "identity"]}}, "fields.source", "\"identity\" may never be published"),
    ({"fields": {"person": ["protected_notes"]}}, "fields.person", "is not a kind that may be published"),
    ({"colour": "red"}, "colour", "is not a profile key"),
    ({"place_level": "street"}, "place_level", "must be one of exact, village"),
    ({"date_level": "hour"}, "date_level", "must be one of day, week, month, year"),
    ({"min_status": "confirmed"}, "min_status", "must be one of unverified, corroborated, verified"),
    ({"admitted_grades": ["fair", "strong"]}, "admitted_grades", "unknown: strong"),
    ({"sensitive_types": ["torture", "tortures"]}, "sensitive_types", "unknown violation types: tortures"),
    ({"evidence": "raw"}, "evidence", "must be one of none, stripped, blurred"),
    ({"victims_named": "yes"}, "victims_named", "must be true or false"),
    ({"name": "Public Site!"}, "name", "lower-case letters"),
])
def test_a_bad_key_is_refused_naming_it_in_both_languages_and_nothing_is_saved(
        ws: Workspace, change: dict[str, Any], key: str, words: str) -> None:
    data = {**profile_data(builtin_profiles()["public"]), "name": "field-site", **change}
    with pytest.raises(InvalidInput) as caught:
        save_profile(ws, COORDINATOR, data)
    [problem] = [p for p in caught.value.problems if p.field == key]
    assert words in problem.reason and problem.reason_ar and problem.reason_ar != problem.reason
    assert key in str(caught.value) and saved_rows(ws) == 0


def test_saving_makes_a_new_version_and_keeps_the_earlier_ones(ws: Workspace) -> None:
    data = {**profile_data(builtin_profiles()["minimal"]), "name": "monthly", "title_en": "Monthly"}
    first = save_profile(ws, COORDINATOR, data)
    second = save_profile(ws, COORDINATOR, {**data, "date_level": "year", "version": 40})  # a file's version is ignored
    assert (first.version, second.version) == (1, 2)
    assert load_profile(ws, "monthly").date_level == "year"
    assert show_profile(ws, COORDINATOR, "monthly", 1).date_level == "month"
    history = profile_history(ws, COORDINATOR, "monthly")
    assert [(v.version, v.origin, v.saved_by) for v in history] == [(1, "saved", "coordinator"),
                                                                  (2, "saved", "coordinator")]
    with pytest.raises(NotFound):
        profile_history(ws, COORDINATOR, "weekly")


def test_a_saved_profile_takes_the_place_of_the_built_in_one_of_the_same_name(ws: Workspace) -> None:
    ident = create_record(ws, kind="event", data={"title": "Shelling", "start": "2015-07-14",
                                                  "status": "corroborated", "confidentiality": "public"})["id"]
    assert [e.id for e in collect(ws, COORDINATOR, profile="public").events] == [ident]
    stricter = save_profile(ws, COORDINATOR, {**profile_data(builtin_profiles()["public"]), "min_status": "verified"})
    assert stricter.version == 2  # after the built-in version 1
    assert collect(ws, COORDINATOR, profile="public").events == []
    listed = {v.name: (v.version, v.origin) for v in list_profiles(ws, COORDINATOR)}
    assert listed == {"minimal": (1, "built-in"), "public": (2, "saved")}
    assert [v.origin for v in profile_history(ws, COORDINATOR, "public")] == ["built-in", "saved"]


def test_only_admins_and_coordinators_save_or_list_profiles(ws: Workspace) -> None:
    with pytest.raises(Forbidden):
        save_profile(ws, ANALYST, profile_data(builtin_profiles()["public"]))
    with pytest.raises(Forbidden):
        list_profiles(ws, ANALYST)
    assert saved_rows(ws) == 0
    with pytest.raises(NotFound):
        load_profile(ws, "nowhere")


def test_a_saved_profile_is_deleted_with_a_reason_and_restored_with_every_version_kept(ws: Workspace) -> None:
    data = {**profile_data(builtin_profiles()["minimal"]), "name": "monthly", "date_level": "year"}
    save_profile(ws, COORDINATOR, data)
    with pytest.raises(InvalidInput) as refused:
        delete_profile(ws, COORDINATOR, "monthly", reason="  ")
    assert refused.value.problems[0].field == "reason" and refused.value.problems[0].reason_ar
    assert load_profile(ws, "monthly").date_level == "year"  # nothing changed

    gone = delete_profile(ws, COORDINATOR, "monthly", reason="replaced by the quarterly profile")
    assert (gone.version, gone.deleted) == (2, "replaced by the quarterly profile")
    with pytest.raises(NotFound):
        load_profile(ws, "monthly")
    with pytest.raises(NotFound):
        collect(ws, COORDINATOR, profile="monthly")
    assert {v.name: v.deleted for v in list_profiles(ws, COORDINATOR)}["monthly"] == "replaced by the quarterly profile"
    with pytest.raises(InvalidInput):
        delete_profile(ws, COORDINATOR, "monthly", reason="twice")

    back = restore_profile(ws, COORDINATOR, "monthly", reason="the quarterly profile was dropped")
    assert (back.version, back.deleted) == (3, None)
    assert load_profile(ws, "monthly").date_level == "year"  # the keys of the last version before the deletion
    assert [v.deleted for v in profile_history(ws, COORDINATOR, "monthly")] == [
        None, "replaced by the quarterly profile", None]
    with pytest.raises(InvalidInput):
        restore_profile(ws, COORDINATOR, "monthly", reason="not deleted")
    with pytest.raises(Forbidden):
        delete_profile(ws, ANALYST, "monthly", reason="no right")


def test_deleting_a_saved_public_profile_brings_back_the_built_in_one_which_cannot_be_deleted(ws: Workspace) -> None:
    with pytest.raises(InvalidInput) as refused:
        delete_profile(ws, COORDINATOR, "public", reason="try")
    assert "built-in" in refused.value.problems[0].reason
    save_profile(ws, COORDINATOR, {**profile_data(builtin_profiles()["public"]), "min_status": "verified"})
    delete_profile(ws, COORDINATOR, "public", reason="back to the shipped rules")
    assert load_profile(ws, "public") == builtin_profiles()["public"]
    listed = {v.name: (v.version, v.origin) for v in list_profiles(ws, COORDINATOR)}
    assert listed["public"] == (1, "built-in")
