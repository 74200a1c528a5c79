"""`tawthiq grade`: an event's public grade, why, and its casualty figures as min–max; overrides by hand.

The same checked use cases as `GET /api/v1/events/{ident}/grade` (services/publishing/grading.py), as the operator.
"""

from __future__ import annotations

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import console, print_json
from tawthiq.domain.errors import InvalidInput, Problem


def add_publishing_commands(app: typer.Typer) -> None:
    @app.command("grade")
    def grade(event: str = typer.Argument(..., metavar="EVENT-ID", help="An event id or a unique prefix."),
              override: str | None = typer.Option(None, "--override", metavar="GRADE",
                                                  help="Set the grade by hand: confirmed, fair, weak, contested or "
                                                       "discounted (admins and coordinators)."),
              clear: bool = typer.Option(False, "--clear", help="Remove the grade set by hand."),
              reason: str | None = typer.Option(None, "--reason", help="Why the grade is set or cleared by hand."),
              as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """An event's public grade (computed from what you may read, or set by hand), why, and its casualty
        figures as min–max per category."""
        from tawthiq.services.publishing import grading

        if override is not None and clear:
            raise InvalidInput([Problem("clear", "--override and --clear cannot be given together",
                                        "لا يجتمع ‎--override‎ و‎--clear‎")])
        if reason is not None and override is None and not clear:
            raise InvalidInput([Problem("reason", "is given only with --override or --clear",
                                        "يُعطى مع ‎--override‎ أو ‎--clear‎ فقط")])
        ws, account = workspace(), operator()
        if override is not None:
            view = grading.override_grade(ws, account, event=event, grade=override, reason=reason or "")
        elif clear:
            view = grading.clear_override(ws, account, event=event, reason=reason or "")
        else:
            view = grading.event_grade(ws, account, event=event)
        if as_json:
            print_json(view)
            return
        console.print(f"event {view.event}: {view.grade} ({view.label_ar}) — {view.reason}", markup=False)
        if view.override is not None:
            console.print(f"computed: {view.computed} — {view.computed_reason}", markup=False)
        console.print(f"independent sources: {view.sources}"
                      + (f" (with {len(view.merged)} merged events)" if view.merged else ""), markup=False)
        for category, figure in view.figures.items():
            span = str(figure["min"]) if figure["min"] == figure["max"] else f"{figure['min']}–{figure['max']}"
            console.print(f"{category}: {span} ({figure['accounts']} accounts)", markup=False)
        if not view.figures:
            console.print("no figures on record", markup=False)
