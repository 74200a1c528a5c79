"""The record commands' options are made from the field description: one per field a user may enter, with its help."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tawthiq.cli.records import EDITABLE, kind_app, option_help
from tawthiq.domain.fields import Type
from tawthiq.domain.kinds import KINDS


def _options(kind: str, command: str) -> dict[str, Any]:
    group: Any = typer.main.get_command(kind_app(KINDS[kind]))
    return {p.opts[0]: p for p in group.commands[command].params if p.opts[0].startswith("--")}


@pytest.mark.parametrize("kind", EDITABLE)
def test_add_and_update_take_each_field_users_enter_with_its_help(kind: str) -> None:
    described = KINDS[kind]
    for command in ("add", "update"):
        options = _options(kind, command)
        assert list(options) == [f"--{f.name.replace('_', '-')}" for f in described.settable] + ["--json"]
        for field in described.settable:
            option = options[f"--{field.name.replace('_', '-')}"]
            assert option.help == option_help(field) and option.help.startswith(field.help_en)
            negative = [f"--no-{field.name.replace('_', '-')}"] if field.type is Type.BOOLEAN else []
            assert option.secondary_opts == negative
            assert option.multiple is (field.type is Type.LIST)


def test_the_help_says_how_each_field_is_written() -> None:
    shown = CliRunner().invoke(kind_app(KINDS["act"]), ["add", "--help"], env={"COLUMNS": "200"}).output
    assert "A slug of the vocabulary violation-types" in shown and "Id or id prefix of an event." in shown
    assert "The lowest credible count." in shown and "YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY or unknown." in shown
    assert "--date-precision" not in shown  # read from the start and end, never given

