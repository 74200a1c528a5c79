"""Every route × every role × every confidentiality level: a record above the role's clearance is never shown,
edited or hinted at; a role without the right to write is refused; protected identities never leave."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.policy import CLEARANCE, Role
from tawthiq.services.records.store import create_record, delete_record
from tawthiq.services.workspace import Workspace
from tawthiq.web.app import ROUTERS
from tests.web.conftest import LEVELS, Seeded, login
from tests.web.test_linkage_pages import seed_pairs

LEVEL_ORDER = list(Confidentiality)
EDIT_ALL = {Role.ADMIN, Role.COORDINATOR}
# Routes that take no record: reachable by every logged-in role; what they list is checked below.
UNSCOPED = {
    ("GET", "/"), ("GET", "/events"), ("GET", "/events/new"), ("POST", "/events"), ("GET", "/login"),
    ("POST", "/login"), ("POST", "/logout"), ("POST", "/language"), ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"), ("GET", "/api/v1/me"), ("GET", "/api/v1/dashboard"), ("GET", "/api/v1/search"),
    ("GET", "/api/v1/events"), ("POST", "/api/v1/events"), ("GET", "/api/v1/records/{kind}"), ("GET", "/reports/new"),
    ("POST", "/reports"), ("GET", "/timeline"), ("POST", "/api/v1/reports"), ("GET", "/map"), ("GET", "/api/v1/map"),
    ("GET", "/api/v1/pick/{kind}"), ("GET", "/records"), ("GET", "/records/{kind}/new"),
    ("GET", "/me/two-factor"), ("POST", "/me/two-factor"), ("POST", "/me/two-factor/confirm"),
    ("POST", "/api/v1/me/two-factor"), ("POST", "/api/v1/me/two-factor/confirm"),
    ("GET", "/me/password"), ("POST", "/me/password"), ("POST", "/api/v1/me/password"),
    ("GET", "/deleted"),  # the deleted records within the clearance: test_corrections
    ("GET", "/events.csv"), ("GET", "/events.jsonl"),  # the event list's search: what they hold, test_web_export
}
# Routes for admins only, whatever the record: every other role gets 403.
ADMIN_ONLY: dict[tuple[str, str], Callable[[TestClient, str], int]] = {
    ("GET", "/admin/users"): lambda c, _csrf: c.get("/admin/users").status_code,
    ("POST", "/admin/users"): lambda c, csrf: c.post("/admin/users", follow_redirects=False, data={
        "csrf": csrf, "username": "newcomer", "role": "viewer", "password": "a long enough password"}).status_code,
    ("POST", "/admin/users/{username}"): lambda c, csrf: c.post("/admin/users/viewer", follow_redirects=False, data={
        "csrf": csrf, "role": "viewer"}).status_code,
    ("GET", "/admin/audit"): lambda c, _csrf: c.get("/admin/audit").status_code,
    ("GET", "/api/v1/admin/users"): lambda c, _csrf: c.get("/api/v1/admin/users").status_code,
    ("POST", "/api/v1/admin/users"): lambda c, csrf: c.post("/api/v1/admin/users", headers={"X-CSRF-Token": csrf},
                                                            json={"username": "newcomer2", "role": "viewer",
                                                                  "password": "a long enough password"}).status_code,
    ("PATCH", "/api/v1/admin/users/{username}"): lambda c, csrf: c.patch(
        "/api/v1/admin/users/viewer", headers={"X-CSRF-Token": csrf}, json={"role": "viewer"}).status_code,
    ("GET", "/api/v1/admin/audit"): lambda c, _csrf: c.get("/api/v1/admin/audit").status_code,
    ("GET", "/admin/sessions"): lambda c, _csrf: c.get("/admin/sessions").status_code,
    ("POST", "/admin/users/{username}/revoke-sessions"): lambda c, csrf: c.post(
        "/admin/users/analyst/revoke-sessions", data={"csrf": csrf}).status_code,
    ("POST", "/api/v1/users/{username}/revoke-sessions"): lambda c, csrf: c.post(
        "/api/v1/users/analyst/revoke-sessions", headers={"X-CSRF-Token": csrf}).status_code,
    ("POST", "/admin/users/{username}/password"): lambda c, csrf: c.post(
        "/admin/users/viewer/password", data={"csrf": csrf}).status_code,
    ("POST", "/api/v1/admin/users/{username}/password"): lambda c, csrf: c.post(
        "/api/v1/admin/users/analyst/password", headers={"X-CSRF-Token": csrf}, json={}).status_code,
}
# Routes of protection for admins and coordinators only: revealing identities, resolving sync conflicts.
# route -> (how to call it, what those two roles get); every other role gets 403. A reveal answers 503 where
# the server does not hold the organisation key (the walk's data directory is a copy without it), and there
# is no conflict to resolve here (422): both mean the role was let through.
PROTECTORS = {Role.ADMIN, Role.COORDINATOR}
PROFILE = json.dumps({"name": "public", "title_en": "Walked", "fields": {"event": ["title"]}})
PROTECTORS_ONLY: dict[tuple[str, str], tuple[Callable[[TestClient, Seeded, str], int], set[int]]] = {
    ("GET", "/reveal/{kind}/{ident}"): (lambda c, s, _csrf: c.get(f"/reveal/source/{s.source}").status_code, {200}),
    ("POST", "/reveal/{kind}/{ident}"): (lambda c, s, csrf: c.post(f"/reveal/source/{s.source}", data={
        "csrf": csrf, "purpose": "walk"}).status_code, {200, 503}),
    ("POST", "/api/v1/records/{kind}/{ident}/reveal"): (lambda c, s, csrf: c.post(
        f"/api/v1/records/source/{s.source}/reveal", json={"purpose": "walk"},
        headers={"X-CSRF-Token": csrf}).status_code, {200, 503}),
    ("GET", "/api/v1/sync/conflicts"): (lambda c, _s, _csrf: c.get("/api/v1/sync/conflicts").status_code, {200}),
    ("GET", "/events/{ident}/package"): (lambda c, s, _csrf: c.get(f"/events/{s.events['public']}/package").status_code,
                                         {200}),
    # the printed reports (Action.PUBLISH): the walk's events are unverified, so the public profile publishes none
    # of them (404: the role was let through to the profile's answer)
    ("GET", "/reports/monthly"): (lambda c, _s, _csrf: c.get("/reports/monthly?month=2015-07").status_code, {200}),
    ("GET", "/events/{ident}/report.pdf"): (lambda c, s, _csrf: c.get(
        f"/events/{s.events['public']}/report.pdf").status_code, {404}),
    # the publication pages (web/publication_pages.py): profiles, saving a version, the withheld log (no run here)
    ("GET", "/publication/profiles"): (lambda c, _s, _csrf: c.get("/publication/profiles").status_code, {200}),
    ("GET", "/publication/profiles/{name}"): (lambda c, _s, _csrf: c.get("/publication/profiles/public").status_code,
                                              {200}),
    ("POST", "/publication/profiles/{name}"): (lambda c, _s, csrf: c.post(
        "/publication/profiles/public", follow_redirects=False, data={"csrf": csrf, "profile": PROFILE}).status_code,
        {303}),
    ("POST", "/publication/profiles/{name}/delete"): (lambda c, _s, csrf: c.post(
        "/publication/profiles/no-such-profile/delete", data={"csrf": csrf, "reason": "walk"}).status_code, {404}),
    ("POST", "/publication/profiles/{name}/restore"): (lambda c, _s, csrf: c.post(
        "/publication/profiles/no-such-profile/restore", data={"csrf": csrf, "reason": "walk"}).status_code, {404}),
    ("GET", "/publication/log"): (lambda c, _s, _csrf: c.get("/publication/log").status_code, {200}),
    ("GET", "/publication/log/{run}"): (lambda c, _s, _csrf: c.get("/publication/log/0000").status_code, {404}),
    ("POST", "/api/v1/sync/conflicts/{conflict_id}/resolve"): (lambda c, _s, csrf: c.post(
        "/api/v1/sync/conflicts/1/resolve", json={"keep": "local"}, headers={"X-CSRF-Token": csrf}).status_code,
        {422}),
}

Call = Callable[[TestClient, Seeded, str, str], int]


def _read(path: str) -> Call:
    return lambda client, s, level, _csrf: client.get(path.format(
        event=s.events[level], act=s.acts[level], evidence=s.evidence[level], report=s.reports[level])).status_code


def _upload(path: str, field: str) -> Call:
    return lambda c, s, level, csrf: c.post(
        path.format(event=s.events[level]), data={"csrf": csrf}, follow_redirects=False, headers={"X-CSRF-Token": csrf},
        files=[(field, (f"{level}.txt", b"a witness statement", "text/plain"))]).status_code


# route -> how to call it on the record of one level (returns the status code)
SCOPED: dict[tuple[str, str], tuple[Call, str]] = {
    ("GET", "/events/{ident}"): (_read("/events/{event}"), "read"),
    ("GET", "/events/{ident}/history"): (_read("/events/{event}/history"), "read"),
    ("GET", "/records/{kind}/{ident}"): (_read("/records/act/{act}"), "read"),
    ("GET", "/api/v1/events/{ident}"): (_read("/api/v1/events/{event}"), "read"),
    ("GET", "/api/v1/records/{kind}/{ident}"): (_read("/api/v1/records/event/{event}"), "read"),
    ("GET", "/api/v1/records/{kind}/{ident}/history"): (_read("/api/v1/records/act/{act}/history"), "read"),
    ("GET", "/evidence/{ident}"): (_read("/evidence/{evidence}"), "read"),
    ("GET", "/evidence/{ident}/file"): (_read("/evidence/{evidence}/file"), "read"),
    ("GET", "/api/v1/evidence/{ident}"): (_read("/api/v1/evidence/{evidence}"), "read"),
    ("GET", "/api/v1/events/{ident}/corroboration"): (_read("/api/v1/events/{event}/corroboration"), "read"),
    ("GET", "/api/v1/events/{ident}/grade"): (_read("/api/v1/events/{event}/grade"), "read"),
    ("GET", "/reports/{ident}/review"): (_read("/reports/{report}/review"), "read"),
    ("GET", "/api/v1/reports/{ident}/suggestions"): (_read("/api/v1/reports/{report}/suggestions"), "read"),
    ("GET", "/api/v1/reports/{ident}/events"): (_read("/api/v1/reports/{report}/events"), "read"),
    ("POST", "/reports/{ident}/review"): (lambda c, s, level, csrf: c.post(
        f"/reports/{s.reports[level]}/review", data={"csrf": csrf}, follow_redirects=False).status_code, "edit"),
    ("POST", "/api/v1/reports/{ident}/review"): (lambda c, s, level, csrf: c.post(
        f"/api/v1/reports/{s.reports[level]}/review", json={}, headers={"X-CSRF-Token": csrf}).status_code, "edit"),
    ("GET", "/events/{ident}/edit"): (_read("/events/{event}/edit"), "edit"),
    ("POST", "/events/{ident}/evidence"): (_upload("/events/{event}/evidence", "files"), "edit"),
    ("POST", "/api/v1/events/{ident}/evidence"): (_upload("/api/v1/events/{event}/evidence", "files"), "edit"),
    ("POST", "/events/{ident}"): (lambda c, s, level, csrf: c.post(f"/events/{s.events[level]}", follow_redirects=False,
                                                                   data={"csrf": csrf, "title": f"Edited {level}",
                                                                         "confidentiality": level}).status_code,
                                  "edit"),
    ("POST", "/events/{ident}/place"): (lambda c, s, level, csrf: c.post(
        f"/events/{s.events[level]}/place", follow_redirects=False, data={"csrf": csrf, "place": ""}).status_code,
        "edit"),
    ("POST", "/events/{ident}/acts"): (lambda c, s, level, csrf: c.post(
        f"/events/{s.events[level]}/acts", follow_redirects=False,
        data={"csrf": csrf, "type": "arbitrary-detention"}).status_code, "edit"),
    # the grade set by hand, then removed (Action.PUBLISH: admins and coordinators, as EDIT_ALL; documenters 403)
    ("POST", "/events/{ident}/grade"): (lambda c, s, level, csrf: c.post(
        f"/events/{s.events[level]}/grade", follow_redirects=False,
        data={"csrf": csrf, "grade": "confirmed", "reason": "walk"}).status_code, "edit"),
    ("POST", "/events/{ident}/grade/clear"): (lambda c, s, level, csrf: c.post(
        f"/events/{s.events[level]}/grade/clear", follow_redirects=False,
        data={"csrf": csrf, "reason": "walk"}).status_code, "edit"),
    ("PUT", "/api/v1/events/{ident}/grade"): (lambda c, s, level, csrf: c.put(
        f"/api/v1/events/{s.events[level]}/grade", headers={"X-CSRF-Token": csrf},
        json={"grade": "weak", "reason": "walk"}).status_code, "edit"),
    ("POST", "/api/v1/events/{ident}/grade/clear"): (lambda c, s, level, csrf: c.post(
        f"/api/v1/events/{s.events[level]}/grade/clear", headers={"X-CSRF-Token": csrf},
        json={"reason": "walk"}).status_code, "edit"),
    ("PATCH", "/api/v1/events/{ident}"): (lambda c, s, level, csrf: c.patch(
        f"/api/v1/events/{s.events[level]}", json={"description": "seen"}, headers={"X-CSRF-Token": csrf}).status_code,
        "edit"),
    ("GET", "/records/{kind}/{ident}/edit"): (_read("/records/report/{report}/edit"), "edit"),
    ("POST", "/records/{kind}/{ident}"): (lambda c, s, level, csrf: c.post(f"/records/report/{s.reports[level]}", data={
        "csrf": csrf, "title": f"Edited {level}", "confidentiality": level}, follow_redirects=False).status_code,
        "edit"),
    ("PATCH", "/api/v1/records/{kind}/{ident}"): (lambda c, s, level, csrf: c.patch(
        f"/api/v1/records/report/{s.reports[level]}", json={"title": "seen"}, headers={"X-CSRF-Token": csrf}
    ).status_code, "edit"),
    ("POST", "/records/{kind}"): (lambda c, s, level, csrf: c.post("/records/involvement", follow_redirects=False,
                                                                   data={"csrf": csrf, "act": s.acts[level],
                                                                         "actor": "islamic-state",
                                                                         "degree": "carried-out",
                                                                         "confidentiality": level}).status_code,
                                  "edit"),
    ("POST", "/api/v1/records/{kind}"): (lambda c, s, level, csrf: c.post("/api/v1/records/victim", headers={
        "X-CSRF-Token": csrf}, json={"act": s.acts[level], "person": s.person, "confidentiality": level}
    ).status_code, "edit"),
    ("POST", "/api/v1/acts"): (lambda c, s, level, csrf: c.post("/api/v1/acts", headers={"X-CSRF-Token": csrf}, json={
        "event": s.events[level], "type": "arbitrary-detention", "killed": 1}).status_code, "edit"),
    # corrections (web/link_pages.py): the report of each level deleted, then restored; a link removed, one undone
    ("GET", "/records/{kind}/{ident}/delete"): (_read("/records/report/{report}/delete"), "edit"),
    ("POST", "/records/{kind}/{ident}/delete"): (lambda c, s, level, csrf: c.post(
        f"/records/report/{s.reports[level]}/delete", data={"csrf": csrf, "reason": "walk"},
        follow_redirects=False).status_code, "edit"),
    ("POST", "/records/{kind}/{ident}/restore"): (lambda c, s, level, csrf: c.post(
        f"/records/report/{s.reports[level]}/restore", data={"csrf": csrf, "reason": "walk"},
        follow_redirects=False).status_code, "edit"),
    ("POST", "/links/{kind}/{ident}/remove"): (lambda c, s, level, csrf: c.post(
        f"/links/involvement/{_link(c, s, level)}/remove", data={"csrf": csrf, "next": "/"},
        follow_redirects=False).status_code, "edit"),
    ("POST", "/links/{kind}/{ident}/undo"): (lambda c, s, level, csrf: c.post(
        f"/links/involvement/{_link(c, s, level, removed=True)}/undo", data={"csrf": csrf, "next": "/"},
        follow_redirects=False).status_code, "edit"),
}


# Walk calls that make the record they act on first (a link to remove): the state before them is not the state after.
MAKE_RECORDS = {("POST", "/links/{kind}/{ident}/remove"), ("POST", "/links/{kind}/{ident}/undo")}


def _link(client: TestClient, s: Seeded, level: str, *, removed: bool = False) -> str:
    """A new perpetrator of the act of ``level``, made by the seeding account (removed already, when asked)."""
    ws = client.app.state.ws  # type: ignore[attr-defined]
    made = create_record(ws, kind="involvement", data={"act": s.acts[level], "actor": "islamic-state",
                                                       "degree": "carried-out"})["id"]
    if removed:
        delete_record(ws, kind="involvement", ident=made, reason="walk")
    return str(made)


# Record linkage (services/linkage/review.py): admins and coordinators read and decide, analysts only read, documenters
# and viewers get 403 whatever the record. Pairs and merges are of persons at one level each (seed_pairs): a page and
# an API route each decide on their own pair and undo their own merge.
LINK_READERS = {Role.ADMIN, Role.COORDINATOR, Role.ANALYST}
Links = dict[str, dict[str, list[Any]]]
LinkCall = Callable[[TestClient, Links, str, str], int]
LINK_SCOPED: dict[tuple[str, str], tuple[LinkCall, str]] = {
    ("GET", "/linkage/{kind}/pairs/{candidate}"): (
        lambda c, links, level, _csrf: c.get(f"/linkage/person/pairs/{links[level]['pairs'][0]}").status_code, "read"),
    ("GET", "/api/v1/linkage/{kind}/candidates/{candidate}"): (
        lambda c, links, level, _csrf: c.get(
            f"/api/v1/linkage/person/candidates/{links[level]['pairs'][1]}").status_code, "read"),
    ("POST", "/linkage/{kind}/pairs/{candidate}"): (lambda c, links, level, csrf: c.post(
        f"/linkage/person/pairs/{links[level]['pairs'][0]}", data={"csrf": csrf, "decision": "reject"},
        follow_redirects=False).status_code, "edit"),
    ("POST", "/api/v1/linkage/{kind}/candidates/{candidate}/decision"): (lambda c, links, level, csrf: c.post(
        f"/api/v1/linkage/person/candidates/{links[level]['pairs'][1]}/decision", headers={"X-CSRF-Token": csrf},
        json={"decision": "reject"}).status_code, "edit"),
    ("POST", "/linkage/merges/{merge_id}/unmerge"): (lambda c, links, level, csrf: c.post(
        f"/linkage/merges/{links[level]['merges'][0]}/unmerge", data={"csrf": csrf, "reason": "walk"},
        follow_redirects=False).status_code, "edit"),
    ("POST", "/api/v1/linkage/merges/{merge_id}/unmerge"): (lambda c, links, level, csrf: c.post(
        f"/api/v1/linkage/merges/{links[level]['merges'][1]}/unmerge", headers={"X-CSRF-Token": csrf},
        json={"reason": "walk"}).status_code, "edit"),
}
# Lists of pairs and merges: readers 200 (what they list is checked below), documenters and viewers 403.
LINK_LISTS: dict[tuple[str, str], Callable[[TestClient], int]] = {
    ("GET", "/linkage/review"): lambda c: c.get("/linkage/review?kind=person").status_code,
    ("GET", "/linkage/merges"): lambda c: c.get("/linkage/merges").status_code,
    ("GET", "/api/v1/linkage/{kind}/candidates"): lambda c: c.get("/api/v1/linkage/person/candidates").status_code,
    ("GET", "/api/v1/linkage/merges"): lambda c: c.get("/api/v1/linkage/merges").status_code,
}
# Runs, for admins and coordinators (200); every other role gets 403.
LINK_RUNS: dict[tuple[str, str], Callable[[TestClient, str], int]] = {
    ("POST", "/linkage/run"): lambda c, csrf: c.post("/linkage/run", data={"csrf": csrf, "kind": "person"}).status_code,
    ("POST", "/api/v1/linkage/{kind}/runs"): lambda c, csrf: c.post("/api/v1/linkage/person/runs",
                                                                    headers={"X-CSRF-Token": csrf}).status_code,
}


def _link_expected(role: Role, level: str, action: str) -> set[int]:
    return {403} if role not in LINK_READERS else _expected(role, level, action)


def _expected(role: Role, level: str, action: str) -> set[int]:
    readable = LEVEL_ORDER.index(Confidentiality(level)) <= LEVEL_ORDER.index(CLEARANCE[role])
    if not readable:
        return {404}  # not 403: the record's existence is not revealed
    if action == "read" or role in EDIT_ALL:
        return {200, 201, 303}
    return {403}  # documenters edit only their own records; analysts and viewers edit nothing


def test_the_walk_covers_every_route() -> None:
    routes = {(method, prefix + route.path) for prefix, router in ROUTERS
              for route in router.routes for method in getattr(route, "methods", set()) - {"HEAD"}}
    assert len(routes) > 20
    assert routes == UNSCOPED | set(SCOPED) | set(ADMIN_ONLY) | set(PROTECTORS_ONLY) | set(LINK_SCOPED) | set(
        LINK_LISTS) | set(LINK_RUNS)


@pytest.mark.parametrize("role", list(Role))
def test_only_admins_reach_the_admin_pages(app_client: TestClient, seeded: Seeded, role: Role) -> None:
    csrf = login(app_client, role.value)
    statuses = {route: call(app_client, csrf) for route, call in ADMIN_ONLY.items()}
    allowed = {200, 201, 204, 303} if role is Role.ADMIN else {403}
    assert {route: status for route, status in statuses.items() if status not in allowed} == {}


@pytest.mark.parametrize("role", list(Role))
def test_only_admins_and_coordinators_reveal_identities_and_resolve_conflicts(app_client: TestClient, seeded: Seeded,
                                                                               role: Role) -> None:
    csrf = login(app_client, role.value)
    statuses = {route: (call(app_client, seeded, csrf), allowed) for route, (call, allowed) in PROTECTORS_ONLY.items()}
    wrong = {route: status for route, (status, allowed) in statuses.items()
             if status not in (allowed if role in PROTECTORS else {403})}
    assert wrong == {}


# the warning: services/linkage/clusters.py, see test_linkage_pages
@pytest.mark.filterwarnings("ignore:The Result.tuples:DeprecationWarning")
@pytest.mark.parametrize("role", list(Role))
def test_linkage_pairs_and_merges_follow_role_and_clearance(app_client: TestClient, web_ws: Workspace,
                                                            role: Role) -> None:
    links = seed_pairs(web_ws)
    csrf = login(app_client, role.value)
    visible = {lvl for lvl in LEVELS if LEVEL_ORDER.index(Confidentiality(lvl)) <= LEVEL_ORDER.index(CLEARANCE[role])}
    if role in LINK_READERS:  # the lists hold exactly the pairs and merges within the clearance
        listed = {p["id"] for p in app_client.get("/api/v1/linkage/person/candidates").json()["pairs"]}
        merges = {m["id"] for m in app_client.get("/api/v1/linkage/merges").json()}
        page = app_client.get("/linkage/review").text + app_client.get("/linkage/merges").text
        for level in LEVELS:
            assert set(links[level]["pairs"]) <= listed if level in visible else not set(links[level]["pairs"]) & listed
            assert (set(links[level]["merges"]) <= merges if level in visible
                    else not set(links[level]["merges"]) & merges)
            assert (f"Walk {level} 0" in page) is (level in visible), level
    wrong = [f"{route}: {status}" for route, call in LINK_LISTS.items()
             if (status := call(app_client)) != (200 if role in LINK_READERS else 403)]
    for level in LEVELS:
        for route, (link_call, action) in LINK_SCOPED.items():
            status = link_call(app_client, links, level, csrf)
            if status not in _link_expected(role, level, action):
                wrong.append(f"{route} on {level}: {status}")
    for route, run in LINK_RUNS.items():  # last: a run replaces the pairs of the walk
        status = run(app_client, csrf)
        if status != (200 if role in EDIT_ALL else 403):
            wrong.append(f"{route}: {status}")
    assert wrong == []


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_what_its_clearance_allows(app_client: TestClient, seeded: Seeded,
                                                             role: Role) -> None:
    csrf = login(app_client, role.value)
    wrong = []
    for level in LEVELS:
        for route, (call, action) in SCOPED.items():
            status = call(app_client, seeded, level, csrf)
            if status not in _expected(role, level, action):
                wrong.append(f"{route} on {level}: {status}")
    assert wrong == []


@pytest.mark.parametrize("role", list(Role))
def test_lists_search_and_dashboard_show_nothing_above_the_clearance(app_client: TestClient, seeded: Seeded,
                                                                     role: Role) -> None:
    login(app_client, role.value)
    visible = {lvl for lvl in LEVELS if LEVEL_ORDER.index(Confidentiality(lvl)) <= LEVEL_ORDER.index(CLEARANCE[role])}
    pages = app_client.get("/events").text + app_client.get("/events?q=market").text
    assert app_client.get("/timeline?q=market").text.count("<meter") == (1 if visible else 0)  # all in July 2015
    api = app_client.get("/api/v1/search?q=shelling").json()
    listed = app_client.get("/api/v1/records/event").json()
    reports = app_client.get("/records?kind=report").text
    for level in LEVELS:
        title = f"Shelling of the {level} market"
        assert (title in pages) is (level in visible), (level, "page")
        assert any(h["title"] == title for h in api["hits"]) is (level in visible), (level, "search")
        assert any(r["title"] == title for r in listed) is (level in visible), (level, "records")
        assert (f"Report of the {level} witness" in reports) is (level in visible), (level, "record list")
    assert app_client.get("/api/v1/dashboard").json()["events"] == len(visible)
    assert app_client.get("/api/v1/map?q=market").json()["unplaced"] == len(visible)
    assert {f["value"] for f in api["facets"]["confidentiality"]} <= visible


@pytest.mark.parametrize("role", list(Role))
def test_protected_source_identity_never_leaves_and_restricted_pseudonyms_only_for_full_clearance(
        app_client: TestClient, seeded: Seeded, role: Role) -> None:
    login(app_client, role.value)
    event_page = app_client.get(f"/events/{seeded.events['public']}").text
    api_event = app_client.get(f"/api/v1/events/{seeded.events['public']}").text
    source = app_client.get(f"/api/v1/records/source/{seeded.source}")
    sources = app_client.get("/api/v1/records/source").text
    for text in (event_page, api_event, source.text, sources):
        assert "Real Name Khaled" not in text
    full = CLEARANCE[role] is Confidentiality.RESTRICTED
    assert ("Abu Khaled" in event_page) is full and ("Abu Khaled" in api_event) is full
    assert source.status_code == (200 if full else 404)


def test_a_documenter_edits_own_records_but_not_others(app_client: TestClient, seeded: Seeded) -> None:
    csrf = login(app_client, "documenter")
    own = app_client.post("/api/v1/events", json={"title": "Own event", "confidentiality": "internal"},
                          headers={"X-CSRF-Token": csrf}).json()["id"]
    assert app_client.patch(f"/api/v1/events/{own}", json={"status": "corroborated"},
                            headers={"X-CSRF-Token": csrf}).status_code == 200
    assert app_client.patch(f"/api/v1/events/{seeded.events['internal']}", json={"status": "corroborated"},
                            headers={"X-CSRF-Token": csrf}).status_code == 403
    # nor may it lift a record above its own clearance
    assert app_client.patch(f"/api/v1/events/{own}", json={"confidentiality": "restricted"},
                            headers={"X-CSRF-Token": csrf}).status_code == 403


@pytest.mark.parametrize("role", [Role.ANALYST, Role.VIEWER])
def test_readers_cannot_create(app_client: TestClient, seeded: Seeded, role: Role) -> None:
    csrf = login(app_client, role.value)
    assert app_client.post("/api/v1/events", json={"title": "x"}, headers={"X-CSRF-Token": csrf}).status_code == 403
    assert app_client.get("/events/new").status_code == 403


def test_the_walk_holds_on_postgresql_too(both_client: TestClient, both_seeded: Seeded) -> None:
    for role in (Role.VIEWER, Role.COORDINATOR):
        csrf = login(both_client, role.value)
        for level in LEVELS:
            for route, (call, action) in SCOPED.items():
                expected = _expected(role, level, action)
                assert call(both_client, both_seeded, level, csrf) in expected, (role, route, level)
