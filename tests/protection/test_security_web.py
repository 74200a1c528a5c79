"""Security of the web application (issue 5, section 6): another documenter's ids, archive bombs uploaded as
evidence, and CSRF on every state-changing form and API operation. Each attempt is refused and writes nothing."""

from __future__ import annotations

import gzip
import hashlib
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from tawthiq.db.base import Base
from tawthiq.services.accounts import users as accounts
from tawthiq.services.workspace import Workspace
from tawthiq.web import (
    admin_pages,
    api,
    link_pages,
    pages,
    protection_api,
    protection_pages,
    publication_pages,
    record_pages,
)
from tests.web.conftest import PASSWORD, Seeded, login
from tests.web.test_authorization import MAKE_RECORDS, SCOPED


def _state(ws: Workspace) -> dict[str, Any]:
    """Everything a write could change: the row count of every table, the accounts, sessions and second factors
    in full, and the files of the evidence store."""
    with ws.reading() as session:
        counts = {
            name: session.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }
        rows = {name: sorted(map(tuple, session.execute(text(f"SELECT * FROM {name}")).all()), key=repr)
                for name in ("users", "user_sessions", "user_security", "api_tokens")}
    files = sorted(p.relative_to(ws.settings.data_dir).as_posix() for p in ws.settings.data_dir.rglob("*")
                   if p.is_file() and "evidence" in p.parts)
    return {"counts": counts, "rows": rows, "files": files}


# --- another documenter's records ---------------------------------------------------------------------------


def _records_of_another_documenter(client: TestClient, ws: Workspace, seeded: Seeded) -> Seeded:
    """An internal event with an act, an evidence item and a report, all written by ``documenter2``."""
    accounts.create_user(ws, username="documenter2", role="documenter", password=PASSWORD)
    csrf = login(client, "documenter2")
    headers = {"X-CSRF-Token": csrf}
    event = client.post("/api/v1/events", json={"title": "Raid on the bakery", "confidentiality": "internal"},
                        headers=headers)
    assert event.status_code == 201, event.text
    ident = event.json()["id"]
    act = client.post("/api/v1/acts", json={"event": ident, "type": "arbitrary-detention"}, headers=headers).json()[
        "id"
    ]
    added = client.post(f"/api/v1/events/{ident}/evidence", headers=headers,
                        files=[("files", ("statement.txt", b"a statement of documenter2", "text/plain"))]).json()
    report = client.post("/api/v1/reports", json={"text": "Detentions at the bakery.", "title": "Bakery report"},
                         headers=headers).json()["id"]
    return Seeded({"internal": ident}, {"internal": act}, {"internal": added[0]["evidence_id"]}, {"internal": report},
                  seeded.source, seeded.person)


def test_a_documenter_cannot_change_another_documenters_records_by_id(app_client: TestClient, web_ws: Workspace,
                                                                      seeded: Seeded) -> None:
    theirs = _records_of_another_documenter(TestClient(app_client.app), web_ws, seeded)
    csrf = login(app_client, "documenter")
    before = _state(web_ws)
    # (the walk's link routes make their link first; test_corrections checks another's link cannot be removed)
    writes = {route: call for route, (call, action) in SCOPED.items() if action == "edit" and route not in MAKE_RECORDS}
    assert len(writes) > 10  # every route that takes an id and changes something (the walk keeps the list whole)
    statuses = {route: call(app_client, theirs, "internal", csrf) for route, call in writes.items()}
    assert {route: s for route, s in statuses.items() if s != 403} == {}
    assert _state(web_ws) == before
    # and reading them is allowed: internal records are within a documenter's clearance
    assert app_client.get(f"/api/v1/events/{theirs.events['internal']}").status_code == 200


# --- archive bombs --------------------------------------------------------------------------------------------

