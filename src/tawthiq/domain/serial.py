"""What the services return, as JSON values: the one serialisation the command line and the API share.

Services return typed objects (dataclasses, records as dicts); :func:`to_json` turns any of them into plain JSON
values, so ``tawthiq … --json`` and ``/api/v1`` print the same thing for the same object. An object whose JSON is
not simply its fields (a history entry, a linkage run) says so with an ``as_json()`` method.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any


def to_json(value: Any) -> Any:
    """``value`` as JSON values: dataclasses as objects of their fields, dates and times in ISO 8601, enums as their
    values, paths and anything else as text; an object with ``as_json()`` as what that returns."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "as_json"):
        return to_json(value.as_json())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return to_json(value.value)
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    return str(value)  # a UUID, a Decimal: its text
