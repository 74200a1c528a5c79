"""The demo case: our hand coding of the sample report, loaded once."""

from __future__ import annotations

import json
import uuid
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select

from tawthiq.db.models import Place, Report
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import References, Writer
from tawthiq.services.records.validation import from_user_input
from tawthiq.services.workspace import Workspace

DEMO_NAMESPACE = uuid.UUID("0b7a4f3e-2c51-4f0e-8a55-64656d6f6361")


def demo_id(ref: str) -> str:
    """The id of a demo record. A place the gazetteer has takes the gazetteer's id: whichever is loaded first, the
    demo and the gazetteer share one record of it."""
    from tawthiq.services.coding.gazetteer import place_id

    named = _gazetteer_places().get(ref)
    return place_id(*named) if named else str(uuid.uuid5(DEMO_NAMESPACE, ref))


@cache
def _gazetteer_places() -> dict[str, tuple[str, str]]:
    return {item["ref"]: (item["data"]["gazetteer"], item["data"]["gazetteer_id"]) for item in demo_case()["records"]
            if item["kind"] == "place" and item["data"].get("gazetteer_id")}


def demo_case() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (resources.files("tawthiq") / "demo" / "albu-kamal.json").read_text(encoding="utf-8")
    )
    return data


def load_demo(ws: Workspace, account: Principal) -> dict[str, Any]:
    """Load the demo case into an initialised workspace as ``account``; a second call changes nothing.

    When the sample report is found (``TAWTHIQ_SAMPLES_DIR``, by default ``../shared/samples``), its file
    goes into the evidence store, attached to the report, and its text becomes the report's text.
    Raises Forbidden unless the account may maintain the data directory.
    """
    ensure(account, Action.MAINTAIN, what="(load the demo case)")
    ws = acting(ws, account)
    case = demo_case()
    report_id = demo_id("report")
    with ws.reading() as session:
        if session.get(Report, report_id) is not None:
            return {"loaded": False, "reason": "the demo case is already loaded"}
    sample = ws.settings.samples_dir / case["sample_file"]
    counts: dict[str, int] = {}
    with ws.transaction() as session:
        writer = Writer(session, ws.user)
        refs = References(session)
        for item in case["records"]:
            spec = KINDS[item["kind"]]
            if item["ref"] in _gazetteer_places() and session.get(Place, demo_id(item["ref"])) is not None:
                refs.add("place", demo_id(item["ref"]))  # the gazetteer's record, loaded already
                counts["gazetteer places used"] = counts.get("gazetteer places used", 0) + 1
                continue
            raw = {
                k: demo_id(v[1:]) if isinstance(v, str) and v.startswith("@") else v for k, v in item["data"].items()
            }
            if item["ref"] == "report" and sample.is_file():
                raw["text"] = sample.read_text(encoding="utf-8")
            values = refs.resolve(spec, from_user_input(spec, raw, partial=False))
            values["id"] = demo_id(item["ref"])
            writer.insert(spec, values)
            refs.add(spec.name, values["id"])
            counts[spec.plural] = counts.get(spec.plural, 0) + 1
        writer.flush()
    if sample.is_file():
        added = add_evidence(ws, account, paths=[sample], report=report_id)
        with ws.transaction() as session:
            report = session.execute(select(Report).where(Report.id == report_id)).scalar_one()
            current = {c.key: getattr(report, c.key) for c in report.__table__.columns}
            session.expunge(report)
            writer = Writer(session, ws.user)
            writer.change(KINDS["report"], current, {"evidence_id": added[0].evidence_id}, change="update")
            writer.flush()
        counts["evidence"] = 1
    return {"loaded": True, "sample_found": sample.is_file(), **counts}
