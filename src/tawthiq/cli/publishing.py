"""`tawthiq grade`, `tawthiq profile …` and `tawthiq publication-log`: grades, publication profiles, withheld log.

`grade` calls the same checked use cases as `GET /api/v1/events/{ident}/grade` (services/publishing/grading.py);
`profile` those of services/publishing/profiles.py, and `publication-log` services/publishing/withheld.py; all as
the operator.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import console, print_json, print_table
from tawthiq.domain.errors import InvalidInput, Problem


def add_publishing_commands(app: typer.Typer) -> None:
    app.add_typer(_profile_app(), name="profile")

    @app.command("publication-log")
    def publication_log(run: str | None = typer.Argument(None, metavar="RUN-ID",
                                                         help="A run id or a unique prefix: what it held back."),
                        as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """The withheld log (admins and coordinators): every publication run with its counts, or what one run held
        back and why (record ids and reason codes)."""
        from tawthiq.services.publishing.withheld import withheld_log

        runs = withheld_log(workspace(), operator(), run)
        if as_json:
            print_json(runs if run is None else runs[0])
            return
        if run is None:
            print_table([{"run": r.id, "kind": r.kind, "profile": f"{r.profile} v{r.profile_version}", "by": r.by,
                          "at": r.at.isoformat(timespec="seconds"), "events": r.counts.get("events", 0),
                          "withheld": r.counts.get("withheld", 0), "output": r.output} for r in runs],
                        ["run", "kind", "profile", "by", "at", "events", "withheld", "output"],
                        title="publication runs")
            return
        [view] = runs
        console.print(f"run {view.id}: {view.kind}, profile {view.profile} v{view.profile_version}, by {view.by} at "
                      f"{view.at.isoformat(timespec='seconds')} to {view.output}", markup=False)
        print_table([{"kind": e.kind, "record": e.record_id, "reason": e.reason.value, "field": e.field or "",
                      "event": e.event_id or ""} for e in view.withheld],
                    ["kind", "record", "reason", "field", "event"], title="withheld")

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


def _profile_app() -> typer.Typer:
    app = typer.Typer(help="Publication profiles: what may leave (admins and coordinators).", no_args_is_help=True)

    @app.command("list")
    def list_(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Every profile in its current version: built-in, or saved (a saved one takes a built-in one's place)."""
        from tawthiq.services.publishing.profiles import list_profiles

        found = list_profiles(workspace(), operator())
        if as_json:
            print_json(found)
            return
        print_table([{"name": p.name, "version": p.version,
                      "origin": p.origin if p.deleted is None else f"deleted: {p.deleted}", "title": p.title_en,
                      "title (ar)": p.title_ar, "saved by": p.saved_by or ""} for p in found],
                    ["name", "version", "origin", "title", "title (ar)", "saved by"], title="profiles")

    @app.command("show")
    def show(name: str = typer.Argument(..., metavar="NAME"),
             version: int | None = typer.Option(None, "--version", help="An earlier version."),
             as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """A profile's keys, as the JSON `profile save` reads."""
        from tawthiq.services.publishing.profiles import profile_data, show_profile

        data = profile_data(show_profile(workspace(), operator(), name, version))
        if as_json:
            print_json(data)
            return
        console.print(json.dumps(data, ensure_ascii=False, indent=1), markup=False)

    @app.command("save")
    def save(path: Path = typer.Argument(..., metavar="FILE", help="A profile as JSON (see `profile show`)."),
             as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Save FILE as the next version of the profile it names; earlier versions are kept. Recorded."""
        from tawthiq.services.publishing.profiles import profile_data, save_profile

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInput([Problem("file", f"cannot be read as JSON: {exc}", "تعذّرت قراءته بصيغة JSON")]) from exc
        saved = save_profile(workspace(), operator(), data)
        if as_json:
            print_json(profile_data(saved))
            return
        console.print(f"profile {saved.name} saved as version {saved.version}", markup=False)

    @app.command("history")
    def history(name: str = typer.Argument(..., metavar="NAME"),
                as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Every version of a profile, oldest first: who saved each and when."""
        from tawthiq.services.publishing.profiles import profile_history

        found = profile_history(workspace(), operator(), name)
        if as_json:
            print_json(found)
            return
        print_table([{"version": p.version, "origin": p.origin if p.deleted is None else f"deleted: {p.deleted}",
                      "saved by": p.saved_by or "",
                      "saved at": p.saved_at.isoformat(timespec="seconds") if p.saved_at else ""} for p in found],
                    ["version", "origin", "saved by", "saved at"], title=f"profile {name}")

    @app.command("delete")
    def delete(name: str = typer.Argument(..., metavar="NAME"),
               reason: str = typer.Option(..., "--reason", help="Why it is deleted (kept in its history)."),
               as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Delete a saved profile (every version is kept; `profile restore` undoes it). A built-in profile of the same
        name applies again."""
        from tawthiq.services.publishing.profiles import delete_profile

        done = delete_profile(workspace(), operator(), name, reason=reason)
        print_json(done) if as_json else console.print(f"profile {name} deleted (version {done.version})",
                                                       markup=False)

    @app.command("restore")
    def restore(name: str = typer.Argument(..., metavar="NAME"),
                reason: str = typer.Option(..., "--reason", help="Why it is restored (kept in its history)."),
                as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Undo the deletion of a saved profile: its last keys again, as a new version."""
        from tawthiq.services.publishing.profiles import restore_profile

        done = restore_profile(workspace(), operator(), name, reason=reason)
        print_json(done) if as_json else console.print(f"profile {name} restored (version {done.version})",
                                                       markup=False)

    return app
