"""Commands of protection and offline work: keys, reveal, two-factor and sessions, packages, backups,
instances and sealed bundles."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import EXIT_PROBLEMS, console, errors, print_json, print_record, print_table
from tawthiq.domain.errors import InvalidInput

if TYPE_CHECKING:
    from tawthiq.services.workspace import Workspace

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")


def ask_passphrase(ws: Workspace) -> None:
    """When the organisation key is wrapped by a passphrase and none is set, ask for it (on a terminal only)."""
    from pydantic import SecretStr

    from tawthiq.crypto import envelope
    from tawthiq.services.protection import keys

    if ws.settings.passphrase is None and keys.key_method(ws) == envelope.PASSPHRASE and sys.stdin.isatty():
        ws.settings.passphrase = SecretStr(getpass.getpass("organisation passphrase: "))


def _new_passphrase(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("new passphrase", hide_input=True, confirmation_prompt=True))


def _show(call: Callable[[], dict[str, Any]], title: str, as_json: bool) -> dict[str, Any]:
    """Run a service call and print its result (a table, or JSON)."""
    result = call()
    print_json(result) if as_json else print_record(result, title=title)
    return result


def add_protection_commands(app: typer.Typer) -> None:
    app.add_typer(_keys_app(), name="keys")
    app.add_typer(_instance_app(), name="instance")
    app.add_typer(_bundle_app(), name="bundle")
    app.command("reveal")(reveal)
    app.command("package")(package)
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    for group in app.registered_groups:  # the user group of cli/web.py: second factor and revocation join it
        if group.name == "user" and group.typer_instance is not None:
            group.typer_instance.command("totp")(totp)
            group.typer_instance.command("revoke-sessions")(revoke_sessions)


def reveal(kind: str = typer.Argument(..., help="source or person"), ident: str = typer.Argument(..., metavar="ID"),
           purpose: str = typer.Option(..., "--purpose",
                                       help="Why the identity is needed (recorded in the audit log)."),
           as_json: bool = JSON_OPTION) -> None:
    """Show a record's protected fields in plain text. Needs the organisation key; recorded in the audit log."""
    from tawthiq.services.protection import keys as protection

    ws = workspace()
    ask_passphrase(ws)
    _show(lambda: protection.reveal(ws, operator(), kind=kind, ident=ident, purpose=purpose),
          "protected (this was recorded)", as_json)


def totp(username: str = typer.Argument(...), as_json: bool = JSON_OPTION) -> None:
    """Enrol USERNAME's authenticator app: prints the secret and the otpauth:// URI once. Recorded."""
    from tawthiq.services.accounts import admin

    _show(lambda: admin.enrol_second_factor(workspace(), operator(), username=username),
          "two-factor secret (give it to the user in person)", as_json)


def revoke_sessions(username: str = typer.Argument(...)) -> None:
    """End every web session and revoke every API token of USERNAME. Recorded."""
    from tawthiq.services.accounts import admin

    count = admin.revoke_sessions(workspace(), operator(), username=username)
    console.print(f"{count} sessions and tokens of {username} revoked", markup=False)


def package(args: list[str] = typer.Argument(..., metavar="EVENT-ID... | verify PATH"),
            out: Path | None = typer.Option(None, "--out", help="Directory to create (never overwritten)."),
            include_protected: bool = typer.Option(False, "--include-protected",
                                                   help="Include source identities (recorded in the audit log)."),
            signer: str | None = typer.Option(None, "--signer",
                                                 help="verify: the public key the package must be signed by."),
            bagit_only: bool = typer.Option(False, "--bagit-only",
                                            help="verify: check a BagIt bag of any tool (RFC 8493), no signature."),
            as_json: bool = JSON_OPTION) -> None:
    """`package EVENT-ID... --out PATH` writes a signed BagIt evidence package; `package verify PATH` checks one,
    with no database (`--bagit-only`: any BagIt bag)."""
    from tawthiq.services.evidence import packages

    if args[0] == "verify":
        if len(args) != 2:
            raise InvalidInput.single("path", "give one package directory", "اذكر مجلد حزمة واحداً")
        _verify_package(Path(args[1]), signer=signer, bagit_only=bagit_only, as_json=as_json)
        return
    if out is None:
        raise InvalidInput.single("out", "give --out PATH", "اذكر --out")
    ws = workspace()
    if include_protected:
        ask_passphrase(ws)
    _show(lambda: packages.create_package(ws, operator(), events=args, out=out,
                                                include_protected=include_protected), "package written", as_json)


