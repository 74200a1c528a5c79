"""The README stays true: every setting in the configuration table, every command in the CLI reference."""

from pathlib import Path

import typer.main

from tawthiq.cli.app import build_app
from tawthiq.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    head = "\n".join(README.splitlines()[:15])
    assert "make run" in head and "make test" in head


def test_every_setting_is_in_the_configuration_table() -> None:
    for name in Settings.model_fields:
        assert f"`TAWTHIQ_{name.upper()}`" in README, name


def test_every_command_is_in_the_reference() -> None:
    group = typer.main.get_command(build_app())
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            for sub in command.commands:
                assert f"tawthiq {name} {sub}" in README or f"tawthiq KIND {sub}" in README, f"{name} {sub}"
        else:
            assert f"tawthiq {name}" in README, name
