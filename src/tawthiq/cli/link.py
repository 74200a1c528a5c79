"""`tawthiq link`: find the same person or event across sources, review pairs, merge and unmerge."""

from __future__ import annotations

import sys
from dataclasses import asdict
from collections.abc import Callable
from typing import Any

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import console, errors, fail, print_json, print_table
from tawthiq.domain.errors import TawthiqError
from tawthiq.services.linkage import clusters as linkage
from tawthiq.services.linkage import review as linkreview

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
THRESHOLD = typer.Option(0.9, "--threshold", help="Pairs at or above this match probability join a cluster.")


def _show(report: linkage.LinkReport, as_json: bool) -> None:
    if as_json:
        print_json(report.as_json())
        return
    for cluster in report.clusters[:100]:
        members = ", ".join(f"{m['source']}:{m['external_id']}" for m in cluster["members"])
        extra = f", {cluster['sources']} sources" if "sources" in cluster else ""
        console.print(f"[bold]{cluster['id']}[/] p={cluster['probability']:.3f}{extra}: {members}", markup=True)
    console.print(f"{report.records} records, {len(report.clusters)} clusters, {len(report.pairs)} candidate pairs "
                  "(`tawthiq link review` to decide)")
    if report.baseline is not None:
        console.print(f"ACLED baseline (same actors, day and place): {len(report.baseline)} clusters")
    for note in report.notes:
        console.print(f"note: {note}", markup=False)


def _run(link: Callable[..., linkage.LinkReport], threshold: float, as_json: bool) -> None:
    try:
        report = link(workspace(), threshold=threshold)
    except TawthiqError as exc:
        fail(exc)
    _show(report, as_json)


def _reasons(reasons: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in reasons.items() if v != "missing")


def build_link_app() -> typer.Typer:
    app = typer.Typer(help="Linkage: the same victim or incident across sources; review and reversible merges.",
                      no_args_is_help=True)

    @app.command("persons")
    def persons(threshold: float = THRESHOLD, as_json: bool = JSON_OPTION) -> None:
        """Cluster person records that are probably one person, with probabilities and reasons."""
        _run(linkage.link_persons, threshold, as_json)

    @app.command("events")
    def events(threshold: float = THRESHOLD, as_json: bool = JSON_OPTION) -> None:
        """Cluster events that are probably one incident; ACLED's rule is shown alongside."""
        _run(linkage.link_events, threshold, as_json)

    @app.command("review")
    def review(kind: str = typer.Option("person", "--kind", help="person or event."),
               accept: list[int] = typer.Option([], "--accept", help="Accept this candidate pair (repeatable)."),
               reject: list[int] = typer.Option([], "--reject", help="Reject this candidate pair (repeatable)."),
               interactive: bool = typer.Option(False, "--walk", help="Walk the pairs, reading a, r, s or q per pair from stdin."),
               as_json: bool = JSON_OPTION) -> None:
        """List the pairs waiting for a decision, or accept (merge) and reject them."""
        ws = workspace()
        try:
            decided = [linkage.decide_pair(ws, candidate=c, decision="accept") for c in accept]
            decided += [linkage.decide_pair(ws, candidate=c, decision="reject") for c in reject]
            if interactive:
                decided += _walk(ws, kind)
            pending = linkage.review_queue(ws, kind=kind)
        except TawthiqError as exc:
            fail(exc)
        if as_json:
            print_json({"decided": decided, "pending": pending})
            return
        for d in decided:
            console.print(f"pair {d['candidate']}: {d['decision']}" + (f" (merge {d['merge']})" if d["merge"] else ""))
        print_table([{**p, "reasons": _reasons(p["reasons"]), "probability": f"{p['probability']:.3f}"} for p in pending[:50]],
                    ["id", "left", "right", "probability", "reasons"], title=f"{len(pending)} pairs to review")

    @app.command("merge")
    def merge(ids: list[str] = typer.Argument(..., help="Two or more record ids or unique prefixes."),
              kind: str = typer.Option("person", "--kind", help="person or event."),
              note: str = typer.Option("", "--note", help="Why they are one."), as_json: bool = JSON_OPTION) -> None:
        """Record that these records are one person (or one event). Reversible with `link unmerge`."""
        try:
            result = linkage.merge_records(workspace(), kind=kind, idents=ids, note=note)
        except TawthiqError as exc:
            fail(exc)
        print_json(result) if as_json else console.print(f"merge {result['id']}: {len(result['members'])} {kind} records")

    @app.command("unmerge")
    def unmerge(merge_id: str = typer.Argument(..., metavar="MERGE", help="The merge id or a unique prefix."),
                reason: str = typer.Option(..., "--reason", help="Why the merge was wrong."), as_json: bool = JSON_OPTION) -> None:
        """Undo a merge. The merge stays on record, stamped as undone."""
        try:
            result = linkage.unmerge(workspace(), merge=merge_id, reason=reason)
        except TawthiqError as exc:
            fail(exc)
        print_json(result) if as_json else console.print(f"merge {result['id']} undone")

    @app.command("corroboration")
    def corroboration(event: str = typer.Argument(..., metavar="EVENT-ID", help="An event id or a unique prefix."),
                      as_json: bool = JSON_OPTION) -> None:
        """How many independent sources stand behind an event, counting the events merged with it."""
        try:
            result = linkreview.event_corroboration(workspace(), operator(), event=event)
        except TawthiqError as exc:
            fail(exc)
        if as_json:
            print_json(asdict(result))
            return
        others = len(result.merged)
        console.print(f"event {result.event}: {result.sources} independent sources"
                      + (f" (with {others} merged events)" if others else ""))

    return app


def _walk(ws: Any, kind: str) -> list[dict[str, Any]]:
    decided = []
    for pair in linkage.review_queue(ws, kind=kind):
        errors.print(f"pair {pair['id']}: {pair['left']} ~ {pair['right']} p={pair['probability']:.3f}  "
                      f"{_reasons(pair['reasons'])}\n[a]ccept, [r]eject, [s]kip, [q]uit? ", markup=False)
        answer = sys.stdin.readline().strip().lower()[:1]
        if answer in ("", "q"):
            break
        if answer in ("a", "r"):
            decided.append(linkage.decide_pair(ws, candidate=pair["id"], decision="accept" if answer == "a" else "reject"))
    return decided