def _verify_package(path: Path, *, signer: str | None, bagit_only: bool, as_json: bool) -> None:
    """Print what `package verify` found (problems and warnings, English and Arabic; or JSON); exit 1 unless valid."""
    from tawthiq.services.evidence import packages
    from tawthiq.services.protection.instance import fingerprint

    check = packages.verify_package(path, expected_signer=signer, bagit_only=bagit_only)
    result = {"ok": check.ok, "bagit_valid": check.bagit_valid, "bagit_version": check.bagit_version,
              "bagit_only": bagit_only, "files_checked": check.files_checked, "signer": check.signer,
              "signer_fingerprint": fingerprint(check.signer) if check.signer else "", "signed": check.signed,
              "problems": check.problems, "warnings": check.warnings,
              "findings": [f.as_json() for f in check.findings]}
    if as_json:
        print_json(result)
    else:
        for problem in check.problems:
            errors.print(problem, markup=False)
        for warning in check.warnings:
            errors.print(f"warning / تنبيه: {warning}", markup=False)
        signed = (" as a BagIt bag (no signature checked)" if bagit_only
                  else f"; signed by {result['signer_fingerprint'] or 'nobody'}")
        console.print(f"{'valid' if check.ok else 'NOT valid'}: {check.files_checked} files checked{signed}",
                      markup=False)
    if not check.ok:
        raise typer.Exit(EXIT_PROBLEMS)


def backup_command(out: Path = typer.Option(..., "--out", help="File to write (never overwritten)."),
                   as_json: bool = JSON_OPTION) -> None:
    """An encrypted, consistent backup (database, evidence, keys), taken while Tawthiq runs."""
    from tawthiq.services.protection import backup

    _show(lambda: backup.create_backup(workspace(), operator(), out=out), "backup written", as_json)


def restore_command(path: Path = typer.Argument(..., help="A file `tawthiq backup` wrote."),
                    as_json: bool = JSON_OPTION) -> None:
    """Restore a backup into an empty data directory (TAWTHIQ_DATA_DIR); the organisation's secret opens it."""
    from pydantic import SecretStr

    from tawthiq.crypto import envelope
    from tawthiq.domain.errors import TawthiqError
    from tawthiq.services.protection import backup

    ws = workspace(initialised=False)
    if ws.settings.passphrase is None and sys.stdin.isatty():
        try:
            method = backup.read_header(path)["wrapped_key"]["method"]
        except (TawthiqError, KeyError, OSError):
            method = None
        if method == envelope.PASSPHRASE:
            ws.settings.passphrase = SecretStr(getpass.getpass("organisation passphrase: "))
    _show(lambda: backup.restore_backup(ws, path=path), "restored: run `tawthiq verify`", as_json)


def _keys_app() -> typer.Typer:
    app = typer.Typer(help="The organisation key that protects source identities.", no_args_is_help=True)

    @app.command("init")
    def init(passphrase_stdin: bool = typer.Option(False, "--passphrase-stdin",
                                                   help="Wrap the key with a passphrase read from standard input."),
             passphrase: bool = typer.Option(False, "--passphrase", help="Wrap the key with a passphrase (asked for)."),
             as_json: bool = JSON_OPTION) -> None:
        """Make the organisation key (once) and seal every protected value still stored in plain text, history too.
        Without a passphrase the key file TAWTHIQ_KEY_FILE (default DATA_DIR.key) wraps it."""
        from tawthiq.services.protection import keys as protection

        secret = _new_passphrase(passphrase_stdin) if (passphrase or passphrase_stdin) else None
        _show(lambda: protection.init_keys(workspace(), operator(), passphrase=secret), "organisation key", as_json)

    @app.command("rewrap")
    def rewrap(passphrase_stdin: bool = typer.Option(False, "--passphrase-stdin",
                                                     help="New passphrase from standard input."),
               key_file: bool = typer.Option(False, "--key-file",
                                             help="Wrap with the key file instead of a passphrase."),
               as_json: bool = JSON_OPTION) -> None:
        """Wrap the organisation key anew: a new passphrase, or the key file. Needs the current secret."""
        from tawthiq.services.protection import keys as protection

        ws, account = workspace(), operator()
        ask_passphrase(ws)
        new = None if key_file else _new_passphrase(passphrase_stdin)
        _show(lambda: protection.rewrap(ws, account, new_passphrase=new), "organisation key rewrapped", as_json)

    return app


