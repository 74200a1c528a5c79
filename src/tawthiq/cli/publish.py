"""`tawthiq publish`: the static public site (and the open data) of a publication profile; `publish verify DIR`.

``publish`` is a group that publishes when it is given no subcommand (``tawthiq publish --profile public --out
DIR``) and checks a published folder with ``verify`` (``tawthiq publish verify DIR``, no database, no account).
The records come from the checked use case ``services/publishing/collect.py`` as the operator; everything
written is made from the redacted set it returns.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import console, print_json
from tawthiq.domain.errors import InvalidInput

if TYPE_CHECKING:
    from tawthiq.domain.policy import Principal
    from tawthiq.services.publishing.incremental import Collected
    from tawthiq.services.workspace import Workspace

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")


def build_publish_app() -> typer.Typer:
    app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                      help="Publish the static public site and open data of a profile (`publish verify DIR` checks "
                           "a published folder).")

    @app.callback()
    def publish(ctx: typer.Context,
                profile: str = typer.Option("public", "--profile", help="The publication profile."),
                out: Path | None = typer.Option(None, "--out", help="The site's folder: new, empty, or an earlier "
                                                                    "publication (brought up to date)."),
                derive_copies: bool = typer.Option(False, "--derive-copies",
                                                   help="First make the derived copies of evidence the profile "
                                                        "needs and that are missing (metadata stripped, faces "
                                                        "blurred), each linked to its original in custody."),
                as_json: bool = JSON_OPTION) -> None:
        """Write the static bilingual site of PROFILE into --out (only what changed), the open data, and a signed
        manifest.json of every file. Evidence appears only as derived copies: --derive-copies makes the missing
        ones first (otherwise they are held back, in the withheld log)."""
        if ctx.invoked_subcommand is not None:
            return
        if out is None:
            raise InvalidInput.single("out", "give --out DIR, the folder of the site", "اذكر ‎--out‎، مجلد الموقع")
        _refuse_foreign(out)
        from tawthiq.publish.site import check_assets
        from tawthiq.services.publishing.incremental import collect_changed

        ws, account = workspace(), operator()
        if derive_copies:
            from tawthiq.services.publishing.files import prepare_files

            failed = prepare_files(ws, account, profile)
            if failed:
                console.print(f"{len(failed)} evidence files could not be derived and are held back "
                              f"({', '.join(sorted({f.reason.value for f in failed}))})", markup=False)
        assets = ws.settings.web_assets_dir or Path(__file__).resolve().parents[3] / "node_modules"
        check_assets(assets)  # before anything is read or written: a refusal writes nothing
        collected = collect_changed(ws, account, profile=profile, defer_save=True)  # reads only what changed
        gc.freeze()  # the set lives to the end: the collector's full passes need not walk it again and again
        try:
            result = _publish(ws, account, collected, out, assets)
        finally:
            gc.unfreeze()
        if as_json:
            print_json(result)
            return
        read = {"full": "every record read", "unchanged": "nothing changed since the last run",
                "incremental": f"{collected.changed} changed incidents read again"}[collected.mode]
        console.print(f"site of {result['events']} incidents in {out} ({read}): {result['written']} files written, "
                      f"{result['unchanged']} unchanged, {result['removed']} removed; manifest signed by "
                      f"{result['signer']}", markup=False)

    @app.command("verify")
    def verify(directory: Path = typer.Argument(..., metavar="DIR", help="A published folder."),
               key: str | None = typer.Option(None, "--key", help="The public key the manifest must be signed by "
                                                                  "(as the publisher gives it)."),
               as_json: bool = JSON_OPTION) -> None:
        """Check a published folder against its signed manifest: missing, changed and extra files, and the
        signature. Exit 0 when everything holds, 1 with each problem named. Needs no database."""
        from tawthiq.cli.output import errors
        from tawthiq.publish.manifest import verify_site
        from tawthiq.services.protection.instance import fingerprint

        check = verify_site(directory, expected_key=key)
        signer = fingerprint(check.public_key) if check.public_key else ""
        if as_json:
            print_json({"ok": not check.problems, "files_checked": check.checked, "public_key": check.public_key,
                        "signer_fingerprint": signer, "problems": check.problems})
        else:
            for problem in check.problems:
                errors.print(problem, markup=False)
            state = "NOT valid" if check.problems else "valid"
            console.print(f"{state}: {check.checked} files checked; signed by {check.public_key or 'nobody'} "
                          f"({signer or '-'})", markup=False)
        if check.problems:
            raise typer.Exit(1)

    return app


def _publish(ws: Workspace, account: Principal, collected: Collected, out: Path, assets: Path) -> dict[str, Any]:
    """Write the site here and the open data (then the collection's memo) in a forked child, on both cores; sign the
    manifest; record the run in the withheld log. Returns what the command prints."""
    from tawthiq.crypto.signing import public_key_text
    from tawthiq.publish.alongside import Alongside
    from tawthiq.publish.manifest import write_manifest
    from tawthiq.publish.opendata import write_data_kept
    from tawthiq.publish.publisher import published_by
    from tawthiq.publish.site import write_site
    from tawthiq.services.protection.instance import fingerprint, instance_key
    from tawthiq.services.publishing.withheld import record_run

    pset = published_by(collected.pset, ws.settings)  # the organisation's name

    def data() -> None:
        _files, rows = write_data_kept(pset, out / "data", digests=collected.digests,
                                       kept=collected.kept.get("data"))  # an unchanged incident's rows copied
        collected.save({"data": rows})  # the memo for the next run, once this one's data is written

    with Alongside(data, what="writing the open data"):
        report = write_site(pset, out, assets=assets, digests=collected.digests)
    key = instance_key(ws)
    manifest_changed = write_manifest(out, key=key, known=report.files)
    record_run(ws, account, pset, kind="site", out=str(out))
    return {"out": str(out), "profile": pset.profile.name, "events": len(pset.events),
            "collected": collected.mode, "events_read": collected.changed,
            "written": report.written, "unchanged": report.unchanged, "removed": report.removed,
            "manifest_changed": manifest_changed, "signer": fingerprint(public_key_text(key))}


def _refuse_foreign(out: Path) -> None:
    """A folder that holds files but no earlier publication is refused: publishing removes what the site's own
    folders hold beyond the site, and must never do that to someone's files."""
    from tawthiq.publish.manifest import MANIFEST

    if out.exists() and not out.is_dir():
        raise InvalidInput.single("out", f"{out} is a file, not a folder", f"{out} ملف وليس مجلداً")
    earlier = (out / MANIFEST).is_file() or (out / "assets" / "site.css").is_file()  # or a run cut short
    if out.is_dir() and any(out.iterdir()) and not earlier:
        raise InvalidInput.single("out", f"{out} holds files but no earlier publication (no {MANIFEST}); "
                                         "give a new or empty folder",
                                  f"{out} يحوي ملفات وليس منشوراً سابقاً (لا يوجد {MANIFEST})؛ اذكر مجلداً جديداً أو فارغاً")
