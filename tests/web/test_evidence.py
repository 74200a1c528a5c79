"""Evidence through the web: uploads streamed into the store, typed by content, viewable with range requests."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from tawthiq.db.models import EvidenceItem
from tawthiq.services.workspace import Workspace
from tests.web.conftest import Seeded, login


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _items(ws: Workspace) -> int:
    with ws.reading() as session:
        return session.scalar(select(func.count()).select_from(EvidenceItem)) or 0


def test_several_files_are_stored_typed_by_content_and_shown_with_their_hash(app_client: TestClient, seeded: Seeded,
                                                                             web_ws: Workspace) -> None:
    csrf = login(app_client, "coordinator")
    event = seeded.events["internal"]
    photo = _png()
    response = app_client.post(f"/events/{event}/evidence", data={"csrf": csrf}, follow_redirects=False, files=[
        ("files", ("photo.txt", photo, "text/plain")),  # the extension lies: the content is a PNG
        ("files", ("../../../etc/statement.txt", b"I saw the shelling at dawn.", "text/plain")),
    ])
    assert response.status_code == 303
    page = app_client.get(f"/events/{event}").text
    assert "photo.txt" in page and "image/png" in page and "statement.txt" in page and "../" not in page
    found = app_client.get(f"/api/v1/events/{event}").json()["evidence"]
    stored = next(e for e in found if e["original_name"] == "photo.txt")
    with web_ws.blobs.open(stored["sha256"]) as blob:
        assert blob.read() == photo
    item = app_client.get(f"/api/v1/evidence/{stored['id']}").json()
    assert item["custody"][0]["action"] == "ingest" and item["custody"][0]["actor"] == "coordinator"


def test_an_empty_file_is_refused_and_nothing_is_stored(app_client: TestClient, seeded: Seeded, web_ws: Workspace) -> None:
    csrf = login(app_client, "coordinator")
    before = _items(web_ws)
    response = app_client.post(f"/events/{seeded.events['public']}/evidence", data={"csrf": csrf},
                               files=[("files", ("empty.jpg", b"", "image/jpeg"))])
    assert response.status_code == 422 and "0 bytes" in response.text
    api = app_client.post(f"/api/v1/events/{seeded.events['public']}/evidence", headers={"X-CSRF-Token": csrf},
                          files=[("files", ("..", b"content", "text/plain"))])
    assert api.status_code == 422 and api.json()["problems"][0]["field"] == "file"
    assert _items(web_ws) == before


def test_the_file_is_served_with_range_requests_and_cannot_run_script(app_client: TestClient, seeded: Seeded) -> None:
    csrf = login(app_client, "admin")
    html = b"<html><script>alert(document.cookie)</script></html>"
    added = app_client.post(f"/api/v1/events/{seeded.events['public']}/evidence", headers={"X-CSRF-Token": csrf},
                            files=[("files", ("page.html", html, "text/html"))]).json()[0]
    whole = app_client.get(f"/evidence/{added['evidence_id']}/file")
    assert whole.content == html and whole.headers["content-security-policy"] == "sandbox"
    part = app_client.get(f"/evidence/{added['evidence_id']}/file", headers={"Range": "bytes=6-13"})
    assert part.status_code == 206 and part.content == html[6:14]
    page = app_client.get(f"/evidence/{added['evidence_id']}").text
    assert added["sha256"] in page and "ingest" in page