def _instance_app() -> typer.Typer:
    app = typer.Typer(help="This instance's public key, and the instances it accepts bundles from.",
                      no_args_is_help=True)

    @app.command("key")
    def key(as_json: bool = JSON_OPTION) -> None:
        """This instance's public key, to give other instances out of band, and its fingerprint to compare."""
        from tawthiq.services.protection import instance

        text = instance.public_key(workspace(), operator())
        result = {"public_key": text, "fingerprint": instance.fingerprint(text)}
        print_json(result) if as_json else typer.echo(f"{text}\nfingerprint {result['fingerprint']}")

    @app.command("trust")
    def trust(public_key: str = typer.Argument(..., help="The other instance's `tawthiq instance key`."),
              name: str = typer.Option(..., "--name", help="What to call it (\"Deir ez-Zor field office\")."),
              as_json: bool = JSON_OPTION) -> None:
        """Accept bundles signed by this instance key. Compare its fingerprint in person first. Recorded."""
        from tawthiq.services.protection import instance

        _show(lambda: instance.trust(workspace(), operator(), key=public_key, name=name), "trusted", as_json)

    @app.command("list")
    def list_(as_json: bool = JSON_OPTION) -> None:
        """The instances trusted here."""
        from tawthiq.services.protection import instance

        rows = instance.trusted(workspace(), operator())
        print_json(rows) if as_json else print_table(rows, ["name", "fingerprint", "public_key"])

    return app


def _bundle_app() -> typer.Typer:
    app = typer.Typer(help="Sealed bundles: offline sync between instances on any medium.", no_args_is_help=True)

    @app.command("export")
    def export(since: int = typer.Option(0, "--since", help="The mark printed by the previous bundle (0: everything)."),
               to: str = typer.Option(..., "--to", help="The recipient's `tawthiq instance key`."),
               out: Path = typer.Option(..., "--out", help="File to write."), as_json: bool = JSON_OPTION) -> None:
        """Write what changed since MARK, signed by this instance and encrypted to the recipient."""
        from tawthiq.services.protection import bundles

        result = bundles.export_bundle(workspace(), operator(), since=since, recipient=to, out=out)
        if as_json:
            print_json(result)
        else:
            print_record(result, title="bundle written")
            console.print(f"next time: --since {result['mark']}", markup=False)

    @app.command("import")
    def import_(path: Path = typer.Argument(...), as_json: bool = JSON_OPTION) -> None:
        """Check a bundle whole (sender trusted, signature, every hash), then import it; twice changes nothing."""
        from tawthiq.services.protection import bundles

        _show(lambda: bundles.import_bundle(workspace(), operator(), path=path), "bundle imported", as_json)

    @app.command("conflicts")
    def conflicts(as_json: bool = JSON_OPTION) -> None:
        """Records edited on both sides while apart: the other side's version, kept for review."""
        from tawthiq.services.protection.conflicts import list_conflicts

        rows = list_conflicts(workspace(), operator())
        columns = ["id", "kind", "record_id", "local_version", "incoming_version", "from"]
        print_json(rows) if as_json else print_table(rows, columns)

    @app.command("resolve")
    def resolve(conflict_id: int = typer.Argument(..., metavar="CONFLICT-ID"),
                keep: str = typer.Option(..., "--keep", metavar="local|remote|RECORD-JSON-FILE",
                                         help="Which version to keep, or a JSON file of the merged fields to write."),
                as_json: bool = JSON_OPTION) -> None:
        """Resolve a conflict: the kept version becomes the record's next version; the other stays in its history
        or in the conflict. Recorded."""
        _show(lambda: _resolve(conflict_id, keep), "conflict resolved", as_json)

    return app


def _resolve(conflict_id: int, keep: str) -> dict[str, Any]:
    from tawthiq.services.protection.conflicts import resolve_conflict

    if keep in ("local", "remote"):
        return resolve_conflict(workspace(), operator(), conflict_id=conflict_id, keep=keep)
    try:
        record = json.loads(Path(keep).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput.single("keep", f"is local, remote or a readable JSON file of fields ({type(exc).__name__})",
                                  "القيمة local أو remote أو ملف JSON مقروء") from None
    if not isinstance(record, dict):
        raise InvalidInput.single("keep", "the JSON file holds one object of fields",
                                  "الملف يحوي كائناً واحداً من الحقول")
    return resolve_conflict(workspace(), operator(), conflict_id=conflict_id, keep="merged", record=record)
