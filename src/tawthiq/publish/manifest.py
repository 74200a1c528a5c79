"""The site's manifest: every file with its SHA-256 and size, signed by the instance key, and its check.

``manifest.json`` lists each file of the published folder (site and open data, everything but the manifest, its
signature and the site writer's private state file :data:`STATE`) sorted by path, with this instance's public key;
``manifest.sig`` holds the Ed25519 signature of the exact bytes of ``manifest.json`` (base64). A reader checks a
copy with ``tawthiq publish verify DIR`` — every file listed is there with its hash and size, nothing else is there,
and the signature holds — and compares the key it prints (or passes ``--key``) with the one the publisher gives out
of band: a manifest re-signed with another key verifies only against that other key.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nacl.signing import SigningKey

from tawthiq.crypto import signing
from tawthiq.crypto.envelope import b64, unb64

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
STATE = ".tawthiq-publish-state.json"  # write_site's private record of its files: not published, not listed
FORMAT = "tawthiq-site-manifest/1"
CHUNK = 1 << 20


def _hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _files(out: Path) -> list[str]:
    return sorted(_sizes(out))


def _sizes(out: Path, known: Mapping[str, tuple[str, int]] | None = None) -> dict[str, int]:
    """Every file (or link) under ``out`` but the manifest's own and the state file, by relative path with ``/``,
    with its size (a link's own; for a plain file in ``known``, the size there: the caller has just checked it).
    One directory scan per folder: a site holds hundreds of thousands of files."""
    found: dict[str, int] = {}
    known = known or {}
    pending = [(str(out), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                    continue
                name = prefix + entry.name
                if entry.is_file(follow_symlinks=False) and name in known:
                    found[name] = known[name][1]
                elif entry.is_file(follow_symlinks=False) or entry.is_symlink():
                    found[name] = entry.stat(follow_symlinks=False).st_size
    for name in (MANIFEST, SIGNATURE, STATE, f"{STATE}.part"):
        found.pop(name, None)
    return found


def write_manifest(out: Path, *, key: SigningKey, known: Mapping[str, tuple[str, int]] | None = None) -> bool:
    """Write ``manifest.json`` and ``manifest.sig`` for every file in ``out``. ``known``: hashes already taken
    (the site's, from its report), trusted only when the file's size still agrees. Returns whether the manifest
    changed (an unchanged site leaves both files untouched)."""
    known = known or {}
    files = []
    for name, present in sorted(_sizes(out, known).items()):
        sha, size = known.get(name, ("", -1))
        if not sha or present != size:
            sha, size = _hash(out / name)
        files.append((name, sha, size))
    data = _manifest_json(files, signing.public_key_text(key))
    signature = (b64(signing.sign(key, data)) + "\n").encode("ascii")
    changed = False
    for name, content in ((MANIFEST, data), (SIGNATURE, signature)):
        path = out / name
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
            changed = True
    return changed


def _manifest_json(files: list[tuple[str, str, int]], public_key: str) -> bytes:
    """The manifest's bytes, as ``json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True)`` writes them (the
    tests hold the two equal), a file at a time: the indenting encoder is Python's slow one, and a site lists two
    hundred thousand files."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    entries = [f' {{\n   "path": {dumps(name)},\n   "sha256": {dumps(sha)},\n   "size": {dumps(size)}\n  }}'
               for name, sha, size in files]
    listed = "[\n " + ",\n ".join(entries) + "\n ]" if entries else "[]"
    text = f'{{\n "files": {listed},\n "format": {dumps(FORMAT)},\n "public_key": {dumps(public_key)}\n}}\n'
    return text.encode("utf-8")


def listed_files(out: Path) -> dict[str, tuple[str, int]]:
    """The files the manifest in ``out`` lists, with their hash and size; empty when there is none (or it cannot
    be read). Not a check: ``verify_site`` is."""
    try:
        body = json.loads((out / MANIFEST).read_bytes())
        return {str(f["path"]): (str(f["sha256"]), int(f["size"])) for f in body["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


@dataclass
class Verification:
    """What ``verify_site`` found: the signer's key and each problem as one line naming the file."""

    public_key: str = ""
    problems: list[str] = field(default_factory=list)
    checked: int = 0


def verify_site(out: Path, *, expected_key: str | None = None) -> Verification:
    """Check a published folder against its manifest: the signature (by the key in the manifest, which must be
    ``expected_key`` when given), then every file listed (missing, changed) and every file not listed (extra)."""
    result = Verification()
    try:
        data = (out / MANIFEST).read_bytes()
    except OSError:
        result.problems.append(f"{MANIFEST}: missing")
        return result
    try:
        body = json.loads(data)
        result.public_key = str(body["public_key"])
        listed = {str(f["path"]): (str(f["sha256"]), int(f["size"])) for f in body["files"]}
    except (ValueError, KeyError, TypeError):
        result.problems.append(f"{MANIFEST}: not a site manifest")
        return result
    try:
        signature = unb64((out / SIGNATURE).read_text(encoding="ascii").strip())
        signing.verify(signing.parse_public_key(result.public_key), data, signature)
    except OSError:
        result.problems.append(f"{SIGNATURE}: missing")
    except (ValueError, signing.BadSignature):
        result.problems.append(f"{SIGNATURE}: the signature does not match {MANIFEST}")
    if expected_key is not None and expected_key.strip() != result.public_key:
        result.problems.append(f"{MANIFEST}: signed by {result.public_key}, not by the expected key")
    present = set(_files(out))
    for name, (sha, size) in sorted(listed.items()):
        path = out / name
        if name not in present:
            result.problems.append(f"{name}: missing")
            continue
        result.checked += 1
        if path.is_symlink() or _hash(path) != (sha, size):
            result.problems.append(f"{name}: changed")
    result.problems += [f"{name}: not in the manifest" for name in sorted(present - listed.keys())]
    return result
