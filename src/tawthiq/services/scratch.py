"""What an operation must write for a while and never outside the data directory, and what a killed one leaves.

A backup's snapshot of the database lies in a private folder of the data directory (``.private/``, 0700), never in
the system's temporary folder, where a process killed midway would leave a plaintext copy that nobody cleans and
any account may list. Each operation's folder holds a lock (``flock``) for as long as the operation lives: the
kernel lets go of it when the process dies, however it dies, so a folder nobody holds is a leftover, and one held
is work in progress that ``clean`` leaves alone. The same lock marks the temporary files of evidence intakes
(blobs/local.py) and the partial output files that backups and bundles write outside the data directory.

``verify`` lists the leftovers as notes; ``tawthiq clean``, ``tawthiq init`` and ``tawthiq serve`` remove them
(an audit entry says what and how much).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import AuditChain
from tawthiq.services.workspace import Workspace

PRIVATE = ".private"
_LOCK = ".lock"
_PARTIAL = ".partial"  # the path of an output file the operation writes elsewhere, if any


@dataclass(frozen=True)
class Leftover:
    """Something an interrupted operation left: where, how many bytes, and what it is."""

    path: str
    size: int
    what: str  # "intake" (evidence .tmp), "scratch" (a private folder), "partial" (an unfinished output file)

    def describe(self) -> str:
        kinds = {"intake": "the temporary file of an interrupted evidence intake",
                 "scratch": "the private scratch folder of an interrupted operation",
                 "partial": "an unfinished output file of an interrupted backup or bundle"}
        return f"leftover {self.path} ({self.size:,} bytes): {kinds[self.what]}; `tawthiq clean` removes it"


def private_root(data_dir: Path) -> Path:
    return data_dir / PRIVATE


@contextmanager
def private_scratch(data_dir: Path, purpose: str, *, partial: Path | None = None) -> Iterator[Path]:
    """A new folder ``.private/PURPOSE-…`` in ``data_dir``, 0700 whatever the umask, held by this process while the
    block runs and removed when it ends, however it ends. ``partial``: an output file the operation writes outside
    the data directory, which ``verify`` reports and ``clean`` removes if the process is killed before it is done."""
    root = private_root(data_dir)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    root.chmod(0o700)
    folder = Path(tempfile.mkdtemp(prefix=f"{purpose}-", dir=root))  # 0700
    lock = os.open(folder / _LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if partial is not None:
            (folder / _PARTIAL).write_text(str(partial.resolve()), encoding="utf-8")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def interrupted(data_dir: Path, purpose: str) -> bool:
    """Whether an operation ``purpose`` was killed in ``data_dir``: its scratch folder is there and nobody holds it."""
    root = private_root(data_dir)
    return root.is_dir() and any(folder.name.startswith(f"{purpose}-") and folder.is_dir()
                                 and not _held(folder / _LOCK) for folder in root.iterdir())


def _held(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False  # a folder killed before its lock was made
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except FileNotFoundError:
                continue
    return total


def find_leftovers(ws: Workspace) -> list[Leftover]:
    """Everything interrupted operations left behind and nobody is working on now, with sizes. Reads only."""
    found = [Leftover(name, size, "intake") for name, size in ws.blobs.leftovers()]
    root = private_root(ws.settings.data_dir)
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or _held(folder / _LOCK):
            continue
        marker = folder / _PARTIAL
        if marker.is_file():
            output = Path(marker.read_text(encoding="utf-8").strip())
            if output.is_file():
                found.append(Leftover(str(output), output.stat().st_size, "partial"))
        found.append(Leftover(str(folder), _size(folder), "scratch"))
    return found


def remove_leftovers(ws: Workspace) -> dict[str, Any]:
    """Remove what ``find_leftovers`` finds and record it in the audit log (when there was anything): for
    ``tawthiq init`` and ``serve``, which run before any account acts. Returns what was removed and its bytes."""
    found = find_leftovers(ws)
    removed: list[Leftover] = []
    for item in found:
        path = Path(item.path)
        try:
            if item.what == "scratch":
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue
        removed.append(item)
    result = {"removed": [asdict(item) for item in removed], "bytes": sum(item.size for item in removed)}
    if removed:  # after the removal: on a full disk, this is what makes room for the entry
        with ws.transaction() as session:
            chain = AuditChain(session)
            chain.append(actor=ws.user, action="clean", details={
                "removed": len(removed), "bytes": result["bytes"],
                "kinds": {what: sum(i.what == what for i in removed) for what in sorted({i.what for i in removed})}})
            chain.flush()
    return result


def clean(ws: Workspace, account: Principal) -> dict[str, Any]:
    """``tawthiq clean``: remove what interrupted operations left (intake temporary files, private scratch folders,
    unfinished backup and bundle files), as ``account``; recorded. Raises Forbidden unless the role may maintain the
    data directory."""
    from tawthiq.services.records.access import acting  # on first use: `verify` and `init` need none of it

    ensure(account, Action.MAINTAIN, what="(clean the data directory)")
    return remove_leftovers(acting(ws, account))
