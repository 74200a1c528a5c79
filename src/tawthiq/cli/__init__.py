"""The ``tawthiq`` command: parse, call a service, print."""

from __future__ import annotations


def main() -> None:
    """Run the command typed. Errors become messages and exit codes in ``cli/app.py::Commands``."""
    from tawthiq.cli.app import build_app

    build_app()(standalone_mode=True)
