"""Evidence intake throughput and memory: `tawthiq evidence add` of one large file against `sha256sum`.

Writes a file of random bytes (1 GiB; 64 MiB with --small), then runs, 3 repetitions each with the order
rotated every repetition: `sha256sum FILE`, `tawthiq evidence add FILE` (a subprocess, Python start-up
included) and `add_evidence()` called in this process (no start-up). Each tawthiq run gets a fresh data
dir, initialised before the clock starts, so the file is never a duplicate. Per-child wall time and peak
RSS come from os.wait4. Reports median seconds, MB/s (10^6 bytes), the throughput ratio tawthiq/sha256sum
(aim >= 0.8) and the CLI's peak RSS (aim <= 100 MB). Caches cannot be dropped: the input is read from the
page cache by every contender; tawthiq also writes (and fsyncs) a copy, sha256sum only reads.

Run:  .venv/bin/python bench/ingest_bench.py [--small] [--mib N]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import TAWTHIQ, child, print_table

REPS = 3
RATIO_AIM = 0.8
RSS_AIM_MB = 100.0
# The in-process contender runs in its own interpreter: only the add_evidence() call is timed. Keeping this
# process free of tawthiq imports also keeps every child's ru_maxrss honest: on Linux a child's peak RSS
# counts the parent's resident size at fork/exec, so a big parent would inflate every figure.
IN_PROCESS = """
import sys, time
from pathlib import Path
from tawthiq.config import Settings
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.workspace import open_workspace
ws = open_workspace(Settings(data_dir=Path(sys.argv[2]), user="bench"))
init_workspace(ws)
start = time.perf_counter()
added = add_evidence(ws, paths=[Path(sys.argv[1])])
elapsed = time.perf_counter() - start
assert len(added) == 1 and not added[0].duplicate
print(elapsed)
"""


def make_file(path: Path, mib: int) -> None:
    with path.open("wb") as out:
        for _ in range(mib):
            out.write(os.urandom(1 << 20))


def fresh_env(work: Path, tag: str) -> dict[str, str]:
    data = work / tag
    shutil.rmtree(data, ignore_errors=True)
    env = {**os.environ, "TAWTHIQ_DATA_DIR": str(data), "TAWTHIQ_USER": "bench"}
    child([TAWTHIQ, "init"], env)
    return env


def run_sha(file: Path, work: Path) -> tuple[float, int]:
    result = child(["sha256sum", str(file)], dict(os.environ))
    return result.seconds, result.peak_kib


def run_cli(file: Path, work: Path) -> tuple[float, int]:
    env = fresh_env(work, "cli")
    try:
        result = child([TAWTHIQ, "evidence", "add", str(file)], env)
        return result.seconds, result.peak_kib
    finally:
        shutil.rmtree(env["TAWTHIQ_DATA_DIR"], ignore_errors=True)


def run_inprocess(file: Path, work: Path) -> tuple[float, int]:
    """Seconds of the add_evidence() call alone; peak RSS of the whole interpreter that made it."""
    data = work / "inproc"
    shutil.rmtree(data, ignore_errors=True)
    try:
        result = child([sys.executable, "-c", IN_PROCESS, str(file), str(data)], dict(os.environ), capture=True)
        return float(result.stdout.strip().splitlines()[-1]), result.peak_kib
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a 64 MiB file (smoke check)")
    parser.add_argument("--mib", type=int, help="file size in MiB (default 1024; 64 with --small)")
    opts = parser.parse_args()
    mib = opts.mib or (64 if opts.small else 1024)
    contenders: dict[str, Callable[[Path, Path], tuple[float, int]]] = {
        "sha256sum": run_sha, "tawthiq evidence add (CLI)": run_cli, "add_evidence() in-process": run_inprocess,
    }
    names = list(contenders)
    times: dict[str, list[float]] = {n: [] for n in names}
    rss: dict[str, list[int]] = {n: [] for n in names}
    work = Path(tempfile.mkdtemp(prefix="tawthiq-ingest-bench-"))
    try:
        file = work / "evidence.bin"
        t0 = time.perf_counter()
        make_file(file, mib)
        size = file.stat().st_size
        print(f"wrote {mib} MiB of random bytes in {time.perf_counter() - t0:.1f} s", flush=True)
        for rep in range(REPS):
            order = names[rep % len(names):] + names[:rep % len(names)]
            for name in order:
                seconds, kib = contenders[name](file, work)
                times[name].append(seconds)
                rss[name].append(kib)
                print(f"rep {rep + 1}: {name:<28} {seconds:7.2f} s  {size / seconds / 1e6:7.0f} MB/s"
                      + f"  peak RSS {kib / 1024:.1f} MiB", flush=True)
        med = {n: statistics.median(times[n]) for n in names}
        mbps = {n: size / med[n] / 1e6 for n in names}
        cli, inproc, sha = names[1], names[2], names[0]
        cli_rss_mb = max(rss[cli]) * 1024 / 1e6
        rows = [("file size", f"{size / 1e6:.0f} MB ({mib} MiB)"), ("repetitions", f"{REPS}, order rotated")]
        for n in names:
            peak = f", peak RSS {max(rss[n]) / 1024:.1f} MiB"
            rows.append((n, f"median {med[n]:.2f} s, {mbps[n]:.0f} MB/s{peak}"))
        rows.append(("(peak RSS floor: this bench process)",
                     f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"))
        rows += [
            ("ratio CLI / sha256sum (aim >= 0.8)", f"{mbps[cli] / mbps[sha]:.2f}"
             + ("  ok" if mbps[cli] / mbps[sha] >= RATIO_AIM else "  BELOW AIM")),
            ("ratio in-process / sha256sum", f"{mbps[inproc] / mbps[sha]:.2f}"
             + ("  ok" if mbps[inproc] / mbps[sha] >= RATIO_AIM else "  BELOW AIM")),
            ("CLI minus in-process s (start-up, output)", f"{med[cli] - med[inproc]:.2f}"),
            ("CLI peak RSS (aim <= 100 MB)", f"{cli_rss_mb:.1f} MB ({max(rss[cli]) / 1024:.1f} MiB)"
             + ("  ok" if cli_rss_mb <= RSS_AIM_MB else "  ABOVE AIM")),
        ]
        print_table(rows)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
