"""What the benchmarks share: running one child process and measuring it alone, and printing the table."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TAWTHIQ = str(Path(sys.executable).parent / "tawthiq")


@dataclass(frozen=True)
class Child:
    code: int
    seconds: float
    peak_kib: int  # ru_maxrss of this child alone (os.wait4), in KiB on Linux
    stdout: str


def child(cmd: list[str], env: dict[str, str], *, check: bool = True, capture: bool = False) -> Child:
    """Run one process and measure it on its own. With ``check``, a non-zero exit raises with its stderr."""
    start = time.perf_counter()
    # files, not pipes: a chatty child cannot block
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out if capture else subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        if check and code != 0:
            raise RuntimeError(f"{' '.join(cmd[:3])} exited {code}: {err.read().decode(errors='replace')[-2000:]}")
        return Child(code, elapsed, usage.ru_maxrss, out.read().decode(errors="replace"))


def print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print("-" * (width + 40))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print("-" * (width + 40))
