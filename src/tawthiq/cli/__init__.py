"""The ``tawthiq`` command: parse, call a service, print."""

from __future__ import annotations

import sys

from tawthiq.domain.errors import TawthiqError


def main() -> None:
    from tawthiq.cli.app import build_app
    from tawthiq.cli.output import fail

    app = build_app()
    try:
        app(standalone_mode=True)
    except TawthiqError as exc:  # raised before a command could catch it (e.g. opening the workspace)
        try:
            fail(exc)
        except SystemExit as stop:
            sys.exit(stop.code)
