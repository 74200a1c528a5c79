"""Field-level differences between two versions of a record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def diff_fields(before: dict[str, Any] | None, after: dict[str, Any],
                hidden: frozenset[str] = frozenset()) -> list[FieldChange]:
    """Changes from ``before`` to ``after``, one per field, sorted by field name.

    Fields in ``hidden`` (protected identities) are reported as changed without their values.
    Bookkeeping fields (version, timestamps of the change) are left out: history shows them separately.
    """
    old = before or {}
    changes = []
    for name in sorted(set(old) | set(after)):
        if name in _BOOKKEEPING:
            continue
        a, b = old.get(name), after.get(name)
        if a == b:
            continue
        if name in hidden:
            changes.append(FieldChange(name, "[protected]" if a is not None else None,
                                       "[protected]" if b is not None else None))
        else:
            changes.append(FieldChange(name, a, b))
    return changes


_BOOKKEEPING = frozenset({"version", "created_at", "created_by", "updated_at", "updated_by"})
