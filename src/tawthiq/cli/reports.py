"""`tawthiq report monthly` and `tawthiq report event`: the printed reports (PDF, English or Arabic).

Both are the use case of ``publish/reports.py`` (shared with the web): what the profile admits, collected through the
checked publishing service, printed with ``publish/pdf.py``, and the run recorded. The file is written
beside its destination under a temporary name and linked into place only when whole, so that an error leaves no
partial report, and an existing file is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import console
from tawthiq.domain.errors import InvalidInput

LANG_OPTION = typer.Option("en", "--lang", help="The report's language: en or ar.")
PROFILE_OPTION = typer.Option("public", "--profile", help="The publication profile that decides what may appear.")
OUT_OPTION = typer.Option(..., "--out", help="The PDF file to write (never overwritten).", dir_okay=False)


def add_report_commands(app: typer.Typer) -> None:
    """Add the printed reports (PDF, English or Arabic, made from what a profile publishes) to the ``report`` group,
    beside the report records' own commands: ``tawthiq report monthly`` and ``tawthiq report event``."""

    @app.command("monthly")
    def monthly(month: str = typer.Option(..., "--month", help="The month, YYYY-MM (2015-07)."),
                lang: str = LANG_OPTION, profile: str = PROFILE_OPTION, out: Path = OUT_OPTION) -> None:
        """A monthly report: summary, deaths by month, governorate and perpetrator, victims, detention,
        displacement, attacks on protected objects, methodology and an annex of incidents."""
        from tawthiq.publish import pdf, reports

        pdf.parse_month(month)  # a bad month or language is named before anything else is looked at
        pdf.check_language(lang)
        _refuse_existing(out)
        made, pset = reports.monthly_report(workspace(), operator(), month=month, language=lang, profile=profile,
                                            out=str(out.resolve()))
        _write(out, made)
        console.print(f"wrote {out}: {len(pset.events)} incidents ({sum(e.counted for e in pset.events)} counted)",
                      markup=False)

    @app.command("event")
    def event(ident: str = typer.Argument(..., metavar="EVENT-ID", help="An event id or a unique prefix."),
              lang: str = LANG_OPTION, profile: str = PROFILE_OPTION, out: Path = OUT_OPTION) -> None:
        """An incident dossier: narrative, acts, perpetrators, victims, sources by pseudonym, files with SHA-256,
        custody and history, as the profile publishes them."""
        from tawthiq.publish import pdf, reports

        pdf.check_language(lang)
        _refuse_existing(out)
        made, _ident = reports.event_report(workspace(), operator(), event=ident, language=lang, profile=profile,
                                            out=str(out.resolve()))
        _write(out, made)
        console.print(f"wrote {out}", markup=False)


def _refuse_existing(out: Path) -> None:
    if out.exists() or out.is_symlink():
        raise InvalidInput.single("out", f"{out} exists: a report never overwrites a file",
                                  f"{out} موجود: لا يكتب التقرير فوق ملف موجود")
    if not out.parent.is_dir():
        raise InvalidInput.single("out", f"the folder {out.parent} does not exist", f"المجلد {out.parent} غير موجود")


def _write(out: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``out``, then link it to ``out`` (which fails if ``out`` appeared
    meanwhile: never overwritten). Nothing is left behind on error."""
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(temporary, out)
        except FileExistsError:
            raise InvalidInput.single("out", f"{out} exists: a report never overwrites a file",
                                      f"{out} موجود: لا يكتب التقرير فوق ملف موجود") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
