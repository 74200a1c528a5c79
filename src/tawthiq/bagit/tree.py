"""The files of a bag as they are on disk: walked without following links, opened only if still regular files."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

CHUNK = 1 << 20
# Normalised names (RFC 8493 section 2.4) -> hashlib names; older bags use md5 and sha1, 1.0 requires sha256/512.
ALGORITHMS = {"md5": "md5", "sha1": "sha1", "sha224": "sha224", "sha256": "sha256", "sha384": "sha384",
              "sha512": "sha512"}
HEX_LENGTH = {name: hashlib.new(real, usedforsecurity=False).digest_size * 2 for name, real in ALGORITHMS.items()}
_KINDS = ((stat.S_ISLNK, "a symbolic link", "رابط رمزي"), (stat.S_ISFIFO, "a FIFO (named pipe)", "أنبوب مسمّى"),
          (stat.S_ISSOCK, "a socket", "مقبس"), (stat.S_ISCHR, "a character device", "جهاز محرفي"),
          (stat.S_ISBLK, "a block device", "جهاز كتلي"))


class NotRegular(OSError):
    """The path is no longer a regular file (replaced after the walk)."""


@dataclass
class Tree:
    """Regular files (path relative to the bag, with '/' -> size) and directories, and what was neither."""

    files: dict[str, int] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    odd: list[tuple[str, str, str]] = field(default_factory=list)  # (path, what it is in English, in Arabic)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (directory or entry, reason)


def walk(root: Path) -> Tree:
    """Every entry under ``root``, by ``lstat``: a link is reported as what it is and never followed."""
    tree = Tree()
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            with os.scandir(root / relative if relative else root) as entries:
                listed = list(entries)
        except OSError as exc:
            tree.unreadable.append((relative or ".", exc.strerror or type(exc).__name__))
            continue
        for entry in listed:
            path = f"{relative}/{entry.name}" if relative else entry.name
            try:
                mode = entry.stat(follow_symlinks=False)
            except OSError as exc:
                tree.unreadable.append((path, exc.strerror or type(exc).__name__))
                continue
            if stat.S_ISDIR(mode.st_mode):
                tree.dirs.add(path)
                pending.append(path)
            elif stat.S_ISREG(mode.st_mode):
                tree.files[path] = mode.st_size
            else:
                english, arabic = next(((en, ar) for test, en, ar in _KINDS if test(mode.st_mode)),
                                       ("not a regular file", "ليس ملفاً عادياً"))
                tree.odd.append((path, english, arabic))
    return tree


def _open_regular(path: Path) -> int:
    # O_NOFOLLOW: a file swapped for a link after the walk is refused; O_NONBLOCK: a FIFO swapped in cannot hang us.
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular(0, "no longer a regular file")
    return fd


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file (OSError otherwise)."""
    with os.fdopen(_open_regular(path), "rb") as handle:
        return handle.read(limit)


def digest_file(path: Path, algorithms: set[str], on_bytes: Callable[[int], None] | None = None) -> dict[str, str]:
    """Hex digests of a regular file, one read for every algorithm (OSError if it cannot be read)."""
    hashers = {name: hashlib.new(ALGORITHMS[name], usedforsecurity=False) for name in algorithms}
    with os.fdopen(_open_regular(path), "rb") as handle:
        while chunk := handle.read(CHUNK):
            for hasher in hashers.values():
                hasher.update(chunk)
            if on_bytes:
                on_bytes(len(chunk))
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}
