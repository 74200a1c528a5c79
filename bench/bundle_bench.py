"""Sealed bundles and sealed fields: how fast, and what they cost.

1. Bundle export and import of N records (default 10,000 events; 1,000 with --small) with E MiB of evidence
   (default 1024; 32 with --small) in 1 MiB files, between two fresh SQLite instances in /tmp. MB/s of each
   (bundle bytes over wall time), as a ratio to a plain copy of the same bytes (shutil.copyfile of the bundle
   file, page cache dropped as far as a user can: the copy reads a file written moments before, like export).
2. Decryption overhead on list pages: the latency of listing 50 sources with the protected fields hidden
   (what every list shows) against listing them with identity and contact opened (an authorised reveal),
   median of 30 runs each.

Run:  .venv/bin/python bench/bundle_bench.py [--small] [--records N] [--evidence-mb M]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import print_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from sqlalchemy import select

from tawthiq.config import Settings
from tawthiq.db.models import Source
from tawthiq.services.accounts.users import operator_account
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.protection import bundles, instance, keys as protection
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import Writer, hide_protected, row_dict
from tawthiq.services.workspace import Workspace, open_workspace


def _instance(root: Path, name: str) -> Workspace:
    ws = open_workspace(Settings(data_dir=root / name, user=f"{name}-bench"))
    init_workspace(ws)
    return ws


def _fill(ws: Workspace, root: Path, records: int, evidence_mb: int) -> None:
    with ws.transaction() as session:
        writer = Writer(session, ws.user)
        for number in range(records):
            writer.insert(KINDS["event"],
                          {"title": f"Shelling of the market, report {number}", "description": "x" * 200})
            if len(writer.versions) >= 5000:
                writer.flush()
        for number in range(200):
            writer.insert(KINDS["source"], {"pseudonym": f"Source {number}", "identity": f"Real name {number}",
                                            "contact": f"+963 {number:08d}"})
        writer.flush()
    files = root / "files"
    files.mkdir()
    for number in range(evidence_mb):
        (files / f"photo-{number:05d}.bin").write_bytes(os.urandom(1 << 20))
    add_evidence(ws, operator_account(ws), paths=[files])
    shutil.rmtree(files)


def _mb_s(size: int, seconds: float) -> float:
    return size / (1 << 20) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--records", type=int)
    parser.add_argument("--evidence-mb", type=int)
    args = parser.parse_args()
    records = args.records or (1_000 if args.small else 10_000)
    evidence_mb = args.evidence_mb or (32 if args.small else 1024)
    root = Path(tempfile.mkdtemp(prefix="tawthiq-bundle-bench-"))
    try:
        sender, receiver = _instance(root, "field"), _instance(root, "hq")
        instance.trust(receiver, operator_account(receiver), key=instance.public_key(sender, operator_account(sender)),
                       name="field")
        _fill(sender, root, records, evidence_mb)
        bundle = root / "field.tqs"
        start = time.perf_counter()
        made = bundles.export_bundle(sender, operator_account(sender), since=0,
                                     recipient=instance.public_key(receiver, operator_account(receiver)), out=bundle)
        export_s = time.perf_counter() - start
        size = bundle.stat().st_size
        start = time.perf_counter()
        shutil.copyfile(bundle, root / "plain-copy")
        copy_s = time.perf_counter() - start
        (root / "plain-copy").unlink()
        start = time.perf_counter()
        imported = bundles.import_bundle(receiver, operator_account(receiver), path=bundle)
        import_s = time.perf_counter() - start
        hidden, shown = _list_latency(sender)
        copy_rate = _mb_s(size, copy_s)
        print_table([
            ("records in the bundle", f"{made['records']:,} ({imported['imported']:,} imported)"),
            ("evidence", f"{made['evidence_files']:,} files, {evidence_mb:,} MiB"),
            ("bundle size", f"{size / (1 << 20):,.1f} MiB"),
            ("plain copy", f"{copy_rate:,.0f} MB/s ({copy_s:.2f} s)"),
            ("bundle export",
             f"{_mb_s(size, export_s):,.0f} MB/s ({export_s:.2f} s), {_mb_s(size, export_s) / copy_rate:.2f} × copy"),
            ("bundle import",
             f"{_mb_s(size, import_s):,.0f} MB/s ({import_s:.2f} s), {_mb_s(size, import_s) / copy_rate:.2f} × copy"),
            ("list 50 sources, protected hidden", f"{hidden * 1000:.1f} ms (median)"),
            ("list 50 sources, protected opened", f"{shown * 1000:.1f} ms (median), +{(shown - hidden) * 1000:.1f} ms"),
        ])
        sender.close()
        receiver.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)  # the instances' key files lie inside it too


def _list_latency(ws: Workspace) -> tuple[float, float]:
    """The same query and conversion twice: once hiding the protected fields, once opening them."""
    private = protection.unlock(ws)  # unlocked once, as a server holding the key would
    spec = KINDS["source"]
    hidden, shown = [], []
    for _ in range(30):
        for opened, times in ((False, hidden), (True, shown)):
            start = time.perf_counter()
            with ws.reading() as session:
                rows = session.scalars(select(Source).order_by(Source.created_at).limit(50)).all()
                page = [row_dict(spec, r) for r in rows]
            page = [protection.reveal_values(private, spec, r) if opened else hide_protected(spec, r) for r in page]
            times.append(time.perf_counter() - start)
            assert len(page) == 50 and (page[0]["identity"] != "[protected]") == opened
    return statistics.median(hidden), statistics.median(shown)


if __name__ == "__main__":
    main()
