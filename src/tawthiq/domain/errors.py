"""Errors shown to users: each names the field and the reason, in English and Arabic."""

from __future__ import annotations

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
