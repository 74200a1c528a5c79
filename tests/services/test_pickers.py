"""The place type-ahead on the packaged gazetteer: what the user meant first, the areas it lies in shown, nothing above
the reader's clearance offered or named."""

from collections.abc import Iterator

import pytest

from tawthiq.config import Settings
from tawthiq.domain.policy import Channel, Role
from tawthiq.services.accounts.users import Account
from tawthiq.services.browse.pickers import NameIndex, place_label, suggest
from tawthiq.services.coding.gazetteer import load_default_gazetteer
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import create_record, list_records
from tawthiq.services.workspace import Workspace, open_workspace
from tests.support import OWNER

VIEWER = Account("viewer-id", "viewer", Role.VIEWER, "en", Channel.WEB)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One SQLite workspace with the default gazetteer (SY, IQ, TR, LB, JO), shared by the tests of this module."""
    ws = open_workspace(Settings(data_dir=tmp_path_factory.mktemp("pickers") / "data", user="tester"))
    init_workspace(ws)
    load_default_gazetteer(ws, OWNER)
    yield ws
    ws.close()


def _place(ws: Workspace, name: str, parent: str) -> str:
    [found] = [p["id"] for p in list_records(ws, kind="place", where={"name": name})
               if list_records(ws, kind="place", where={"id": p["parent_id"], "name": parent})]
    return str(found)


@pytest.mark.parametrize("typed", ["Douma", "دوما", "Duma", "douma", "دوم"])
def test_douma_in_either_script_offers_the_douma_of_rif_dimashq_first(region: Workspace, typed: str) -> None:
    first = suggest(region, OWNER, kind="place", text=typed)[0]
    assert (first.label, first.label_ar) == ("Dūmā", "دوما")
    assert (first.detail, first.detail_ar) == ("Rif Dimashq · Syria", "ريف دمشق · سوريا")


def test_names_spelled_as_typed_come_before_names_that_only_share_a_skeleton(region: Workspace) -> None:
    # "Douma" and "Dim" (a Turkish village) share a consonant skeleton; Syria's places come before the region's
    choices = suggest(region, OWNER, kind="place", text="Douma", limit=20)
    countries = [c.detail.rsplit(" · ", 1)[-1] for c in choices]
    assert countries[0] == "Syria" and "Turkey" in countries
    assert countries.index("Turkey") > max(i for i, c in enumerate(countries) if c == "Syria")


def test_a_syrian_namesake_comes_first_unless_the_record_lies_elsewhere(region: Workspace) -> None:
    assert [c.detail for c in suggest(region, OWNER, kind="place", text="Sinjar")][:2] == [
        "Idlib · Syria", "Nineveh · Iraq"]
    mosul = _place(region, "Mosul", "Nineveh Governorate")
    near_mosul = suggest(region, OWNER, kind="place", text="Sinjar", near=[mosul])
    assert near_mosul[0].detail == "Nineveh · Iraq"


def test_the_areas_already_on_the_record_decide_between_two_syrian_villages(region: Workspace) -> None:
    # two Şūrān: a town in Hama (the bigger kind of place comes first) and a village in Aleppo
    assert suggest(region, OWNER, kind="place", text="Suran")[0].detail == "Hama · Syria"
    aleppo = _place(region, "Aleppo", "Aleppo Governorate")
    assert suggest(region, OWNER, kind="place", text="Suran", near=[aleppo])[0].detail == "Aleppo · Syria"
    assert suggest(region, OWNER, kind="place", text="صوران", near=[aleppo])[0].detail_ar == "حلب · سوريا"


def test_a_place_above_the_clearance_is_never_offered_named_or_used_to_rank(region: Workspace) -> None:
    secret = create_record(region, kind="place", data={"name": "Qaryat Zulfa Safehouse Area", "feature": "region",
                                                       "country_code": "SY", "confidentiality": "restricted"})
    inside = create_record(region, kind="place", data={"name": "Qaryat Zulfa", "feature": "village",
                                                       "parent": secret["id"], "confidentiality": "public"})
    index = NameIndex()
    assert [c.id for c in suggest(region, OWNER, kind="place", text="Qaryat Zulfa", index=index)] == [
        inside["id"], secret["id"]]
    shown = suggest(region, VIEWER, kind="place", text="Qaryat Zulfa", index=index)
    assert [(c.id, c.detail) for c in shown] == [(inside["id"], "")]  # the restricted area is not in the trail
    assert place_label(region, VIEWER, ident=secret["id"], index=index) == ""
    assert place_label(region, OWNER, ident=inside["id"], index=index) == "Qaryat Zulfa · Qaryat Zulfa Safehouse Area"
    # a hidden place given as `near` counts as none: the ranking tells nothing about it
    for typed in ("Suran", "Sinjar"):
        assert suggest(region, VIEWER, kind="place", text=typed, near=[secret["id"]], index=index) == suggest(
            region, VIEWER, kind="place", text=typed, index=index)


def test_a_chosen_place_is_shown_with_its_areas_in_the_readers_language(region: Workspace) -> None:
    douma = suggest(region, OWNER, kind="place", text="Douma")[0].id
    assert place_label(region, OWNER, ident=douma) == "Dūmā · Rif Dimashq · Syria"
    assert place_label(region, OWNER, ident=douma, language="ar") == "دوما · ريف دمشق · سوريا"
    assert place_label(region, OWNER, ident="no-such-place") == ""
