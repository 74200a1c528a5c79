"""The ``tawthiq`` command: its groups, the top-level commands (init, demo, status, history, verify, search, export,
import, evidence, vocab), and the one place where a user error becomes a message and an exit code.

Each command imports its services when it runs, so that ``--help`` or ``status`` do not pay for Splink, PDF reading
or Alembic (bench/cli_startup.py measures it; tests/cli/test_startup.py checks it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.link import build_link_app
from tawthiq.cli.output import (
    EXIT_PROBLEMS,
    console,
    errors,
    exit_code,
    print_json,
    print_record,
    print_table,
    report,
    storage_error,
)
from tawthiq.cli.protection import add_protection_commands, ask_passphrase
from tawthiq.cli.publish import build_publish_app
from tawthiq.cli.publishing import add_publishing_commands
from tawthiq.cli.records import add_kind_commands
from tawthiq.cli.reports import add_report_commands
from tawthiq.cli.text import add_text_commands
from tawthiq.cli.web import add_web_commands
from tawthiq.domain.errors import InvalidInput, TawthiqError

if TYPE_CHECKING:
    from typer._click.core import Context  # the click that Typer ships (TyperGroup's own type)

    from tawthiq.services.accounts.users import Account
    from tawthiq.services.workspace import Workspace

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
TABLE_LIMIT = 50  # beyond this a table is slower to draw than to read: print a summary


class Commands(TyperGroup):
    """The top-level group. Every user error of every command ends here: printed on stderr in English and Arabic,
    without a traceback, with its exit code (2 rejected input, 3 unknown record, 4 not allowed, 5 storage failure:
    a full, read-only or failing disk, which reaches here as OSError or as a database error)."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except TawthiqError as exc:
            report(exc)
            ctx.exit(exit_code(exc))
        except Exception as exc:
            failure = storage_error(exc)
            if failure is None:
                raise
            report(failure)
            ctx.exit(exit_code(failure))


def build_app() -> typer.Typer:
    """The command-line application."""
    app = typer.Typer(
        cls=Commands, help="Tawthiq (توثيق): document violations against civilians so that the record holds up.",
        no_args_is_help=True, pretty_exceptions_enable=False,
    )
    add_kind_commands(app)
    add_report_commands(next(g.typer_instance for g in app.registered_groups
                             if g.name == "report" and g.typer_instance is not None))
    add_text_commands(app)
    add_web_commands(app)
    add_protection_commands(app)
    add_publishing_commands(app)
    app.add_typer(_evidence_app(), name="evidence")
    app.add_typer(_vocab_app(), name="vocab")
    app.add_typer(build_link_app(), name="link")
    app.add_typer(build_publish_app(), name="publish")
    _top_level(app)
    return app


def _maintainer(ws: Workspace) -> Account | None:
    """Who sets up the data directory: nobody yet on a new one (its operator becomes its admin), else the operator."""
    from tawthiq.services.records import setup

    return operator(initialised=False) if setup.has_accounts(ws) else None


