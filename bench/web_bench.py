"""Web latency on SQLite: p50/p95 of the event list, search, event page, dashboard, and of an event linked to 500
records.

A bench fixture: after init_workspace, N events (2,000 by default; --events) each with one act and one perpetrator, plus
one event with 250 acts, each with a perpetrator (500 linked records), are written through the services' Writer in one
transaction; the search index catches up once. Requests go through the app factory in process (Starlette's
TestClient, no network), logged in as a coordinator by session cookie, after a warm-up; the event list and an event
page also as a documenter (a clearance below the highest: every read is checked against the levels of what owns the
record). Aims: p95 <= 200 ms.

Load test (--users N, 0 to skip): `tawthiq serve --workers W` (uvicorn; --workers, default 2) on a loopback port, and
N concurrent virtual users, each logged in as a documenter with its own session, doing a mix for --seconds: 40% browse
the event list, 25% search (Latin and Arabic), 25% open an event, 10% create an event through the API. It prints
requests/s, p50/p95 and errors. Aims: no errors, p95 <= 300 ms with 50 users.
Run:  .venv/bin/python bench/web_bench.py [--events N] [--rounds R] [--users N] [--seconds S] [--workers W] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx2 as httpx  # the HTTP client the test extra installs: `make venv` is all a bench needs
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.config import Settings
from tawthiq.db import schema
from tawthiq.db.models import Event
from tawthiq.search.backend import full_text_for
from tawthiq.services.accounts import users as accounts
from tawthiq.services.browse import eventview
from tawthiq.services.browse.indexing import catch_up
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import Writer
from tawthiq.services.records.vocabularies import actor_id
from tawthiq.services.workspace import Workspace, open_workspace
from tawthiq.web import create_app

TYPES = ["indiscriminate-attack", "killing", "arbitrary-detention", "attack-on-civilian-objects"]
ACTORS = ["islamic-state", "syrian-government-forces", "hayat-tahrir-al-sham"]


def _fill(ws: Workspace, events: int) -> str:
    start = date(2012, 1, 1)
    with ws.transaction() as session:
        writer = Writer(session, "bench")
        for i in range(events):
            event = writer.insert(KINDS["event"], {
                "title": f"Shelling of the market {i} in Albu Kamal", "status": "unverified",
                "start_date": start + timedelta(days=i % 4000), "date_precision": "day",
                "place_text": "Albu Kamal", "confidentiality": ("public", "internal")[i % 2]})
            act = writer.insert(KINDS["act"], {"event_id": event["id"], "type_id": f"violation-types:{TYPES[i % 4]}",
                                               "killed": i % 9})
            writer.insert(KINDS["involvement"], {"act_id": act["id"], "actor_id": actor_id(ACTORS[i % 3]),
                                                 "degree_id": "involvement-degrees:carried-out"})
        big = writer.insert(KINDS["event"], {"title": "Siege of the old city", "status": "corroborated"})
        for i in range(250):
            act = writer.insert(KINDS["act"], {"event_id": big["id"], "type_id": f"violation-types:{TYPES[i % 4]}",
                                               "killed": 1})
            writer.insert(KINDS["involvement"], {"act_id": act["id"], "actor_id": actor_id(ACTORS[i % 3]),
                                                 "degree_id": "involvement-degrees:carried-out"})
        writer.flush()
    with ws.transaction() as session:
        catch_up(session, full_text_for(ws.engine.dialect.name))
    return str(big["id"])


MIX = (("browse", 40), ("search", 25), ("view", 25), ("create", 10))
SEARCHES = ("market", "البوكمال", "shelling albu", "siege")
PASSWORD = "bench password 1"


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * share) - 1)] if ordered else 0.0


async def _virtual_user(base: str, name: str, ids: list[str], until: float, times: dict[str, list[float]],
                        errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        login = await client.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD})
        csrf = login.json()["csrf_token"]
        chooser = random.Random(name)
        while time.perf_counter() < until:
            action = chooser.choices([m for m, _w in MIX], [w for _m, w in MIX])[0]
            began = time.perf_counter()
            if action == "browse":
                response = await client.get("/events")
            elif action == "search":
                response = await client.get("/events", params={"q": chooser.choice(SEARCHES)})
            elif action == "view":
                response = await client.get(f"/events/{chooser.choice(ids)}")
            else:
                response = await client.post("/api/v1/events", headers={"X-CSRF-Token": csrf},
                                             json={"title": f"Raid reported by {name}", "start": "2016-03"})
            times[action].append((time.perf_counter() - began) * 1000)
            if response.status_code >= 400:
                errors.append(f"{action}: {response.status_code}")


async def _load(base: str, users: list[str], ids: list[str],
                seconds: float) -> tuple[dict[str, list[float]], list[str]]:
    times: dict[str, list[float]] = {m: [] for m, _w in MIX}
    errors: list[str] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_virtual_user(base, name, ids, until, times, errors) for name in users))
    return times, errors


def load_test(settings: Settings, ws: Workspace, *, users: int, seconds: float, workers: int) -> None:
    """`tawthiq serve --workers` in its own processes, and ``users`` concurrent virtual users for ``seconds``."""
    names = [f"reader{i}" for i in range(users)]
    existing = {a.username for a in accounts.list_users(ws)}
    for name in names:
        if name not in existing:
            accounts.create_user(ws, username=name, role="documenter", password=PASSWORD)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TAWTHIQ_DATA_DIR": str(settings.data_dir), "TAWTHIQ_USER": "bench",
           "TAWTHIQ_TWO_FACTOR_ROLES": ""}
    server = subprocess.Popen([str(Path(sys.executable).with_name("tawthiq")), "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(workers)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        with TestClient(create_app(settings)) as client:
            client.post("/api/v1/auth/login", json={"username": names[0], "password": PASSWORD})
            ids = [h["record_id"] for h in client.get("/api/v1/events?q=market&limit=200").json()["hits"]]
        began, generator_cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
        times, errors = asyncio.run(_load(base, names, ids, seconds))
        elapsed, generator_cpu = time.perf_counter() - began, _cpu(resource.RUSAGE_SELF) - generator_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    server_cpu = _cpu(resource.RUSAGE_CHILDREN)  # the server and its workers, once they have exited
    every = [t for values in times.values() for t in values]
    print(f"load: {users} concurrent users for {elapsed:.0f} s against `tawthiq serve --workers {workers}` on loopback")
    print(f"{'action':34} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for action, values in times.items():
        print(f"{action:34} {len(values):8} {statistics.median(values) if values else 0:8.1f} "
              f"{_percentile(values, 0.95):8.1f}")
    print(f"{'all':34} {len(every):8} {statistics.median(every) if every else 0:8.1f} {_percentile(every, 0.95):8.1f}")
    print(f"throughput: {len(every) / elapsed:.1f} requests/s; errors: {len(errors)}"
          + (f" (first: {errors[0]})" if errors else ""))
    print(f"CPU: server {server_cpu:.0f} s (start-up included, "
          f"{server_cpu / max(len(every), 1) * 1000:.0f} ms a request), "
          f"load generator {generator_cpu:.0f} s, over {elapsed:.0f} s on {os.cpu_count()} CPUs")


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--users", type=int, default=50, help="concurrent users of the load test (0: none)")
    parser.add_argument("--seconds", type=float, default=20, help="how long the load test runs")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes of the load test's server")
    parser.add_argument("--keep", type=Path, help="fill this folder once and reuse it on later runs (not removed)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tawthiq-web-bench-"))
    settings = Settings(data_dir=folder / "data", user="bench", two_factor_roles="")
    fresh = not (folder / "data" / "tawthiq.db").exists()
    ws = open_workspace(settings)
    if fresh:
        init_workspace(ws)
        began = time.perf_counter()
        big = _fill(ws, args.events)
        print(f"{args.events:,} events (+1 with 500 linked records) written and indexed in "
              f"{time.perf_counter() - began:.1f} s")
        accounts.create_user(ws, username="coord", role="coordinator", password=PASSWORD)
    else:
        with ws.reading() as session:
            big = session.scalar(select(Event.id).where(Event.title == "Siege of the old city"))
        schema.upgrade(ws.engine)  # a folder kept from an earlier version gets the new indexes
        print(f"reusing the events in {folder}")
    coordinator = next(a for a in accounts.list_users(ws) if a.username == "coord")
    if not any(a.username == "doc" for a in accounts.list_users(ws)):  # a folder kept from before it was added
        accounts.create_user(ws, username="doc", role="documenter", password=PASSWORD)
    for attempt in range(3):
        began = time.perf_counter()
        eventview.dashboard(ws, coordinator)
        print(f"dashboard counts computed (uncached, as after each write), run {attempt + 1}: "
              f"{(time.perf_counter() - began) * 1000:.0f} ms")
    app = create_app(settings)
    with TestClient(app) as client:
        client.post("/api/v1/auth/login", json={"username": "coord", "password": PASSWORD})
        documenter = TestClient(app)  # the same application, its own session
        documenter.post("/api/v1/auth/login", json={"username": "doc", "password": PASSWORD})
        one = client.get("/api/v1/events?q=market&limit=1").json()["hits"][0]["record_id"]
        paths = {"event list": "/events", "search (en)": "/events?q=market+albu", "search (ar)": "/events?q=البوكمال",
                 "event page": f"/events/{one}", "event with 500 linked": f"/events/{big}",
                 "dashboard (kept between writes)": "/",
                 "map (best 2,000 matches)": "/map?q=market", "type-ahead (actor)": "/api/v1/pick/actor?q=dawla",
                 "API event with 500 linked": f"/api/v1/events/{big}"}
        pages = [(name, client, path) for name, path in paths.items()] + [
            ("event list (documenter)", documenter, "/events"),
            ("event page (documenter)", documenter, f"/events/{one}")]
        print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8}")
        for name, reader, path in pages:
            assert reader.get(path).status_code == 200, path
            times = []
            for _ in range(args.rounds):
                t = time.perf_counter()
                reader.get(path)
                times.append((time.perf_counter() - t) * 1000)
            print(f"{name:34} {statistics.median(times):8.1f} {_percentile(times, 0.95):8.1f}")
    if args.users:
        load_test(settings, ws, users=args.users, seconds=args.seconds, workers=args.workers)
    ws.close()
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
