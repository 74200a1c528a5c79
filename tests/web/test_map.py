"""The map: events by place with the current filters, within the caller's clearance, and its offline assets."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from tawthiq.config import Settings
from tawthiq.services.browse import eventview
from tawthiq.services.records.store import create_record, delete_record
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
from tests.web.conftest import Seeded, login


def _place_events(ws: Workspace) -> dict[str, str]:
    town = create_record(ws, kind="place", data={"name": "Albu Kamal", "name_ar": "البوكمال", "feature": "city",
                                                 "latitude": 34.45, "longitude": 40.92})
    ids = {}
    for level in ("public", "internal", "restricted"):
        ids[level] = create_record(ws, kind="event", data={"title": f"Raid on the {level} bakery", "place": town["id"],
                                                          "confidentiality": level, "start": "2016-01"})["id"]
    create_record(ws, kind="event", data={"title": "Raid on the riverside bakery", "latitude": 35.33,
                                          "longitude": 40.14, "confidentiality": "public"})
    create_record(ws, kind="event", data={"title": "Raid on the unplaced bakery", "confidentiality": "public"})
    return {"town": town["id"], **ids}


def _map_data(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert found
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_the_map_groups_matching_events_by_place_within_the_clearance(app_client: TestClient,
                                                                      web_ws: Workspace) -> None:
    ids = _place_events(web_ws)
    login(app_client, "analyst")  # public and internal
    found = app_client.get("/api/v1/map?q=bakery").json()
    by_place = {m["place_id"]: m for m in found["markers"]}
    town = by_place[ids["town"]]
    assert town["count"] == 2 and town["label_ar"] == "البوكمال"
    assert {e["title"] for e in town["events"]} == {"Raid on the public bakery", "Raid on the internal bakery"}
    cell = by_place[None]  # placed by its own coordinates, in a cell
    assert cell["count"] == 1 and abs(cell["latitude"] - 35.3) < 0.06
    assert found["unplaced"] == 1 and found["placed"] == 3
    page = app_client.get("/map?q=bakery")
    assert page.status_code == 200 and "restricted bakery" not in page.text
    assert [m["count"] for m in _map_data(page.text)["markers"]] == [2, 1]  # type: ignore[index]
    # the current filters apply: a status nobody has leaves the map empty
    assert app_client.get("/api/v1/map?q=bakery&status=verified").json()["markers"] == []


def test_a_viewer_sees_only_public_events_on_the_map(app_client: TestClient, web_ws: Workspace) -> None:
    ids = _place_events(web_ws)
    login(app_client, "viewer")
    town = next(m for m in app_client.get("/api/v1/map?q=bakery").json()["markers"] if m["place_id"] == ids["town"])
    assert town["count"] == 1 and town["events"][0]["title"] == "Raid on the public bakery"


def test_the_map_assets_are_served_by_the_application_itself(app_client: TestClient) -> None:
    login(app_client, "viewer")
    html = app_client.get("/map").text
    for asset in re.findall(r'(?:src|href|data-countries)="(/(?:vendor|static)/[^"]+)"', html):
        response = app_client.get(asset)
        assert response.status_code == 200, asset
    assert "Syria" in app_client.get("/vendor/world-atlas/countries-50m.json").text
    # only the folders the page needs: not the rest of node_modules
    assert app_client.get("/vendor/world-atlas/package.json").status_code == 200
    assert app_client.get("/vendor/leaflet/package.json").status_code == 404


def test_a_tile_server_is_off_by_default_and_allowed_by_the_policy_when_configured(web_settings: Settings,
                                                                                   seeded: Seeded) -> None:
    with TestClient(create_app(web_settings)) as client:
        login(client, "viewer")
        page = client.get("/map")
        assert (
            _map_data(page.text)["tiles"] is None and "img-src 'self' data:;" in page.headers["content-security-policy"]
        )
    tiles = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    with TestClient(create_app(web_settings.model_copy(update={"map_tiles_url": tiles}))) as client:
        login(client, "viewer")
        page = client.get("/map")
        assert _map_data(page.text)["tiles"] == tiles
        assert "img-src 'self' data: https://*.tiles.example.org;" in page.headers["content-security-policy"]


@pytest.mark.parametrize("as_list", [eventview.HIDDEN_AS_LIST, 0])  # few hidden parents (a list), many (a subquery)
def test_dashboard_counts_leave_out_acts_under_hidden_or_deleted_events(app_client: TestClient, web_ws: Workspace,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        as_list: int) -> None:
    monkeypatch.setattr(eventview, "HIDDEN_AS_LIST", as_list)
    hidden = create_record(web_ws, kind="event", data={"title": "Closed case", "confidentiality": "restricted"})
    gone = create_record(web_ws, kind="event", data={"title": "Entered twice", "confidentiality": "public"})
    for event in (hidden, gone):  # public acts and perpetrators, but under an event the analyst may not count
        act = create_record(web_ws, kind="act",
                            data={"event": event["id"], "type": "killing", "confidentiality": "public"})
        create_record(web_ws, kind="involvement", data={"act": act["id"], "actor": "islamic-state",
                                                        "degree": "carried-out", "confidentiality": "public"})
    delete_record(web_ws, kind="event", ident=gone["id"], reason="duplicate")

    def counts(role: str) -> tuple[int, int]:
        login(app_client, role)
        board = app_client.get("/api/v1/dashboard").json()
        killing = sum(n for en, _ar, n in board["by_type"] if en == "Killing")
        by_is = sum(n for en, _ar, n in board["by_perpetrator"] if en == "Islamic State")
        return killing, by_is

    assert counts("analyst") == (0, 0)
    assert counts("coordinator") == (1, 1)  # the restricted event's act; the deleted event's act nowhere


def test_a_title_with_markup_cannot_break_out_of_the_map_data(app_client: TestClient, web_ws: Workspace) -> None:
    town = create_record(web_ws, kind="place", data={"name": "Hajin", "latitude": 34.7, "longitude": 40.8})
    create_record(web_ws, kind="event", data={"title": "</script><script>alert(1)</script> bakery", "place": town["id"],
                                              "confidentiality": "public"})
    login(app_client, "viewer")
    html = app_client.get("/map?q=bakery").text
    assert "<script>alert(1)" not in html
    assert _map_data(html)["markers"][0]["events"][0]["title"].startswith("</script>")  # type: ignore[index]
