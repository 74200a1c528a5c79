"""Start-up of the command line: `tawthiq --help` and `tawthiq status` (on a fresh initialised data directory).

A command that does little should cost little: these two import only what they need. Prints the median wall time
and peak RSS of N runs of each (the child alone, measured with os.wait4), against the aim of 0.3 s and 60 MiB.

Run:  .venv/bin/python bench/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from _common import TAWTHIQ, child, print_table

AIM_SECONDS = 0.3
AIM_MIB = 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (the median is printed)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="tawthiq-startup-"))
    try:
        env = {**os.environ, "TAWTHIQ_DATA_DIR": str(root / "data"), "TAWTHIQ_USER": "bench"}
        child([TAWTHIQ, "init"], env)
        rows = [("runs of each", str(args.runs)), ("aim", f"<= {AIM_SECONDS} s, <= {AIM_MIB} MiB")]
        for name, command in (("--help", [TAWTHIQ, "--help"]), ("status", [TAWTHIQ, "status"])):
            runs = [child(command, env) for _ in range(args.runs)]
            seconds = statistics.median(r.seconds for r in runs)
            mib = statistics.median(r.peak_kib for r in runs) / 1024
            rows.append((f"tawthiq {name}", f"{seconds:.3f} s wall, {mib:.1f} MiB peak RSS (median)"))
        print_table(rows)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
