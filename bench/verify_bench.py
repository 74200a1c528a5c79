"""Bulk intake and `tawthiq verify` over many small-to-medium evidence files.

Writes N files of random bytes (default 10,000; 500 with --small), sizes log-uniform between 1 KiB and
256 KiB (a few hundred MB in all), times `tawthiq evidence add FOLDER` (files/s, MB/s), then times
`tawthiq verify` (must exit 0; files/s, MB/s, start-up included). Then, in this process, repeats the
steps of integrity.verify_workspace one by one to split the verify time: re-hashing the stored files, the
walk of the evidence folder, the audit-chain walk, the record-version check and the custody check.
The files are read from the page cache (caches cannot be dropped); they are random bytes, so no media
enrichment runs. Sizes are in MB = 10^6 bytes.

Run:  .venv/bin/python bench/verify_bench.py [--small] [--files N]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import TAWTHIQ, child, print_table


def make_files(folder: Path, count: int, seed: int = 11) -> int:
    """Write the files (unique content each); returns the total bytes."""
    rng = random.Random(seed)
    total = 0
    for i in range(count):
        size = int(math.exp(rng.uniform(math.log(1024), math.log(256 * 1024))))
        sub = folder / f"batch-{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"file-{i:05d}.bin").write_bytes(os.urandom(size))
        total += size
    return total


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def split_verify(data: Path) -> tuple[list[tuple[str, float]], Any]:
    """The steps of verify_workspace, timed one by one in this process (private helpers reused).

    Imported here, after the children ran: on Linux a child's ru_maxrss counts the parent's resident
    size at fork/exec, so this process stays small while it launches them.
    """
    from tawthiq.config import Settings
    from tawthiq.services.audit import walk_chain
    from tawthiq.services.evidence import integrity
    from tawthiq.services.evidence.store import iter_items
    from tawthiq.services.workspace import open_workspace

    ws = open_workspace(Settings(data_dir=data, user="bench"))
    report = integrity.VerifyReport()
    steps: list[tuple[str, float]] = []
    try:
        with ws.reading() as session:
            items: list[tuple[str, str, int]] = []
            steps.append(("list items (SQL)", timed(lambda: items.extend(iter_items(session)))))

            def files() -> None:
                for _id, sha256, size in items:
                    integrity._check_file(ws, sha256, size, report, None)
                    report.files_checked += 1

            steps.append(("re-hash stored files", timed(files)))
            steps.append(("walk evidence folder", timed(lambda: sum(1 for _ in ws.blobs.hashes()))))
            steps.append(("audit chain walk",
                          timed(lambda: report.problems.extend(p.describe() for p in walk_chain(session)))))
            steps.append(("record versions check", timed(lambda: integrity._check_versions(session, report))))
            steps.append(("custody check", timed(lambda: integrity._check_custody(session, report))))
    finally:
        ws.close()
    return steps, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="500 files (smoke check)")
    parser.add_argument("--files", type=int, help="number of files (default 10,000; 500 with --small)")
    opts = parser.parse_args()
    count = opts.files or (500 if opts.small else 10_000)
    work = Path(tempfile.mkdtemp(prefix="tawthiq-verify-bench-"))
    try:
        folder, data = work / "files", work / "data"
        env = {**os.environ, "TAWTHIQ_DATA_DIR": str(data), "TAWTHIQ_USER": "bench"}
        t0 = time.perf_counter()
        total = make_files(folder, count)
        print(f"wrote {count} files, {total / 1e6:.0f} MB, in {time.perf_counter() - t0:.1f} s", flush=True)
        child([TAWTHIQ, "init"], env)
        added = child([TAWTHIQ, "evidence", "add", str(folder)], env)
        add_s, add_kib = added.seconds, added.peak_kib
        print(f"evidence add: {add_s:.1f} s", flush=True)
        verified = child([TAWTHIQ, "verify"], env, check=False)
        vcode, verify_s, verify_kib = verified.code, verified.seconds, verified.peak_kib
        print(f"verify: exit {vcode}, {verify_s:.1f} s", flush=True)
        steps, report = split_verify(data)
        rows = [
            ("files", f"{count}"), ("total MB", f"{total / 1e6:.1f}"),
            ("evidence add FOLDER s (CLI)", f"{add_s:.2f}"),
            ("evidence add files/s", f"{count / add_s:,.0f}"), ("evidence add MB/s", f"{total / add_s / 1e6:.1f}"),
            ("evidence add peak RSS MiB", f"{add_kib / 1024:.1f}"),
            ("verify exit status", f"{vcode}" + ("  ok" if vcode == 0 else "  FAILED")),
            ("verify s (CLI)", f"{verify_s:.2f}"),
            ("verify files/s", f"{count / verify_s:,.0f}"), ("verify MB/s", f"{total / verify_s / 1e6:.1f}"),
            ("verify peak RSS MiB", f"{verify_kib / 1024:.1f}"),
            ("in-process split", f"{report.files_checked} files, {report.records_checked} records, "
                                 f"{len(report.problems)} problems"),
        ]
        split_total = sum(s for _, s in steps)
        rows += [(f"  {name}", f"{sec:.2f} s ({sec / split_total:.0%})") for name, sec in steps]
        rows.append(("  sum of steps", f"{split_total:.2f} s (CLI verify minus this: {verify_s - split_total:.2f} s)"))
        print_table(rows)
        return 0 if vcode == 0 and not report.problems else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
