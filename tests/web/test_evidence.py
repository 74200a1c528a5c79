"""Evidence through the web: uploads streamed into the store, typed by content, viewable with range requests."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from tawthiq.blobs.base import CHUNK
from tawthiq.config import Settings
from tawthiq.db.models import EvidenceItem
from tawthiq.services.workspace import Workspace
from tawthiq.web import create_app
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


def test_an_empty_file_is_refused_and_nothing_is_stored(app_client: TestClient, seeded: Seeded,
                                                        web_ws: Workspace) -> None:
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


@pytest.fixture(params=["folder", "memory"])
def store_client(request: pytest.FixtureRequest, web_settings: Settings) -> Iterator[TestClient]:
    """The app on the seeded data directory, with its evidence in the folder or in the in-memory fake (where the
    seeded items have no bytes: the tests upload what they download)."""
    memory = web_settings.model_copy(update={"evidence_url": "memory:"})
    settings = web_settings if request.param == "folder" else memory
    with TestClient(create_app(settings)) as client:
        yield client


def _upload(client: TestClient, csrf: str, event: str, name: str, data: bytes) -> str:
    response = client.post(f"/api/v1/events/{event}/evidence", headers={"X-CSRF-Token": csrf},
                           files=[("files", (name, data, "application/octet-stream"))])
    assert response.status_code == 201, response.text
    return str(response.json()[0]["evidence_id"])


def test_a_download_carries_its_type_its_encoded_name_and_the_sandbox(store_client: TestClient, seeded: Seeded) -> None:
    csrf = login(store_client, "admin")
    html = b"<html><script>alert(document.cookie)</script></html>"
    for name, disposition in [("page.html", 'inline; filename="page.html"'),
                              ("شهادة الشاهد.html", "inline; filename*=utf-8''" + quote("شهادة الشاهد.html"))]:
        ident = _upload(store_client, csrf, seeded.events["public"], name, html + name.encode())
        whole = store_client.get(f"/evidence/{ident}/file")
        assert whole.status_code == 200 and whole.content == html + name.encode()
        assert whole.headers["content-type"] == "text/html; charset=utf-8"  # sniffed from the bytes, not the upload
        assert whole.headers["content-disposition"] == disposition
        assert whole.headers["content-security-policy"] == "sandbox"
        assert whole.headers["accept-ranges"] == "bytes"
        assert whole.headers["content-length"] == str(len(html + name.encode()))


CLIP = os.urandom(2 * CHUNK + 10)  # a range can cross the store's chunks
SIZE = len(CLIP)
RANGES = [  # request headers, then status, bytes and Content-Range expected
    ({"Range": "bytes=6-13"}, 206, CLIP[6:14], f"bytes 6-13/{SIZE}"),
    ({"Range": f"bytes={CHUNK - 5}-{CHUNK + 4}"}, 206, CLIP[CHUNK - 5:CHUNK + 5],
     f"bytes {CHUNK - 5}-{CHUNK + 4}/{SIZE}"),
    ({"Range": f"bytes={SIZE - 10}-"}, 206, CLIP[-10:], f"bytes {SIZE - 10}-{SIZE - 1}/{SIZE}"),
    ({"Range": "bytes=-100"}, 206, CLIP[-100:], f"bytes {SIZE - 100}-{SIZE - 1}/{SIZE}"),
    ({"Range": f"bytes=0-{SIZE * 2}"}, 206, CLIP, f"bytes 0-{SIZE - 1}/{SIZE}"),
    ({"Range": f"bytes={SIZE}-"}, 416, b"", f"bytes */{SIZE}"),
    ({"Range": "bytes=-0"}, 416, b"", f"bytes */{SIZE}"),
    ({"Range": "bytes=0-1,5-6"}, 200, CLIP, None),  # several ranges: the whole file, not multipart
    ({"Range": "bytes=9-2"}, 200, CLIP, None),  # invalid: ignored
    ({"Range": "bytes=0-1", "If-Range": '"an-old-etag"'}, 200, CLIP, None),  # no validator is sent: cannot match
]


def test_range_requests_answer_the_asked_bytes_on_every_store(store_client: TestClient, seeded: Seeded) -> None:
    csrf = login(store_client, "admin")
    url = f"/evidence/{_upload(store_client, csrf, seeded.events['public'], 'clip.bin', CLIP)}/file"
    for headers, status, body, content_range in RANGES:
        response = store_client.get(url, headers=headers)
        assert (response.status_code, response.headers.get("content-range")) == (status, content_range), headers
        assert response.content == body, headers
        assert response.headers["accept-ranges"] == "bytes" and response.headers["content-security-policy"] == "sandbox"
        if status != 416:
            assert response.headers["content-length"] == str(len(body))


def test_evidence_above_the_clearance_answers_exactly_as_a_missing_item(store_client: TestClient,
                                                                      seeded: Seeded) -> None:
    csrf = login(store_client, "admin")
    hidden = _upload(store_client, csrf, seeded.events["restricted"], "statement.txt", b"The witness saw the convoy.")
    assert store_client.get(f"/evidence/{hidden}/file").content == b"The witness saw the convoy."
    login(store_client, "analyst")
    missing = hidden[:-1] + ("0" if hidden[-1] != "0" else "1")
    refused, absent = (store_client.get(f"/evidence/{ident}/file", headers={"Range": "bytes=0-3"})
                       for ident in (hidden, missing))
    assert refused.status_code == absent.status_code == 404
    assert refused.content.replace(hidden.encode(), missing.encode()) == absent.content  # only the echoed id differs
    assert refused.headers.items() == absent.headers.items()
    assert b"witness" not in refused.content and "statement.txt" not in refused.text


def test_an_item_whose_bytes_are_not_in_the_store_is_not_found_rather_than_an_error(web_settings: Settings,
                                                                                    seeded: Seeded) -> None:
    memory = web_settings.model_copy(update={"evidence_url": "memory:"})  # the seeded bytes are in the folder
    with TestClient(create_app(memory)) as client:
        login(client, "admin")
        assert client.get(f"/evidence/{seeded.evidence['public']}").status_code == 200
        assert client.get(f"/evidence/{seeded.evidence['public']}/file").status_code == 404