def _top_level(app: typer.Typer) -> None:
    @app.command()
    def init(as_json: bool = JSON_OPTION) -> None:
        """Create the data directory, the database schema and the shipped vocabularies (safe to repeat)."""
        from tawthiq.services.records import setup

        ws = workspace(initialised=False)
        result = setup.init_workspace(ws, _maintainer(ws))
        print_json(result) if as_json else print_record(result, title="initialised")

    @app.command()
    def demo(as_json: bool = JSON_OPTION) -> None:
        """Load the demo case: the sample report of the Albu Kamal internet cut, coded by hand (once)."""
        from tawthiq.services.records import demo as demo_service, setup

        ws = workspace(initialised=False)
        setup.init_workspace(ws, _maintainer(ws))
        result = demo_service.load_demo(ws, operator())
        print_json(result) if as_json else print_record(result, title="demo case")

    @app.command()
    def status(as_json: bool = JSON_OPTION) -> None:
        """Where the data is, the schema revision, and how many records of each kind you may read."""
        from tawthiq.services.records import setup

        result = setup.workspace_status(workspace(), operator())
        for path in result.get("loose_permissions", []):
            errors.print(f"warning: {path} may be read by other accounts on this machine: `tawthiq init` tightens it"
                         f" / تحذير: يمكن لحسابات أخرى على هذا الجهاز قراءة {path}: شغّل tawthiq init", markup=False)
        if as_json:
            print_json(result)
            return
        records = result.pop("records")
        print_record(result, title="status")
        if records:
            print_table([{"kind": k, "records": v} for k, v in records.items()], ["kind", "records"])

    @app.command()
    def clean(as_json: bool = JSON_OPTION) -> None:
        """Remove what interrupted commands left: evidence intakes' temporary files, private scratch folders, unfinished
        backup and bundle files (`verify` lists them). Work in progress is left alone. Recorded."""
        from tawthiq.services import scratch

        result = scratch.clean(workspace(), operator())
        if as_json:
            print_json(result)
            return
        for item in result["removed"]:
            console.print(f"removed {item['path']} ({item['size']:,} bytes)", markup=False)
        console.print(f"{len(result['removed'])} leftovers removed, {result['bytes']:,} bytes freed")

    @app.command()
    def history(kind: str = typer.Argument(..., help="event, act, actor, person, source, report…"),
                ident: str = typer.Argument(..., metavar="ID"), as_json: bool = JSON_OPTION) -> None:
        """Every version of a record: who changed what, when, and field by field how."""
        from tawthiq.services.records import access

        entries = access.history(workspace(), operator(), kind=kind, ident=ident)
        if as_json:
            print_json(entries)
            return
        for e in entries:
            reason = f" — {e.reason}" if e.reason else ""
            console.print(f"[bold]v{e.version}[/] {e.change} by {e.changed_by} at {e.changed_at:%Y-%m-%d %H:%M:%S} UTC"
                          f"{reason}")
            print_table([{"field": c.field, "before": c.before, "after": c.after} for c in e.changes],
                        ["field", "before", "after"])

    @app.command()
    def verify(as_json: bool = JSON_OPTION) -> None:
        """Re-hash every stored file and walk the audit chain. Exit 0 when everything holds, 1 otherwise."""
        from tawthiq.cli.progress import progress_bar
        from tawthiq.services.evidence import integrity

        ws = workspace()
        with progress_bar("verifying", None, in_bytes=True) as bar:
            result = integrity.verify_workspace(ws, operator(), on_bytes=bar, on_total=bar.total)
        if as_json:
            print_json(result)
        else:
            for note in result.notes:
                console.print(f"note: {note}", markup=False)
            for problem in result.problems:
                console.print(f"PROBLEM: {problem}", markup=False, style="red")
            console.print(f"{result.files_checked} files, {result.audit_entries} audit entries, "
                          f"{result.records_checked} records checked: "
                          + ("all hold" if result.ok else f"{len(result.problems)} problems"))
        if not result.ok:
            raise typer.Exit(EXIT_PROBLEMS)

    @app.command("search")
    def search(query: str = typer.Argument("", help="Words in Arabic or Latin letters, any common spelling."),
               kind: list[str] = typer.Option([], "--kind",
                                              help="event, act, report, person, actor or place (repeatable)."),
               violation: list[str] = typer.Option([], "--type",
                                                   help="Violation type slug; a parent type includes its children."),
               actor: list[str] = typer.Option([], "--actor", help="Actor slug or id; includes its units."),
               place: list[str] = typer.Option([], "--place", help="Place id or prefix; includes what lies within it."),
               status: list[str] = typer.Option([], "--status", help="Verification status (repeatable)."),
               level: list[str] = typer.Option([], "--confidentiality", help="Only this confidentiality (repeatable)."),
               date_from: str | None = typer.Option(
                   None, "--from", help="Records whose span reaches this date (YYYY-MM-DD) or later."),
               date_to: str | None = typer.Option(None, "--to",
                                                     help="Records whose span starts on or before this date."),
               clearance: str | None = typer.Option(
                   None, "--clearance",
                   help="Search as a viewer cleared up to public or internal: never above your own clearance "
                   "(the default)."),
               limit: int = typer.Option(20, "--limit", help="At most this many results."),
               as_json: bool = JSON_OPTION) -> None:
        """Full-text search with facets, within your clearance; the index catches up with recent changes first."""
        from tawthiq.services.browse import search as search_service

        filters = search_service.Filters(
            kinds=kind, types=violation, actors=actor, places=place, statuses=status, confidentiality=level,
            date_from=_day(date_from, "from"), date_to=_day(date_to, "to"))
        result = search_service.search(workspace(), operator(), query=query, filters=filters, limit=limit,
                                       clearance=clearance)
        if result.stale:
            errors.print("warning: the search index could not catch up (the disk is full or read-only): the "
                              "latest changes may be missing / تعذّر تحديث فهرس البحث: قد تنقص أحدث التغييرات",
                              markup=False)
        if as_json:
            print_json(result)
            return
        print_table([{"kind": h.kind, "record_id": h.record_id, "title": h.title, "start_date": h.start_date,
                      "status": h.status} for h in result.hits], ["kind", "record_id", "title", "start_date", "status"],
                    title=f"{result.total:,}{'+' if result.capped else ''} results")
        for facet in ("type", "actor", "place", "status"):
            if result.facets.get(facet):
                values = ", ".join(f"{v.label} ({v.count})" for v in result.facets[facet][:8])
                console.print(f"[bold]{facet}[/]: {values}")

    @app.command("export")
    def export(fmt: str = typer.Option("jsonl", "--format", help="jsonl or csv."),
               out: Path = typer.Option(..., "--out", help="File to write."),
               include_protected: bool = typer.Option(
                   False, "--include-protected",
                   help="Include source identities and other protected fields (recorded in the audit log).")) -> None:
        """Write every record (deleted ones too) to one file, streaming."""
        from tawthiq.cli.progress import progress_bar
        from tawthiq.services.records import transfer

        ws = workspace()
        account = operator()
        if include_protected:
            ask_passphrase(ws)
        with progress_bar("exporting", None) as bar:
            count = transfer.export_records(ws, account, out=out, fmt=fmt, include_protected=include_protected,
                                            progress=bar)
        console.print(f"{count} records written to {out}")

    @app.command("import")
    def import_(path: Path = typer.Argument(..., help="A JSON Lines or CSV file as `tawthiq export` writes."),
                kind: str | None = typer.Option(
                    None, "--kind", help="`person`: a victim list (CSV, see docs/linkage.md).")) -> None:
        """Import records in one transaction: any bad line and nothing of the file is written."""
        from tawthiq.cli.progress import progress_bar
        from tawthiq.services.linkage import victim_lists
        from tawthiq.services.records import transfer

        if kind not in (None, "person"):
            raise InvalidInput.single("kind", f"{kind!r} is not person", "ليس person")
        if not path.is_file():
            raise InvalidInput.single("path", f"{path} does not exist", "الملف غير موجود")
        ws = workspace()
        account = operator()
        with progress_bar("importing", None) as bar:
            counts = (victim_lists.import_person_list(ws, account, path=path) if kind == "person"
                      else transfer.import_records(ws, account, path=path, progress=bar))
        console.print(f"{counts['imported']} records imported, {counts['unchanged']} already present")


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput.single(field, f"{value!r} is not a date (YYYY-MM-DD)",
                                  "ليس تاريخاً (YYYY-MM-DD)") from None


