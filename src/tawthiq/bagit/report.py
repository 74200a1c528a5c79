"""What a bag check found: problems (the bag is not valid) and warnings (valid, but worth a look)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tawthiq.bagit.tree import Tree, read_regular

PROBLEM = "problem"
WARNING = "warning"
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]|[\ud800-\udfff]")


def shown(path: str) -> str:
    """A path as one printable line: control characters, line breaks and undecodable bytes escaped, since a
    name in a bag is chosen by whoever made it and a problem line must stay one line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), path)


@dataclass(frozen=True)
class Finding:
    """One thing found: ``code`` for programs, ``path`` (and ``line``) for where, the reason in English and Arabic."""

    severity: str
    code: str
    path: str
    reason: str
    reason_ar: str
    line: int | None = None

    def describe(self) -> str:
        where = f"{shown(self.path)} line {self.line}" if self.line is not None else shown(self.path)
        return f"{where}: {self.reason} / {self.reason_ar}"

    def as_json(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "path": shown(self.path), "line": self.line,
                "reason": self.reason, "reason_ar": self.reason_ar}


@dataclass
class BagCheck:
    """The outcome of :func:`tawthiq.bagit.validate_bag`; ``ok`` when no finding is a problem."""

    root: Path
    tree: Tree = field(default_factory=Tree)
    version: tuple[int, int] | None = None
    encoding: str = "utf-8"
    files_checked: int = 0  # payload files whose every listed checksum was computed
    bytes_checked: int = 0
    info: list[tuple[str, str]] = field(default_factory=list)  # bag-info.txt, in order
    manifests: dict[str, dict[str, str]] = field(default_factory=dict)  # manifest name -> {path in the bag: digest}
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == PROBLEM]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def version_text(self) -> str:
        return f"{self.version[0]}.{self.version[1]}" if self.version else ""

    def problem(self, code: str, path: str, reason: str, reason_ar: str, line: int | None = None) -> None:
        self.findings.append(Finding(PROBLEM, code, path, reason, reason_ar, line))

    def warn(self, code: str, path: str, reason: str, reason_ar: str, line: int | None = None) -> None:
        self.findings.append(Finding(WARNING, code, path, reason, reason_ar, line))

    def read(self, relative: str, limit: int) -> bytes | None:
        """The bytes of a regular file the walk found in the bag; None (and a problem) when it cannot be read or is
        over ``limit`` bytes. Paths the walk did not find are never opened."""
        size = self.tree.files.get(relative)
        if size is None:
            return None
        if size > limit:
            self.problem("too-large", relative, f"over {limit:,} bytes: not read", f"أكبر من {limit:,} بايت: لم يُقرأ")
            return None
        try:
            return read_regular(self.root / relative, limit)
        except OSError as exc:
            self.problem("unreadable", relative, f"cannot be read ({exc.strerror or type(exc).__name__})",
                         "تعذّرت قراءته")
            return None
