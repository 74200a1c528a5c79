"""A command imports only what it needs: `--help` and `status` never load Splink, DuckDB, the PDF reader or Alembic,
and `--help` no database code at all. (How long they take is measured by bench/cli_startup.py, not here.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tawthiq.cli.text import DEFAULT_COUNTRIES
from tawthiq.db import schema
from tawthiq.geo import DEFAULT_COUNTRIES as GAZETTEER_COUNTRIES

HEAVY = ("splink", "duckdb", "pypdf", "alembic")


def _imported(args: list[str], env: dict[str, str]) -> set[str]:
    """The top-level packages a run of ``tawthiq ARGS`` imported (``python -X importtime`` lists every one)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "tawthiq.cli", *args], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)$", result.stderr, re.MULTILINE)
    assert "tawthiq.cli.app" in names  # the listing is what it seems to be
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize(("args", "unwanted"), [(["--help"], {*HEAVY, "sqlalchemy"}), (["status"], set(HEAVY))])
def test_help_and_status_load_no_linkage_pdf_or_migration_code(args: list[str], unwanted: set[str],
                                                               tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TAWTHIQ_")},
           "TAWTHIQ_DATA_DIR": str(tmp_path / "data"), "TAWTHIQ_USER": "operator"}
    subprocess.run([sys.executable, "-m", "tawthiq.cli", "init"], env=env, check=True, capture_output=True, timeout=120)
    assert _imported(args, env) & unwanted == set()  # --help touches no database code at all


def test_a_linkage_command_does_load_splink(tmp_path: Path) -> None:  # the check above can see a heavy import
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("TAWTHIQ_")},
           "TAWTHIQ_DATA_DIR": str(tmp_path / "data"), "TAWTHIQ_USER": "operator"}
    subprocess.run([sys.executable, "-m", "tawthiq.cli", "init"], env=env, check=True, capture_output=True, timeout=120)
    assert {"splink", "duckdb"} <= _imported(["link", "persons"], env)


def test_the_schema_head_is_read_as_alembic_reads_it() -> None:
    from alembic.script import ScriptDirectory

    assert schema.head_revision() == ScriptDirectory.from_config(schema.alembic_config()).get_current_head()


def test_the_default_gazetteer_countries_are_the_packaged_ones() -> None:
    assert tuple(DEFAULT_COUNTRIES) == tuple(GAZETTEER_COUNTRIES)
