"""Top-level commands: init, demo, status, evidence, history, vocab, verify, export, import."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.progress import progress_bar
from tawthiq.cli.text import add_text_commands
from tawthiq.cli.web import add_web_commands
from tawthiq.cli.protection import add_protection_commands, ask_passphrase
from tawthiq.cli.output import EXIT_PROBLEMS, console, errors, fail, print_json, print_record, print_table
from tawthiq.cli.records import add_kind_commands
from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.errors import InvalidInput, TawthiqError
from tawthiq.services.records import demo as demo_service
from tawthiq.services.evidence import store as evidence_service
from tawthiq.services.evidence import copies
from tawthiq.services.evidence import integrity
from tawthiq.services.records import setup
from tawthiq.services.records import transfer
from tawthiq.services.records import vocabularies
from tawthiq.services.browse import search as search_service
from tawthiq.services.linkage import victim_lists
from tawthiq.cli.link import build_link_app
from tawthiq.services.records import access
from tawthiq.services.records.store import list_records

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
TABLE_LIMIT = 50  # beyond this a table is slower to draw than to read: print a summary


def build_app() -> typer.Typer:
    app = typer.Typer(
        help="Tawthiq (توثيق): document violations against civilians so that the record holds up.",
        no_args_is_help=True, pretty_exceptions_enable=False,
    )
    add_kind_commands(app)
    add_text_commands(app)
    add_web_commands(app)
    add_protection_commands(app)
    app.add_typer(_evidence_app(), name="evidence")
    app.add_typer(_vocab_app(), name="vocab")
    app.add_typer(build_link_app(), name="link")

    @app.command()
    def init(as_json: bool = JSON_OPTION) -> None:
        """Create the data directory, the database schema and the shipped vocabularies (safe to repeat)."""
        result = setup.init_workspace(workspace(initialised=False))
        print_json(result) if as_json else print_record(result, title="initialised")

    @app.command()
    def demo(as_json: bool = JSON_OPTION) -> None:
        """Load the demo case: the sample report of the Albu Kamal internet cut, coded by hand (once)."""
        ws = workspace(initialised=False)
        setup.init_workspace(ws)
        try:
            result = demo_service.load_demo(ws, operator())
        except TawthiqError as exc:
            fail(exc)
        print_json(result) if as_json else print_record(result, title="demo case")

    @app.command()
    def status(as_json: bool = JSON_OPTION) -> None:
        """Where the data is, the schema revision, and how many records of each kind."""
        result = setup.workspace_status(workspace(initialised=False))
        if as_json:
            print_json(result)
            return
        records = result.pop("records")
        print_record(result, title="status")
        if records:
            print_table([{"kind": k, "records": v} for k, v in records.items()], ["kind", "records"])

    @app.command()
    def history(kind: str = typer.Argument(..., help="event, act, actor, person, source, report…"),
                ident: str = typer.Argument(..., metavar="ID"), as_json: bool = JSON_OPTION) -> None:
        """Every version of a record: who changed what, when, and field by field how."""
        try:
            entries = access.history(workspace(), operator(), kind=kind, ident=ident)
        except TawthiqError as exc:
            fail(exc)
        if as_json:
            print_json([{"version": e.version, "change": e.change, "by": e.changed_by, "at": e.changed_at.isoformat(),
                         "reason": e.reason, "fields": [{"field": c.field, "before": c.before, "after": c.after} for c in e.changes]}
                        for e in entries])
            return
        for e in entries:
            reason = f" — {e.reason}" if e.reason else ""
            console.print(f"[bold]v{e.version}[/] {e.change} by {e.changed_by} at {e.changed_at:%Y-%m-%d %H:%M:%S} UTC{reason}")
            print_table([{"field": c.field, "before": c.before, "after": c.after} for c in e.changes], ["field", "before", "after"])

    @app.command()
    def verify(as_json: bool = JSON_OPTION) -> None:
        """Re-hash every stored file and walk the audit chain. Exit 0 when everything holds, 1 otherwise."""
        ws = workspace()
        with progress_bar("verifying", evidence_service.stored_bytes(ws), in_bytes=True) as advance:
            report = integrity.verify_workspace(ws, on_bytes=advance)
        if as_json:
            print_json({"ok": report.ok, "files_checked": report.files_checked, "bytes_checked": report.bytes_checked,
                        "audit_entries": report.audit_entries, "records_checked": report.records_checked,
                        "problems": report.problems, "notes": report.notes})
        else:
            for note in report.notes:
                console.print(f"note: {note}", markup=False)
            for problem in report.problems:
                console.print(f"PROBLEM: {problem}", markup=False, style="red")
            console.print(f"{report.files_checked} files, {report.audit_entries} audit entries, "
                          f"{report.records_checked} records checked: " + ("all hold" if report.ok else f"{len(report.problems)} problems"))
        if not report.ok:
            raise typer.Exit(EXIT_PROBLEMS)

    @app.command("search")
    def search(query: str = typer.Argument("", help="Words in Arabic or Latin letters, any common spelling."),
               kind: list[str] = typer.Option([], "--kind", help="event, act, report, person, actor or place (repeatable)."),
               violation: list[str] = typer.Option([], "--type", help="Violation type slug; a parent type includes its children."),
               actor: list[str] = typer.Option([], "--actor", help="Actor slug or id; includes its units."),
               place: list[str] = typer.Option([], "--place", help="Place id or prefix; includes what lies within it."),
               status: list[str] = typer.Option([], "--status", help="Verification status (repeatable)."),
               level: list[str] = typer.Option([], "--confidentiality", help="Only this confidentiality (repeatable)."),
               date_from: Optional[str] = typer.Option(None, "--from", help="Records whose span reaches this date (YYYY-MM-DD) or later."),
               date_to: Optional[str] = typer.Option(None, "--to", help="Records whose span starts on or before this date."),
               clearance: str = typer.Option("restricted", "--clearance",
                                             help="Search as a viewer cleared up to public, internal or restricted."),
               limit: int = typer.Option(20, "--limit", help="At most this many results."),
               as_json: bool = JSON_OPTION) -> None:
        """Full-text search with facets; the index catches up with recent changes first."""
        ws = workspace()
        try:
            filters = search_service.Filters(
                kinds=kind, types=violation, actors=actor, places=place, statuses=status, confidentiality=level,
                date_from=_day(date_from, "from"), date_to=_day(date_to, "to"))
            viewer = search_service.Viewer(ws.user, _clearance(clearance))
            result = search_service.search_records(ws, viewer=viewer, query=query, filters=filters, limit=limit)
        except TawthiqError as exc:
            fail(exc)
        if as_json:
            print_json({"total": result.total, "capped": result.capped, "hits": [asdict(h) for h in result.hits],
                        "facets": {k: [asdict(v) for v in values] for k, values in result.facets.items()}})
            return
        print_table([asdict(h) for h in result.hits], ["kind", "record_id", "title", "start_date", "status"],
                    title=f"{result.total:,}{'+' if result.capped else ''} results")
        for facet in ("type", "actor", "place", "status"):
            if result.facets.get(facet):
                console.print(f"[bold]{facet}[/]: " + ", ".join(f"{v.label} ({v.count})" for v in result.facets[facet][:8]))

    @app.command("export")
    def export(fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
               out: Path = typer.Option(..., "--out", help="File to write."),
               include_protected: bool = typer.Option(False, "--include-protected",
                                                      help="Include source identities and other protected fields (recorded in the audit log).")) -> None:
        """Write every record (deleted ones too) to one file, streaming."""
        ws = workspace()
        if include_protected:
            ask_passphrase(ws)
        try:
            with progress_bar("exporting", None) as advance:
                count = transfer.export_records(ws, out=out, fmt=fmt, include_protected=include_protected, progress=advance)
        except TawthiqError as exc:
            fail(exc)
        console.print(f"{count} records written to {out}")

    @app.command("import")
    def import_(path: Path = typer.Argument(..., help="A JSON Lines or CSV file as `tawthiq export` writes."),
                kind: Optional[str] = typer.Option(None, "--kind", help="`person`: a victim list (CSV, see docs/linkage.md).")) -> None:
        """Import records in one transaction: any bad line and nothing of the file is written."""
        ws = workspace()
        if not path.is_file():
            errors.print(f"path: {path} does not exist / الملف غير موجود", markup=False)
            raise typer.Exit(2)
        try:
            if kind not in (None, "person"):
                raise InvalidInput.single("kind", f"{kind!r} is not person", "ليس person")
            with progress_bar("importing", None) as advance:
                counts = (victim_lists.import_person_list(ws, path=path) if kind == "person"
                          else transfer.import_records(ws, path=path, progress=advance))
        except TawthiqError as exc:
            fail(exc)
        console.print(f"{counts['imported']} records imported, {counts['unchanged']} already present")

    return app


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.single(field, f"{value!r} is not a date (YYYY-MM-DD)", "ليس تاريخاً (YYYY-MM-DD)") from None


def _clearance(value: str) -> Confidentiality:
    try:
        return Confidentiality(value)
    except ValueError:
        raise InvalidInput.single("clearance", f"{value!r} is not public, internal or restricted",
                                  "ليست public أو internal أو restricted") from None


def _evidence_app() -> typer.Typer:
    app = typer.Typer(help="Evidence files: stored once by SHA-256, write-once, with chain of custody.", no_args_is_help=True)

    @app.command("add")
    def add(paths: list[Path] = typer.Argument(..., help="Files or directories (walked recursively)."),
            event: Optional[str] = typer.Option(None, "--event", help="Attach to this event (id or prefix)."),
            act: Optional[str] = typer.Option(None, "--act", help="Attach to this act."),
            report: Optional[str] = typer.Option(None, "--report", help="Attach to this report."),
            as_json: bool = JSON_OPTION) -> None:
        """Store files as evidence. The same bytes twice are one item."""
        ws = workspace()
        try:
            files = evidence_service.collect_files(paths)
            with progress_bar("storing", sum(f.stat().st_size for f in files), in_bytes=True) as advance:
                added = evidence_service.add_evidence(ws, operator(), paths=files, event=event, act=act, report=report,
                                                      progress=advance)
        except TawthiqError as exc:
            fail(exc)
        rows = [{"sha256": a.sha256, "size": a.size, "media_type": a.media_type, "id": a.evidence_id,
                 "duplicate": a.duplicate, "path": a.path, "warnings": a.warnings} for a in added]
        if as_json:
            print_json(rows)
        elif len(rows) <= TABLE_LIMIT:
            print_table(rows, ["sha256", "size", "media_type", "duplicate", "path"])
        else:
            duplicates = sum(a.duplicate for a in added)
            console.print(f"{len(rows)} files stored ({len(rows) - duplicates} new, {duplicates} already stored); "
                          "`tawthiq evidence list` or --json for the details")

    @app.command("show")
    def show(ident: str = typer.Argument(..., metavar="HASH", help="SHA-256, id, or a unique prefix of either."),
             as_json: bool = JSON_OPTION) -> None:
        """An item, its metadata, its chain of custody and what it is attached to."""
        try:
            item = evidence_service.show_evidence(workspace(), operator(), ident=ident, include_deleted=True)
        except TawthiqError as exc:
            fail(exc)
        if as_json:
            print_json(item)
            return
        custody, attached, derived = item.pop("custody"), item.pop("attached_to"), item.pop("derived")
        print_record(item, title=f"evidence {item['sha256']}")
        print_table(custody, ["at", "action", "actor", "details"], title="chain of custody")
        if attached:
            print_table(attached, ["event", "act", "report"], title="attached to")
        if derived:
            print_table(derived, ["id", "sha256", "derivation"], title="derived copies")

    @app.command("derive")
    def derive(ident: str = typer.Argument(..., metavar="HASH", help="The original (SHA-256, id or prefix)."),
               strip_metadata: bool = typer.Option(True, "--strip-metadata", help="Remove EXIF, GPS and other metadata (images)."),
               as_json: bool = JSON_OPTION) -> None:
        """Make a working copy for publishing, linked to the original, which stays untouched."""
        try:
            child = copies.derive_stripped_copy(workspace(), ident=ident)
        except TawthiqError as exc:
            fail(exc)
        print_json(child) if as_json else print_record(child, title="derived copy")

    @app.command("export")
    def export_file(ident: str = typer.Argument(..., metavar="HASH", help="SHA-256, id or prefix."),
                    out: Path = typer.Option(..., "--out", help="Where to write the copy (never overwritten)."),
                    purpose: str = typer.Option("", "--purpose", help="Why it leaves the store: kept in its custody log.")) -> None:
        """Copy a stored file out, check the copy's hash, and record it in the chain of custody."""
        try:
            result = copies.copy_out(workspace(), ident=ident, out=out, purpose=purpose)
        except TawthiqError as exc:
            fail(exc)
        console.print(f"{result['out']}: {result['size']} bytes, SHA-256 {result['sha256']} checked")

    @app.command("list")
    def list_(as_json: bool = JSON_OPTION) -> None:
        """Every evidence item."""
        rows = list_records(workspace(), kind="evidence")
        print_json(rows) if as_json else print_table(rows, ["sha256", "media_type", "size", "original_name"])

    return app


def _vocab_app() -> typer.Typer:
    app = typer.Typer(help="Controlled vocabularies (English and Arabic).", no_args_is_help=True)

    @app.command("list")
    def list_(name: Optional[str] = typer.Argument(None, help="A vocabulary; without it, all vocabularies."),
              as_json: bool = JSON_OPTION) -> None:
        """The vocabularies, or the concepts of one as a tree."""
        ws = workspace()
        if name is None:
            rows = vocabularies.list_vocabularies(ws)
            print_json(rows) if as_json else print_table(rows, ["slug", "version", "label_en", "label_ar"])
            return
        try:
            concepts = vocabularies.list_concepts(ws, name)
        except TawthiqError as exc:
            fail(exc)
        if as_json:
            print_json(concepts)
            return
        for c in concepts:
            acled = c["mappings"].get("acled_sub_event_type") or ""
            console.print(f"{'  ' * c['depth']}{c['slug']}  [dim]{c['label_en']} / {c['label_ar']}  {acled}[/]")

    return app
