"""Two writers at once: the audit chain stays one unbroken line, on SQLite and PostgreSQL."""

import threading

from sqlalchemy import func, select

from tawthiq.db.models import AuditEntry, Event
from tawthiq.services.evidence.integrity import verify_workspace
from tawthiq.services.records.store import create_record
from tawthiq.services.workspace import Workspace
from tests.support import OWNER


def test_concurrent_writers_never_fork_the_audit_chain(ws: Workspace) -> None:
    with ws.reading() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    failures: list[BaseException] = []

    def write(name: str) -> None:
        try:
            for n in range(15):
                create_record(ws, kind="event", data={"title": f"{name} {n}", "start": "2015"})
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(f"writer {i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with ws.reading() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 30
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before + 30
    report = verify_workspace(ws, OWNER)
    assert report.ok, report.problems