def _evidence_app() -> typer.Typer:
    app = typer.Typer(help="Evidence files: stored once by SHA-256, write-once, with chain of custody.",
                      no_args_is_help=True)

    @app.command("add")
    def add(paths: list[Path] = typer.Argument(..., help="Files or directories (walked recursively)."),
            event: str | None = typer.Option(None, "--event", help="Attach to this event (id or prefix)."),
            act: str | None = typer.Option(None, "--act", help="Attach to this act."),
            report: str | None = typer.Option(None, "--report", help="Attach to this report."),
            as_json: bool = JSON_OPTION) -> None:
        """Store files as evidence. The same bytes twice are one item."""
        from tawthiq.cli.progress import progress_bar
        from tawthiq.services.evidence import store

        ws = workspace()
        account = operator()
        files = store.collect_files(paths)
        with progress_bar("storing", sum(f.stat().st_size for f in files), in_bytes=True) as bar:
            added = store.add_evidence(ws, account, paths=files, event=event, act=act, report=report, progress=bar)
        hidden = sum(not a.visible for a in added)
        if hidden:  # attached, but the item is not the adder's to see: say so, without its id
            errors.print(f"{hidden} file(s) were already on record above your clearance: attached, not shown / "
                         "ملفات موجودة مسبقاً بمستوى أعلى من صلاحيتك: أُرفقت ولن تُعرض", markup=False)
        if as_json:
            print_json(added)
        elif len(added) <= TABLE_LIMIT:
            print_table([{"sha256": a.sha256, "size": a.size, "media_type": a.media_type, "duplicate": a.duplicate,
                          "path": a.path} for a in added], ["sha256", "size", "media_type", "duplicate", "path"])
        else:
            duplicates = sum(a.duplicate for a in added)
            console.print(f"{len(added)} files stored ({len(added) - duplicates} new, {duplicates} already stored); "
                          "`tawthiq evidence list` or --json for the details")

    @app.command("show")
    def show(ident: str = typer.Argument(..., metavar="HASH", help="SHA-256, id, or a unique prefix of either."),
             as_json: bool = JSON_OPTION) -> None:
        """An item, its metadata, its chain of custody and what it is attached to."""
        from tawthiq.services.evidence import store

        item = store.show_evidence(workspace(), operator(), ident=ident, include_deleted=True)
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
               strip_metadata: bool = typer.Option(True, "--strip-metadata",
                                                   help="Remove EXIF, GPS and other metadata (images)."),
               blur_faces: bool = typer.Option(False, "--blur-faces",
                                               help="Also blur every face found (images; metadata removed too)."),
               as_json: bool = JSON_OPTION) -> None:
        """Make a working copy for publishing, linked to the original, which stays untouched."""
        from tawthiq.media.faces import FaceDetectorMissing
        from tawthiq.services.evidence import copies

        try:
            derive_copy = copies.derive_blurred_copy if blur_faces else copies.derive_stripped_copy
            child = derive_copy(workspace(), operator(), ident=ident)
        except FaceDetectorMissing as exc:
            raise InvalidInput.single("blur_faces", f"faces cannot be blurred here: {exc}",
                                      "لا يمكن طمس الوجوه هنا: مكتبة OpenCV غير مثبتة") from exc
        print_json(child) if as_json else print_record(child, title="derived copy")

    @app.command("export")
    def export_file(ident: str = typer.Argument(..., metavar="HASH", help="SHA-256, id or prefix."),
                    out: Path = typer.Option(..., "--out", help="Where to write the copy (never overwritten)."),
                    purpose: str = typer.Option("", "--purpose",
                                                help="Why it leaves the store: kept in its custody log.")) -> None:
        """Copy a stored file out, check the copy's hash, and record it in the chain of custody."""
        from tawthiq.services.evidence import copies

        result = copies.copy_out(workspace(), operator(), ident=ident, out=out, purpose=purpose)
        console.print(f"{result['out']}: {result['size']} bytes, SHA-256 {result['sha256']} checked")

    @app.command("list")
    def list_(as_json: bool = JSON_OPTION) -> None:
        """Every evidence item you may read."""
        from tawthiq.services.records import access

        rows = access.list_readable(workspace(), operator(), kind="evidence", limit=None)
        print_json(rows) if as_json else print_table(rows, ["sha256", "media_type", "size", "original_name"])

    return app


def _vocab_app() -> typer.Typer:
    app = typer.Typer(help="Controlled vocabularies (English and Arabic).", no_args_is_help=True)

    @app.command("list")
    def list_(name: str | None = typer.Argument(None, help="A vocabulary; without it, all vocabularies."),
              as_json: bool = JSON_OPTION) -> None:
        """The vocabularies, or the concepts of one as a tree."""
        from tawthiq.services.records import vocabularies

        ws = workspace()
        if name is None:
            rows = vocabularies.list_vocabularies(ws)
            print_json(rows) if as_json else print_table(rows, ["slug", "version", "label_en", "label_ar"])
            return
        concepts = vocabularies.list_concepts(ws, name)
        if as_json:
            print_json(concepts)
            return
        for c in concepts:
            acled = c["mappings"].get("acled_sub_event_type") or ""
            console.print(f"{'  ' * c['depth']}{c['slug']}  [dim]{c['label_en']} / {c['label_ar']}  {acled}[/]")

    return app
