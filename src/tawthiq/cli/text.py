"""Commands for reports as text: ingest, extract, review of suggestions, and the gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import console, print_json, print_table

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
FIELDS = ("places", "actors", "persons", "dates", "violations", "sources", "counts")
DEFAULT_COUNTRIES = ["SY", "IQ", "TR", "LB", "JO"]  # tawthiq.geo.DEFAULT_COUNTRIES, without importing the readers


def add_text_commands(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("extract")(extract_command)
    app.command("review")(review_command)
    app.add_typer(_gazetteer_app(), name="gazetteer")


def ingest_command(paths: list[Path] = typer.Argument(
                       ..., help=".txt, .html or .pdf files, or directories (recursively)."),
                   as_json: bool = JSON_OPTION) -> None:
    """Store each document as evidence and create a Report with its text, language, date and suggestions."""
    from tawthiq.cli.progress import progress_bar
    from tawthiq.services.coding import ingest
    from tawthiq.services.evidence.store import collect_files

    ws, account = workspace(), operator()
    files = collect_files(paths)
    with progress_bar("ingesting", len(files)) as bar:
        results = ingest.ingest_paths(ws, account, paths=files, progress=bar)
    if as_json:
        print_json(results)
    else:
        print_table([{"outcome": r.outcome, "report_id": r.report_id, "language": r.language, "path": r.path,
                      "reason": r.reason} for r in results], ["outcome", "report_id", "language", "path", "reason"])
    if any(r.outcome == "rejected" for r in results):
        raise typer.Exit(2)


def extract_command(path: Path = typer.Argument(..., help="A .txt, .html or .pdf document."),
                    as_json: bool = JSON_OPTION) -> None:
    """Print the extraction suggestions for a document, storing nothing."""
    from tawthiq.services.coding import ingest

    result = ingest.extract_file(workspace(), path=path)
    if as_json:
        print_json(result)
        return
    _print_suggestions(result)


def review_command(report: str = typer.Argument(..., metavar="REPORT-ID"),
                   accept: list[str] = typer.Option([], "--accept",
                                                    help="FIELD:INDEX, e.g. violations:0 (repeatable)."),
                   reject: list[str] = typer.Option([], "--reject", help="FIELD:INDEX (repeatable)."),
                   event: str | None = typer.Option(None, "--event",
                                                       help="Code into this event instead of a new one."),
                   as_json: bool = JSON_OPTION) -> None:
    """Show a report's suggestions, or accept and reject them: accepting creates or links the records."""
    from tawthiq.services.coding import reportdesk

    ws, account = workspace(), operator()
    if accept or reject:
        outcome = reportdesk.decide(ws, account, report=report, accept=accept, reject=reject, event=event)
        if not as_json:
            made = ", ".join(f"{len(v)} {k}" for k, v in outcome.created.items())
            console.print(f"event {outcome.event_id}: {made}")
    listed = reportdesk.suggestions(ws, account, report=report)
    if as_json:
        print_json(listed)
    else:
        _print_suggestions(listed.suggestions, numbered=True)


def _print_suggestions(result: dict[str, Any], numbered: bool = False) -> None:
    columns = {"places": ["text", "name", "precision"], "actors": ["text", "slug", "role"], "persons": ["text", "name"],
               "dates": ["text", "start", "end", "precision"], "violations": ["type", "actors", "text"],
               "sources": ["text", "anonymous"], "counts": ["text", "kind", "value"]}
    for field, names in columns.items():
        items = result.get(field) or []
        if isinstance(items, list) and items:
            rows = [{"#": f"{field}:{i}", **item} for i, item in enumerate(items)]
            print_table(rows, (["#", "status"] if numbered else []) + names, title=field)


def _gazetteer_app() -> typer.Typer:
    app = typer.Typer(help="Places to resolve mentions against: the packaged region, or your own GeoNames/COD-AB "
                      "files.",
                      no_args_is_help=True)

    @app.command("load")
    def load(country: list[str] = typer.Option(DEFAULT_COUNTRIES, "--country", help="ISO code (repeatable)."),
             as_json: bool = JSON_OPTION) -> None:
        """Load the packaged GeoNames places (500+ people) of the region, with governorates. Safe to repeat."""
        from tawthiq.cli.progress import progress_bar
        from tawthiq.services.coding import gazetteer

        ws, account = workspace(), operator()
        with progress_bar("loading places", None) as bar:
            counts = gazetteer.load_default_gazetteer(ws, account, countries=[c.upper() for c in country], progress=bar)
        print_json(counts) if as_json else console.print(", ".join(f"{v} {k}" for k, v in counts.items()))

    @app.command("import")
    def import_(path: Path = typer.Argument(..., help="A GeoNames country dump (SY.txt) or a COD-AB CSV."),
                fmt: str = typer.Option(..., "--format", help="geonames or cod-ab."),
                as_json: bool = JSON_OPTION) -> None:
        """Import village-level places in one transaction: a bad line and nothing is written."""
        from tawthiq.cli.progress import progress_bar
        from tawthiq.services.coding import gazetteer

        ws, account = workspace(), operator()
        with progress_bar("importing places", None) as bar:
            counts = gazetteer.import_gazetteer(ws, account, path=path, fmt=fmt, progress=bar)
        print_json(counts) if as_json else console.print(", ".join(f"{v} {k}" for k, v in counts.items()))

    @app.command("resolve")
    def resolve(text: str = typer.Argument(..., help="A sentence naming places."), as_json: bool = JSON_OPTION) -> None:
        """Show how the places in a sentence resolve, and why some stay unresolved."""
        from tawthiq.services.coding import gazetteer

        places = gazetteer.resolve_places(workspace(), operator(), text=text)
        columns = ["text", "name", "precision", "lat", "lon", "gazetteer_id"]
        print_json(places) if as_json else print_table(places, columns)

    return app
