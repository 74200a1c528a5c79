"""Errors shown to users: each names the field and the reason, in English and Arabic."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field


@dataclass
class Problem:
    """One thing wrong with the input: which field, why (English and Arabic), and where (line) if known."""

    field: str
    reason: str
    reason_ar: str
    line: int | None = None

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.field}: {self.reason} / {self.reason_ar}"


class TawthiqError(Exception):
    """Base of every error a user may see."""


@dataclass
class InvalidInput(TawthiqError):
    """Input rejected; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(p.describe() for p in self.problems)

    @classmethod
    def single(cls, field_name: str, reason: str, reason_ar: str, line: int | None = None) -> InvalidInput:
        return cls([Problem(field_name, reason, reason_ar, line)])


@dataclass
class NotFound(TawthiqError):
    """No record of that kind with that id (or id prefix)."""

    kind: str
    ident: str

    def __str__(self) -> str:
        return f"{self.kind} {self.ident}: not found / غير موجود"


@dataclass
class TooManyLookups(TawthiqError):
    """Too many records asked for by a part of their id in a short time: a walk of the id space is refused."""

    wait_seconds: int

    def __str__(self) -> str:
        return (f"too many records asked for by a part of their id: wait {self.wait_seconds} s, or use whole ids / "
                f"طلبات كثيرة بجزء من المعرّف: انتظر {self.wait_seconds} ثانية أو استخدم المعرّف كاملاً")


@dataclass
class Ambiguous(TawthiqError):
    """An id prefix matched several records."""

    kind: str
    ident: str
    count: int

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.ident}: matches {self.count} records, give more of the id / "
            f"يطابق {self.count} سجلات، أعطِ جزءاً أطول من المعرّف"
        )


def _amount(size: int) -> str:
    """Bytes as people read them: 512 B, 3.4 MiB."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB"):
        value /= 1024
        if value < 1024:
            return f"{value:.1f} {unit}"
    return f"{value / 1024:.1f} TiB"


_CAUSES = {"full": ("no space left on the disk", "لا مساحة متبقية على القرص"),
           "read-only": ("the disk is read-only", "القرص للقراءة فقط"),
           "permission": ("permission denied", "لا إذن بالكتابة"),
           "io": ("the disk failed to write", "فشل القرص في الكتابة")}


@dataclass
class StorageFailed(TawthiqError):
    """A write to disk failed (no space left, a read-only or failing disk, no permission): what was being written
    was not kept. Its own exit code and HTTP status (507), so a script can tell it from rejected input."""

    path: str
    cause: str  # "full", "read-only", "permission" or "io"
    needed: int | None = None  # bytes the write needed, where known
    free: int | None = None  # bytes free on that disk, where known
    kept: tuple[str, ...] = ()  # what the same command stored whole before this write failed (file names)

    def __str__(self) -> str:
        why, why_ar = _CAUSES.get(self.cause, _CAUSES["io"])
        amounts, amounts_ar = [], []
        if self.needed is not None:
            amounts.append(f"needed {_amount(self.needed)}")
            amounts_ar.append(f"المطلوب {_amount(self.needed)}")
        if self.free is not None:
            amounts.append(f"{_amount(self.free)} free")
            amounts_ar.append(f"المتاح {_amount(self.free)}")
        extra = f" ({', '.join(amounts)})" if amounts else ""
        extra_ar = f" ({'، '.join(amounts_ar)})" if amounts_ar else ""
        kept = kept_ar = ""
        if self.kept:
            names = ", ".join(self.kept[:10]) + (f" and {len(self.kept) - 10} more" if len(self.kept) > 10 else "")
            kept = f"; the {len(self.kept)} file(s) before it were stored whole: {names}"
            kept_ar = f"؛ حُفظت الملفات السابقة كاملة ({len(self.kept)})"
        return (f"storage failure: {why} writing {self.path}{extra}; what was being written was not kept{kept} / "
                f"فشل التخزين: {why_ar} عند الكتابة في {self.path}{extra_ar}؛ لم يُحفظ ما كان يُكتب{kept_ar}")


# errno values, SQLite result codes (the primary code, low byte) and PostgreSQL SQLSTATEs that mean the disk, not the
# input, failed a write.
_ERRNOS = {errno.ENOSPC: "full", errno.EDQUOT: "full", errno.EFBIG: "full", errno.EROFS: "read-only",
           errno.EACCES: "permission", errno.EPERM: "permission", errno.EIO: "io"}
_SQLITE = {13: "full", 8: "read-only", 10: "io"}  # SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR (and its kinds)
_SQLSTATES = {"53100": "full", "25006": "read-only", "58030": "io"}


def storage_cause(exc: BaseException) -> str | None:
    """What a failed write says about the disk: "full", "read-only", "permission" or "io", or None when the
    error is not a storage failure. Reads OSError, sqlite3 errors and database errors wrapped by SQLAlchemy
    (``.orig``) alike, without importing either."""
    if isinstance(exc, StorageFailed):
        return exc.cause
    if isinstance(exc, OSError) and exc.errno in _ERRNOS:
        return _ERRNOS[exc.errno]
    original = getattr(exc, "orig", None) or exc
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE:
        return _SQLITE[code & 0xFF]
    state = getattr(original, "sqlstate", None)
    return _SQLSTATES.get(state) if isinstance(state, str) else None
