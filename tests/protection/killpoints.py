"""Run a `tawthiq` command that stops at a named point, says so in a file and waits there to be killed.

``python -m tests.protection.killpoints POINT READY -- tawthiq-args…`` (tests/protection/test_crashes.py). Each point
wraps one function in this process only: the command runs as it does for a user up to there.
"""

from __future__ import annotations

import os
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from tawthiq.blobs import local
from tawthiq.services.protection import backup
from tawthiq.sync import archive


def _stop(ready: Path) -> None:
    ready.write_text(str(os.getpid()))
    while True:  # until SIGKILL
        time.sleep(60)


def _on_call(owner: Any, name: str, ready: Path, *, call: int = 1, after: bool = False) -> None:
    """Stop at the ``call``-th call of ``owner.name``: before it runs, or ``after`` it returned."""
    original: Callable[..., Any] = getattr(owner, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == call and not after:
            _stop(ready)
        result = original(*args, **kwargs)
        if calls[0] == call and after:
            _stop(ready)
        return result

    setattr(owner, name, wrapper)


def _mid_copy(ready: Path, *, reads: int = 3) -> None:
    """Stop an evidence write into ``.tmp/`` after ``reads`` chunks, with what was read so far on the disk."""
    original = local._copy_hashing

    def copy(stream: BinaryIO, out: BinaryIO, progress: Any) -> tuple[str, int]:
        count = [0]

        class Stopping:
            def read(self, size: int = -1) -> bytes:
                count[0] += 1
                if count[0] == reads:
                    time.sleep(0.5)  # the writer thread puts what it was given on the disk
                    out.flush()
                    _stop(ready)
                return stream.read(size)

        return original(Stopping(), out, progress)  # type: ignore[arg-type]

    local._copy_hashing = copy


POINTS: dict[str, Callable[[Path], None]] = {
    "evidence-mid-copy": _mid_copy,
    "evidence-stored-not-recorded": lambda ready: _on_call(local.LocalBlobStore, "put", ready, after=True),
    "ingest-mid-copy": _mid_copy,
    "backup-after-snapshot": lambda ready: _on_call(backup, "_snapshot", ready, after=True),
    "backup-mid-archive": lambda ready: _on_call(tarfile.TarFile, "addfile", ready, call=4),  # database, key, a.bin
    "bundle-export-mid-write": lambda ready: _on_call(archive.BundleWriter, "add_file", ready, call=2),
    "bundle-import-mid-check": lambda ready: _on_call(archive, "_member_digest", ready, call=2),
    "bundle-import-mid-store": _mid_copy,
    "restore-mid-extract": lambda ready: _on_call(local.LocalBlobStore, "put", ready, call=2),
}


def main() -> None:
    point, ready, separator, *args = sys.argv[1:]
    assert separator == "--"
    POINTS[point](Path(ready))
    from tawthiq.cli import main as tawthiq

    sys.argv = ["tawthiq", *args]
    tawthiq()


if __name__ == "__main__":
    main()