BOMB_BYTES = 64 << 20  # what the archive would unpack to


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("zeros.bin", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(BOMB_BYTES >> 20):
                member.write(chunk)
    return buffer.getvalue()


def _gzip_bomb() -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as out:
        chunk = bytes(1 << 20)
        for _ in range(BOMB_BYTES >> 20):
            out.write(chunk)
    return buffer.getvalue()


def _evidence_bytes(ws: Workspace) -> int:
    return sum(p.stat().st_size for p in ws.settings.data_dir.rglob("*") if p.is_file() and "evidence" in p.parts)


@pytest.mark.parametrize(("name", "make"), [("bomb.zip", _zip_bomb), ("bomb.tar.gz", _gzip_bomb)])
@pytest.mark.parametrize("through", ["page", "api"])
def test_an_archive_bomb_uploaded_as_evidence_is_kept_as_its_bytes_and_never_unpacked(
        app_client: TestClient, web_ws: Workspace, seeded: Seeded, name: str, make: Callable[[], bytes],
        through: str) -> None:
    bomb = make()
    assert len(bomb) < BOMB_BYTES // 100
    csrf = login(app_client, "coordinator")
    before = _evidence_bytes(web_ws)
    path = (
        f"/events/{seeded.events['public']}/evidence"
        if through == "page"
        else f"/api/v1/events/{seeded.events['public']}/evidence"
    )
    response = app_client.post(path, data={"csrf": csrf}, headers={"X-CSRF-Token": csrf}, follow_redirects=False,
                               files=[("files", (name, bomb, "application/octet-stream"))])
    assert response.status_code in (201, 303), response.text
    sha256 = hashlib.sha256(bomb).hexdigest()
    with web_ws.blobs.open(sha256) as stored:
        assert stored.read() == bomb  # the archive itself, byte for byte
    assert _evidence_bytes(web_ws) - before < 2 * len(bomb) + (1 << 20)  # nothing unpacked beside it


# --- CSRF -------------------------------------------------------------------------------------------------------

# (method, path, how to call it with a cookie session and ``extra`` (a CSRF token or none) -> status)
Send = Callable[[TestClient, Seeded, dict[str, str]], int]


def _form(path: str, **fields: str) -> Send:
    return lambda c, s, token: c.post(path.format(s=s), data={**fields, **token}, follow_redirects=False).status_code


def _json(method: str, path: str, body: dict[str, str] | None = None) -> Send:
    return lambda c, s, token: c.request(method, path.format(s=s),
                                         json={k: v.format(s=s) for k, v in (body or {}).items()},
                                         headers={"X-CSRF-Token": token["csrf"]} if token else {}).status_code


def _files(path: str, api_call: bool) -> Send:
    def send(c: TestClient, s: Seeded, token: dict[str, str]) -> int:
        extra = {"headers": {"X-CSRF-Token": token["csrf"]} if token else {}} if api_call else {"data": token}
        return c.post(path.format(s=s), files=[("files", ("forged.txt", b"a forged upload", "text/plain"))],
                      follow_redirects=False, **extra).status_code
    return send


STATE_CHANGING: dict[tuple[str, str], Send] = {
    ("POST", "/login"): _form("/login", username="admin", password=PASSWORD),
    ("POST", "/logout"): _form("/logout"),
    ("POST", "/language"): _form("/language", language="ar"),
    ("POST", "/events"): _form("/events", title="Forged event"),
    ("POST", "/events/{ident}"): _form("/events/{s.events[public]}", title="Forged", confidentiality="public"),
    ("POST", "/events/{ident}/acts"): _form("/events/{s.events[public]}/acts", type="arbitrary-detention"),
    ("POST", "/events/{ident}/place"): _form("/events/{s.events[public]}/place", place="forged"),
    ("POST", "/events/{ident}/grade"): _form("/events/{s.events[public]}/grade", grade="confirmed", reason="forged"),
    ("POST", "/events/{ident}/grade/clear"): _form("/events/{s.events[public]}/grade/clear", reason="forged"),
    ("POST", "/events/{ident}/evidence"): _files("/events/{s.events[public]}/evidence", api_call=False),
    ("POST", "/reports"): _form("/reports", title="Forged report", text="Forged text about the market."),
    ("POST", "/reports/{ident}/review"): _form("/reports/{s.reports[public]}/review"),
    ("POST", "/records/{kind}"): _form("/records/actor", name="Forged actor", kind="armed-group"),
    ("POST", "/records/{kind}/{ident}"): _form("/records/report/{s.reports[public]}", title="Forged",
                                               confidentiality="public"),
    ("POST", "/records/{kind}/{ident}/delete"): _form("/records/report/{s.reports[public]}/delete", reason="forged"),
    ("POST", "/records/{kind}/{ident}/restore"): _form("/records/report/{s.reports[public]}/restore", reason="forged"),
    ("POST", "/links/{kind}/{ident}/remove"): _form("/links/information/{s.source}/remove", next="/"),
    ("POST", "/links/{kind}/{ident}/undo"): _form("/links/information/{s.source}/undo", next="/"),
    ("POST", "/admin/users"): _form("/admin/users", username="forged", role="admin", password="a long enough password"),
    ("POST", "/admin/users/{username}"): _form("/admin/users/viewer", role="admin"),
    ("POST", "/me/two-factor"): _form("/me/two-factor"),
    ("POST", "/me/two-factor/confirm"): _form("/me/two-factor/confirm", code="123456"),
    ("POST", "/me/password"): _form("/me/password", current_password=PASSWORD, new_password="a forged new password",
                                    repeat_password="a forged new password"),
    ("POST", "/admin/users/{username}/password"): _form("/admin/users/viewer/password"),
    ("POST", "/admin/users/{username}/revoke-sessions"): _form("/admin/users/analyst/revoke-sessions"),
    ("POST", "/reveal/{kind}/{ident}"): _form("/reveal/source/{s.source}", purpose="forged"),
    ("POST", "/publication/profiles/{name}"): _form("/publication/profiles/public",
                                                    profile='{"name": "public", "title_en": "Forged"}'),
    ("POST", "/publication/profiles/{name}/delete"): _form("/publication/profiles/public/delete", reason="forged"),
    ("POST", "/publication/profiles/{name}/restore"): _form("/publication/profiles/public/restore", reason="forged"),
    ("POST", "/api/v1/auth/logout"): _json("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/events"): _json("POST", "/api/v1/events", {"title": "Forged event"}),
    ("PATCH", "/api/v1/events/{ident}"): _json("PATCH", "/api/v1/events/{s.events[public]}", {"title": "Forged"}),
    ("POST", "/api/v1/acts"): _json("POST", "/api/v1/acts",
                                    {"event": "{s.events[public]}", "type": "arbitrary-detention"}),
    ("POST", "/api/v1/records/{kind}"): _json("POST", "/api/v1/records/actor", {"name": "Forged actor"}),
    ("PATCH", "/api/v1/records/{kind}/{ident}"): _json("PATCH", "/api/v1/records/report/{s.reports[public]}",
                                                       {"title": "F"}),
    ("POST", "/api/v1/events/{ident}/evidence"): _files("/api/v1/events/{s.events[public]}/evidence", api_call=True),
    ("PUT", "/api/v1/events/{ident}/grade"): _json("PUT", "/api/v1/events/{s.events[public]}/grade",
                                                   {"grade": "confirmed", "reason": "forged"}),
    ("POST", "/api/v1/events/{ident}/grade/clear"): _json("POST", "/api/v1/events/{s.events[public]}/grade/clear",
                                                          {"reason": "forged"}),
    ("POST", "/api/v1/reports"): _json("POST", "/api/v1/reports", {"text": "Forged text about the market."}),
    ("POST", "/api/v1/reports/{ident}/review"): _json("POST", "/api/v1/reports/{s.reports[public]}/review"),
    ("POST", "/api/v1/admin/users"): _json("POST", "/api/v1/admin/users", {"username": "forged", "role": "admin",
                                                                          "password": "a long enough password"}),
    ("PATCH", "/api/v1/admin/users/{username}"): _json("PATCH", "/api/v1/admin/users/viewer", {"role": "admin"}),
    ("POST", "/api/v1/records/{kind}/{ident}/reveal"): _json("POST", "/api/v1/records/source/{s.source}/reveal",
                                                             {"purpose": "forged"}),
    ("POST", "/api/v1/users/{username}/revoke-sessions"): _json("POST", "/api/v1/users/analyst/revoke-sessions"),
    ("POST", "/api/v1/me/two-factor"): _json("POST", "/api/v1/me/two-factor"),
    ("POST", "/api/v1/me/two-factor/confirm"): _json("POST", "/api/v1/me/two-factor/confirm", {"code": "123456"}),
    ("POST", "/api/v1/me/password"): _json("POST", "/api/v1/me/password", {
        "current_password": PASSWORD, "new_password": "a forged new password"}),
    ("POST", "/api/v1/admin/users/{username}/password"): _json("POST", "/api/v1/admin/users/viewer/password"),
    ("POST", "/api/v1/sync/conflicts/{conflict_id}/resolve"): _json("POST", "/api/v1/sync/conflicts/1/resolve",
                                                                    {"keep": "local"}),
}
# Logging in over the API needs the password (and code) itself, and there is no session yet to ride on.
NO_SESSION = {("POST", "/api/v1/auth/login")}


def test_every_state_changing_route_is_in_the_csrf_table() -> None:
    routes = {(method, prefix + route.path) for prefix, router in (
        ("", pages.router), ("", record_pages.router), ("", link_pages.router), ("", admin_pages.router),
        ("", protection_pages.router), ("", publication_pages.router),
        ("/api/v1", api.router), ("/api/v1", protection_api.router))
              for route in router.routes for method in getattr(route, "methods", set()) - {"GET", "HEAD"}}
    assert routes == set(STATE_CHANGING) | NO_SESSION


@pytest.mark.parametrize("token", ["missing", "wrong"])
def test_a_forged_request_without_the_sessions_csrf_token_is_refused_and_writes_nothing(
        app_client: TestClient, web_ws: Workspace, seeded: Seeded, token: str) -> None:
    login(app_client, "admin")
    before = _state(web_ws)
    extra = {} if token == "missing" else {"csrf": "forged-token-of-another-site"}
    statuses = {route: send(app_client, seeded, extra) for route, send in STATE_CHANGING.items()}
    assert {route: s for route, s in statuses.items() if s not in (400, 403, 422)} == {}
    assert _state(web_ws) == before
    assert app_client.get("/api/v1/me").status_code == 200  # still logged in: the forged logouts did nothing
