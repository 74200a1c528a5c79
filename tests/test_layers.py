"""The layers of docs/architecture.md hold: no module imports a layer above its own, and the interfaces reach the
database and the records' unchecked building blocks only through the checked services."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "tawthiq"
# The first part of a module's path under tawthiq/ -> its layer (higher calls lower, never the other way).
LAYERS = {
    "domain": 0,
    "config": 1, "text": 1, "db": 1, "blobs": 1, "crypto": 1, "search": 1, "geo": 1, "intake": 1, "media": 1,
    "extract": 1, "linkage": 1, "sync": 1, "bagit": 1,
    "services": 2,
    "web": 3, "cli": 3, "publish": 3,
}
# What the interfaces may not import at all: queries and unchecked writes belong to the services.
INTERFACES_AVOID = ("tawthiq.db", "tawthiq.services.records.store")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return [name for name in names if name == "tawthiq" or name.startswith("tawthiq.")]


def _modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts)


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    own = LAYERS.get(path.relative_to(SOURCE).parts[0].removesuffix(".py"))
    if own is None:
        return  # the package's __init__: names the version only
    upward = [name for name in _imports(path) if (_layer(name) or 0) > own]
    assert upward == []


@pytest.mark.parametrize("path", [p for p in _modules() if p.relative_to(SOURCE).parts[0] in ("web", "cli", "publish")],
                         ids=lambda p: str(p.relative_to(SOURCE)))
def test_interfaces_reach_records_only_through_the_checked_services(path: Path) -> None:
    avoided = [name for name in _imports(path) if name.startswith(INTERFACES_AVOID)]
    assert avoided == []


def test_the_layer_table_names_every_package() -> None:
    tops = {p.relative_to(SOURCE).parts[0].removesuffix(".py") for p in _modules()} - {"__init__"}
    assert tops - set(LAYERS) == set(), "a new package needs its layer here and in docs/architecture.md"
