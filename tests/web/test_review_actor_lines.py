"""The review page shows an actor named several times in a report, in several roles, as one line with its roles
joined, decided once for all its mentions (issue 13)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.conftest import login

TEXT = ("Islamic State shelled Albu Kamal on 14 July 2015, killing four civilians. The town is controlled by "
        "Islamic State. Islamic State fighters were also seen.")


def _actor_lines(page: str) -> list[str]:
    return re.findall(r'<li class="suggestion [a-z]+" id="s-actors-\d+">.*?</li>', page, re.S)


def test_an_actor_named_in_several_roles_is_one_line_decided_once(app_client: TestClient) -> None:
    csrf = login(app_client, "documenter")
    answer = app_client.post("/reports", data={"csrf": csrf, "title": "Albu Kamal", "text": TEXT,
                                               "confidentiality": "internal"}, follow_redirects=False)
    report = answer.headers["location"].split("/")[2]
    mentions = app_client.get(f"/api/v1/reports/{report}/suggestions").json()["suggestions"]["actors"]
    assert [a["slug"] for a in mentions] == ["islamic-state"] * 3  # three mentions: perpetrator, controller twice
    assert {a["role"] for a in mentions} == {"perpetrator", "controller"}

    lines = _actor_lines(app_client.get(f"/reports/{report}/review").text)
    assert len(lines) == 1
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lines[0]))
    assert "Islamic State · Perpetrator , In control of the area" in text  # each role once
    assert 'name="actors:0+actors:1+actors:2" value="accept"' in lines[0]

    decided = app_client.post(f"/reports/{report}/review", follow_redirects=False, data={
        "csrf": csrf, "event": "new", "violations:0": "accept", "actors:0+actors:1+actors:2": "accept"})
    assert decided.status_code == 303 and decided.headers["location"].startswith("/events/")
    mentions = app_client.get(f"/api/v1/reports/{report}/suggestions").json()["suggestions"]["actors"]
    assert [a["status"] for a in mentions] == ["accepted"] * 3
    event = app_client.get(f"/api/v1/events/{decided.headers['location'].split('/')[2]}").json()
    perpetrators = [p["actor_id"] for act in event["acts"] for p in act["perpetrators"]]
    assert len(perpetrators) == 1  # one involvement, however many times the report names the actor
    lines = _actor_lines(app_client.get(f"/reports/{report}/review").text)
    assert len(lines) == 1 and 'class="suggestion accepted"' in lines[0]


def test_the_roles_of_an_actor_are_joined_in_arabic(app_client: TestClient) -> None:
    csrf = login(app_client, "documenter")
    assert app_client.post("/language", data={"csrf": csrf, "language": "ar"}, follow_redirects=False
                           ).status_code == 303
    answer = app_client.post("/reports", data={"csrf": csrf, "title": "البوكمال", "confidentiality": "internal",
                                               "text": "قصف تنظيم الدولة مدينة البوكمال في 14 تموز 2015 ما أدى إلى "
                                                       "مقتل أربعة مدنيين. المدينة تحت سيطرة تنظيم الدولة."},
                             follow_redirects=False)
    lines = _actor_lines(app_client.get(answer.headers["location"]).text)
    assert len(lines) == 1
    assert "<bdi>مرتكب</bdi></span>، <span class=\"role role-controller\"><bdi>مسيطر على المنطقة</bdi>" in lines[0]
