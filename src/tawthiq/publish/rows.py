"""The open data's rows kept between runs: a file is made again from the bytes the last run wrote, and only the rows
of the incidents that changed are encoded again.

A run that knows each incident's digest (``domain.publication.event_digest``) records, for every file it wrote,
where each row lies in it (:class:`FileRows`) and the digests it wrote them from (:class:`KeptRows`). The next
run copies a row from the old file when its incident's digest is the same, the file is still as that run left it
(same size and modification time, the trust the site's writer gives its pages) and everything else a row depends
on is the same (:func:`layout`: the file's header, the code that words the rows, the organisation); any other row
is encoded again. The bytes are the same as a file made afresh: the tests compare them.

The record is kept with the collection's memo in the data directory (owner-only): never in the published folder,
whose files anyone may have altered.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

__all__ = ["FileRows", "KeptRows", "Made", "csv_lines", "json_lines", "layout", "make_file", "put", "write_bytes"]

FORMAT = "tawthiq-data-rows/1"
LEFT_OUT = -1  # a row's length when the row made nothing (an act the ACLED file leaves out)


@dataclass(frozen=True)
class FileRows:
    """One written file: what its rows depend on besides their incidents, the file as it was left, and each row's
    key, start and length (in file order; a length of LEFT_OUT: the row made nothing)."""

    layout: str
    size: int
    mtime_ns: int
    keys: list[str]
    starts: array[int]
    lengths: array[int]


@dataclass(frozen=True)
class KeptRows:
    """What a run of the open data leaves for the next: the folder, each incident's digest, each file's rows."""

    folder: str
    digests: Mapping[str, str]
    files: dict[str, FileRows] = field(default_factory=dict)


@dataclass(frozen=True)
class Made:
    """A file's bytes, its rows' spans, and whether it is byte for byte the file already there."""

    data: bytes
    rows: FileRows
    same: bool


@cache
def _code() -> str:
    """The code and words the rows are made with: these modules, the i18n module and its catalogs, Babel."""
    here = Path(__file__).resolve().parent
    web = here.parent / "web"
    digest = hashlib.sha256(FORMAT.encode())
    for path in [here / "opendata.py", here / "rows.py", web / "i18n.py", *sorted((web / "locales").glob("*.json"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    try:
        digest.update(metadata.version("babel").encode())
    except metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()


def layout(*parts: str) -> str:
    """What every row of a file depends on besides its incident: ``parts`` (its header, the organisation…) and
    the code."""
    return hashlib.sha256("\0".join([_code(), *parts]).encode("utf-8")).hexdigest()


class _Old:
    """A file as the last run left it, when it can be trusted, with the span of each of its rows."""

    def __init__(self, data: bytes, rows: FileRows) -> None:
        self.data = data
        self.view = memoryview(data)
        self.index = {key: n for n, key in enumerate(rows.keys)}
        self.rows = rows

    def row(self, key: str) -> tuple[bool, memoryview | None]:
        """Whether the file has the row, and its bytes (None: the row made nothing)."""
        n = self.index.get(key)
        if n is None:
            return False, None
        start, length = self.rows.starts[n], self.rows.lengths[n]
        return True, None if length == LEFT_OUT else self.view[start:start + length]


def _old(path: Path, kept: FileRows | None, wanted: str) -> _Old | None:
    if kept is None or kept.layout != wanted:
        return None
    try:
        stat = path.stat()
        if (stat.st_size, stat.st_mtime_ns) != (kept.size, kept.mtime_ns):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return _Old(data, kept) if len(data) == kept.size else None


def make_file(path: Path, *, wanted: str, kept: FileRows | None, keys: Sequence[str], unchanged: Iterable[bool],
              encode: Callable[[list[int]], list[bytes | None]], head: bytes, separator: bytes = b"",
              tail: Callable[[bool], bytes] = lambda _any: b"") -> Made:
    """The bytes of the file at ``path``: ``head``, then each row in the order of ``keys`` joined by
    ``separator``, then ``tail(any row)``. A row whose ``unchanged`` flag is set is copied from the file the last run
    wrote (``kept``, made with the layout ``wanted``) when it can be; the others are made by ``encode`` (given their
    positions, it returns their bytes, None for a row that makes nothing)."""
    old = _old(path, kept, wanted)
    parts: list[bytes | memoryview | None] = []
    missing: list[int] = []
    for n, (key, same) in enumerate(zip(keys, unchanged, strict=True)):
        found, part = old.row(key) if old is not None and same else (False, None)
        if not found:
            missing.append(n)
        parts.append(part)
    for n, made in zip(missing, encode(missing), strict=True):
        parts[n] = made
    starts, lengths = array("q"), array("q")
    offset, written = len(head), list[bytes | memoryview]()
    for piece in parts:
        if piece is None:
            starts.append(offset)
            lengths.append(LEFT_OUT)
            continue
        if written:
            offset += len(separator)
        starts.append(offset)
        lengths.append(len(piece))
        offset += len(piece)
        written.append(piece)
    data = head + separator.join(written) + tail(bool(written))
    same = old is not None and data == old.data
    return Made(data, FileRows(wanted, len(data), 0, list(keys), starts, lengths), same)


def put(path: Path, made: Made) -> FileRows:
    """Write ``made`` at ``path`` unless the file holds its bytes already (atomically); the rows as written."""
    if not made.same:
        write_bytes(path, made.data)
    stat = path.stat()
    rows = made.rows
    return FileRows(rows.layout, stat.st_size, stat.st_mtime_ns, rows.keys, rows.starts, rows.lengths)


def unchanged_owners(kept: KeptRows | None, folder: Path, digests: Mapping[str, str] | None
                     ) -> Callable[[str], bool]:
    """Whether an incident's rows may be copied: the last run wrote this folder from the same digest of it."""
    if kept is None or digests is None or kept.folder != str(folder.resolve()):
        return lambda _event: False
    before = kept.digests
    return lambda event: before.get(event) == digests.get(event) is not None


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` unless it holds them already (atomically: a reader never sees half a file)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# --- encoding rows -------------------------------------------------------------------------------------------

PLAIN_TYPES = frozenset({"string", "integer", "number"})  # what the csv module words as cell() would
_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def csv_lines(table: Iterable[Sequence[Any]], worded: Sequence[int]) -> list[bytes]:
    """Each row as a CSV line (CRLF), encoded; the cells of the ``worded`` columns through :func:`cell` (the csv
    module writes None as "" and numbers and strings as it would). Cells are written verbatim (no spreadsheet
    guard): this is data for programs; see docs/publishing.md."""
    lines: list[str] = []
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\r\n")  # one write per row
    if not worded:
        writer.writerows(table)
    else:
        for values in table:
            row = list(values)
            for n in worded:
                row[n] = cell(row[n])
            writer.writerow(row)
    return [line.encode("utf-8") for line in lines]


def json_lines(names: Sequence[str], table: Iterable[Sequence[Any]]) -> list[bytes]:
    """Each row as one line of a JSON array, an object of ``names`` (compact: a change shows as the lines of the
    records changed)."""
    encode = _ROW.encode  # one encoder for every row (json.dumps with options makes one per call)
    return [encode(dict(zip(names, map(_json_value, values), strict=True))).encode("utf-8") for values in table]


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return None if value == "" else value


def cell(value: Any) -> str:
    """A value as a CSV cell: empty for None, true/false, a date's ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
