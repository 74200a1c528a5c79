"""Web test harness: an app from the factory on a fresh workspace, with one user per role and records at
every confidentiality level."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tawthiq.config import Settings
from tawthiq.db.accounts import User
from tawthiq.db.protection import UserSecurity
from tawthiq.domain.policy import Role
from tawthiq.services.accounts import two_factor, users as accounts
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.protection.keys import init_keys
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import create_record, update_record
from tawthiq.services.workspace import Workspace, open_workspace
from tawthiq.web import create_app
from tests.conftest import SAMPLES, _free_port
from tests.support import OWNER

PASSWORD = "correct horse battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TWO_FACTOR_USERS = ("admin", "coordinator")
LEVELS = ("public", "internal", "restricted")


@dataclass
class Seeded:
    """One event (with an act) per confidentiality level, and a restricted source on the public event."""

    events: dict[str, str]
    acts: dict[str, str]
    evidence: dict[str, str]  # an evidence item per level, attached to the event of that level
    reports: dict[str, str]
    source: str
    person: str = ""  # a public person, "Ahmad al-Hasan" (أحمد الحسن)


def seed(ws: Workspace) -> Seeded:
    for role in Role:
        accounts.create_user(ws, username=role.value, role=role.value, password=PASSWORD)
    for username in TWO_FACTOR_USERS:  # the roles that need a second factor by default, with a known secret
        two_factor.enrol_user(ws, username=username)
        with ws.transaction() as session:
            user_id = session.scalar(select(User.id).where(User.username == username))
            session.execute(update(UserSecurity).where(UserSecurity.user_id == user_id).values(totp_secret=TOTP_SECRET))
    events, acts = {}, {}
    for level in LEVELS:
        event = create_record(ws, kind="event", data={"title": f"Shelling of the {level} market", "start": "2015-07-14",
                                                      "confidentiality": level, "place_text": "Albu Kamal"})
        events[level] = event["id"]
        acts[level] = create_record(ws, kind="act", data={"event": event["id"], "type": "indiscriminate-attack",
                                                          "killed": 4, "confidentiality": level})["id"]
    evidence = {}
    for level in LEVELS:
        file = ws.settings.data_dir / f"{level}-notes.txt"
        file.write_text(f"Notes of the {level} witness", encoding="utf-8")
        item = add_evidence(ws, OWNER, paths=[file], event=events[level])[0]
        evidence[level] = update_record(ws, kind="evidence", ident=item.evidence_id,
                                        data={"confidentiality": level})["id"]
    reports = {level: create_record(ws, kind="report", data={
        "title": f"Report of the {level} witness", "text": "Shelling of the market in Albu Kamal.",
        "confidentiality": level})["id"] for level in LEVELS}
    init_keys(ws, OWNER)  # a source's identity is sealed with the organisation's key as it is written
    source = create_record(ws, kind="source", data={"pseudonym": "Abu Khaled", "identity": "Real Name Khaled",
                                                    "confidentiality": "restricted"})
    create_record(ws, kind="information", data={"source": source["id"], "event": events["public"],
                                                "confidentiality": "restricted"})
    person = create_record(ws, kind="person", data={"name": "Ahmad al-Hasan", "name_ar": "أحمد الحسن",
                                                    "confidentiality": "public"})
    return Seeded(events, acts, evidence, reports, source["id"], person["id"])


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    """An initialised, seeded SQLite data directory, made once; each test gets its own copy (much faster than
    building the schema, vocabularies and Argon2 hashes again for every test)."""
    data = tmp_path_factory.mktemp("web-template") / "data"
    workspace = open_workspace(Settings(data_dir=data, user="tester", samples_dir=SAMPLES))
    init_workspace(workspace)
    seeded = seed(workspace)
    workspace.close()
    return data, seeded


@pytest.fixture
def web_settings(tmp_path: Path, _seeded_template: tuple[Path, Seeded]) -> Settings:
    """Settings of a fresh copy of the seeded SQLite data directory. Tests that use ``both_client`` run on
    PostgreSQL too."""
    shutil.copytree(_seeded_template[0], tmp_path / "data")
    return Settings(data_dir=tmp_path / "data", user="tester", samples_dir=SAMPLES)


@pytest.fixture
def web_ws(web_settings: Settings) -> Iterator[Workspace]:
    workspace = open_workspace(web_settings)
    yield workspace
    workspace.close()


@pytest.fixture
def seeded(_seeded_template: tuple[Path, Seeded]) -> Seeded:
    return _seeded_template[1]


@pytest.fixture
def app_client(web_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings)) as client:
        yield client


@pytest.fixture
def both_seeded(ws: Workspace) -> Seeded:
    return seed(ws)


@pytest.fixture
def both_client(settings: Settings, both_seeded: Seeded) -> Iterator[TestClient]:
    """A client on each database backend (SQLite and PostgreSQL)."""
    with TestClient(create_app(settings)) as client:
        yield client


def totp_code(ws: Workspace, username: str) -> str | None:
    """A two-factor code the server has not seen yet for ``username`` (None for users without a second factor)."""
    if username not in TWO_FACTOR_USERS:
        return None
    with ws.reading() as session:
        last = session.scalar(select(UserSecurity.totp_last_step).join(User, User.id == UserSecurity.user_id)
                              .where(User.username == username)) or 0
    while True:
        now = time.time()
        current = int(now) // 30
        # Each code works once; the server accepts one step either side of the time it checks the code. A code of
        # the step before now stops working when the next step begins, which can happen before the server checks it
        # (after the password hash): in the last seconds of a step, start from the current one.
        oldest = current - 1 if now % 30 < 25 else current
        step = max(oldest, last + 1)
        if step <= current + 1:
            return str(pyotp.TOTP(TOTP_SECRET).generate_otp(step))
        time.sleep(30 - now % 30 + 0.1)  # every code the server would take is used: the next step brings one more


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the API (with a two-factor code where needed); returns the CSRF token for writes."""
    code = totp_code(client.app.state.ws, username)  # type: ignore[attr-defined]
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password, "code": code})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


@pytest.fixture
def server(web_settings: Settings) -> Iterator[str]:
    """The app served by uvicorn in a thread of this process, on a free loopback port."""
    port = _free_port()
    config = uvicorn.Config(create_app(web_settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()
