"""Files at rest readable by their owner only, whatever the umask: the data directory and its folders 0700, the
database, keys and other files 0600, evidence files 0400.

New files are made so (blobs/local.py, services/scratch.py, the key files); ``tawthiq init`` tightens what an older
version or another tool left looser, and ``tawthiq status`` warns about it. Modes are only ever tightened.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from tawthiq.services.workspace import Workspace

DIR_MODE, FILE_MODE, EVIDENCE_MODE = 0o700, 0o600, 0o400
SHOWN = 10  # changes named one by one in init's output; more are counted


def _evidence_root(ws: Workspace) -> Path | None:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(ws.settings.resolved_evidence_url())
    return Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None


def _wanted(mode: int, *, folder: bool, evidence: bool) -> int:
    if folder:
        return DIR_MODE
    if evidence:
        return EVIDENCE_MODE
    return stat.S_IMODE(mode) & FILE_MODE  # never more than 0600; never looser than it was


def _walk(root: Path, evidence: Path | None) -> Iterator[tuple[Path, os.stat_result, bool, bool]]:
    """Every folder and file under ``root`` (itself included), not following links: (path, stat, is a folder, is a
    stored evidence file)."""
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        try:
            yield here, here.lstat(), True, False
        except FileNotFoundError:
            continue
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
        for name in files:
            path = here / name
            try:
                info = path.lstat()
            except FileNotFoundError:
                continue
            if stat.S_ISREG(info.st_mode):
                stored = evidence is not None and path.parent.parent.parent == evidence
                yield path, info, False, stored


def _places(ws: Workspace) -> list[Path]:
    evidence = _evidence_root(ws)
    places = [ws.settings.data_dir.resolve()]
    if evidence is not None and not evidence.resolve().is_relative_to(places[0]):
        places.append(evidence.resolve())
    return [p for p in places if p.is_dir()]


def tighten(ws: Workspace) -> list[str]:
    """Take group and other permissions from everything in the data directory, the evidence store and the key file
    (evidence files become read-only too). Returns what changed, as ``path (0755 -> 0700)``."""
    evidence = _evidence_root(ws)
    changed: list[str] = []

    def fix(path: Path, info: os.stat_result, folder: bool, stored: bool) -> None:
        old = stat.S_IMODE(info.st_mode)
        new = _wanted(old, folder=folder, evidence=stored)
        if new != old:
            os.chmod(path, new, follow_symlinks=False)
            changed.append(f"{path} ({old:04o} -> {new:04o})")

    for place in _places(ws):
        for path, info, folder, stored in _walk(place, evidence):
            fix(path, info, folder, stored)
    key_file = ws.settings.resolved_key_file()
    if key_file.is_file():
        fix(key_file, key_file.stat(), False, False)
    return changed


def loose(ws: Workspace) -> list[str]:
    """What others on the machine could read or enter: the data directory, its files and folders (the evidence
    folders to two levels, not each file: those folders closed suffice), and the key file. Cheap, for ``status``."""
    evidence = _evidence_root(ws)
    found: list[str] = []
    candidates: list[Path] = []
    for place in _places(ws):
        candidates.append(place)
        candidates.extend(place.iterdir())
    keys = ws.settings.data_dir.resolve() / "keys"
    if keys.is_dir():
        candidates.extend(keys.iterdir())
    if evidence is not None and evidence.is_dir():
        candidates.append(evidence)
        candidates.extend(p for p in evidence.iterdir() if p.is_dir())
    key_file = ws.settings.resolved_key_file()
    if key_file.is_file():
        candidates.append(key_file)
    for path in dict.fromkeys(candidates):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            found.append(f"{path} ({mode:04o})")
    return found


def shown(changes: list[str]) -> list[str]:
    """The first SHOWN changes, and how many more."""
    return changes[:SHOWN] + ([f"… and {len(changes) - SHOWN} more"] if len(changes) > SHOWN else [])
