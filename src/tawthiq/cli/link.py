"""`tawthiq link`: find the same person or event across sources, review pairs, merge and unmerge.

The same checked use cases as the web's review pages (services/linkage/review.py), as the operator.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer

from tawthiq.cli.context import operator, workspace
from tawthiq.cli.output import console, errors, print_json, print_table

if TYPE_CHECKING:
    from tawthiq.services.accounts.users import Account
    from tawthiq.services.linkage.clusters import LinkReport
    from tawthiq.services.linkage.review import Decided, QueueItem
    from tawthiq.services.workspace import Workspace

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
THRESHOLD = typer.Option(0.9, "--threshold", help="Pairs at or above this match probability join a cluster.")
QUEUE_LIMIT = 1000  # pairs listed (--json) or walked at most; the total says how many wait


def _show(report: LinkReport, as_json: bool) -> None:
    if as_json:
        print_json(report)
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


def _run(kind: str, threshold: float, as_json: bool) -> None:
    from tawthiq.services.linkage import review

    _show(review.run_report(workspace(), operator(), kind=kind, threshold=threshold), as_json)


def _reasons(reasons: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in reasons.items() if v != "missing")


def _side(brief: Any) -> str:
    return f"{brief.label} ({brief.detail})" if brief.detail else str(brief.label)


def build_link_app() -> typer.Typer:
    app = typer.Typer(help="Linkage: the same victim or incident across sources; review and reversible merges.",
                      no_args_is_help=True)

    @app.command("persons")
    def persons(threshold: float = THRESHOLD, as_json: bool = JSON_OPTION) -> None:
        """Cluster person records that are probably one person, with probabilities and reasons."""
        _run("person", threshold, as_json)

    @app.command("events")
    def events(threshold: float = THRESHOLD, as_json: bool = JSON_OPTION) -> None:
        """Cluster events that are probably one incident; ACLED's rule is shown alongside."""
        _run("event", threshold, as_json)

    @app.command("review")
    def review(kind: str = typer.Option("person", "--kind", help="person or event."),
               accept: list[int] = typer.Option([], "--accept", help="Accept this candidate pair (repeatable)."),
               reject: list[int] = typer.Option([], "--reject", help="Reject this candidate pair (repeatable)."),
               interactive: bool = typer.Option(False, "--walk",
                                                help="Walk the pairs, reading a, r, s or q per pair from stdin."),
               as_json: bool = JSON_OPTION) -> None:
        """List the pairs waiting for a decision, or accept (merge) and reject them."""
        from tawthiq.services.linkage import review as linkreview

        ws, account = workspace(), operator()
        decided = [linkreview.decide(ws, account, kind=kind, candidate=c, decision="accept") for c in accept]
        decided += [linkreview.decide(ws, account, kind=kind, candidate=c, decision="reject") for c in reject]
        if interactive:
            decided += _walk(ws, account, kind)
        pending, total = linkreview.queue(ws, account, kind=kind, limit=QUEUE_LIMIT)
        if as_json:
            print_json({"decided": decided, "total": total, "pending": pending})
            return
        for d in decided:
            console.print(f"pair {d.candidate}: {d.decision}" + (f" (merge {d.merge})" if d.merge else ""))
        print_table([{"id": p.id, "left": _side(p.left), "right": _side(p.right), "probability": f"{p.probability:.3f}",
                      "reasons": _reasons(p.reasons)} for p in pending[:50]],
                    ["id", "left", "right", "probability", "reasons"], title=f"{total} pairs to review")

    @app.command("merge")
    def merge(ids: list[str] = typer.Argument(..., help="Two or more record ids or unique prefixes."),
              kind: str = typer.Option("person", "--kind", help="person or event."),
              note: str = typer.Option("", "--note", help="Why they are one."), as_json: bool = JSON_OPTION) -> None:
        """Record that these records are one person (or one event). Reversible with `link unmerge`."""
        from tawthiq.services.linkage import review as linkreview

        result = linkreview.merge(workspace(), operator(), kind=kind, idents=ids, note=note)
        print_json(result) if as_json else console.print(f"merge {result.id}: {len(result.members)} {kind} records")

    @app.command("unmerge")
    def unmerge(merge_id: str = typer.Argument(..., metavar="MERGE", help="The merge id or a unique prefix."),
                reason: str = typer.Option(..., "--reason", help="Why the merge was wrong."),
                as_json: bool = JSON_OPTION) -> None:
        """Undo a merge. The merge stays on record, stamped as undone."""
        from tawthiq.services.linkage import review as linkreview

        result = linkreview.undo_merge(workspace(), operator(), merge=merge_id, reason=reason)
        print_json(result) if as_json else console.print(f"merge {result['id']} undone")

    @app.command("corroboration")
    def corroboration(event: str = typer.Argument(..., metavar="EVENT-ID", help="An event id or a unique prefix."),
                      as_json: bool = JSON_OPTION) -> None:
        """How many independent sources stand behind an event, counting the events merged with it."""
        from tawthiq.services.linkage import review as linkreview

        result = linkreview.event_corroboration(workspace(), operator(), event=event)
        if as_json:
            print_json(result)
            return
        others = len(result.merged)
        console.print(f"event {result.event}: {result.sources} independent sources"
                      + (f" (with {others} merged events)" if others else ""))

    return app


def _walk(ws: Workspace, account: Account, kind: str) -> list[Decided]:
    """Ask about each pending pair in turn; the queue is read again after each decision, since a merge can settle
    other pairs."""
    from tawthiq.services.linkage import review as linkreview

    decided: list[Decided] = []
    skipped: set[int] = set()
    while True:
        items: list[QueueItem] = linkreview.queue(ws, account, kind=kind, limit=len(skipped) + 1)[0]
        pair = next((p for p in items if p.id not in skipped), None)
        if pair is None:
            return decided
        errors.print(f"pair {pair.id}: {_side(pair.left)} ~ {_side(pair.right)} p={pair.probability:.3f}  "
                     f"{_reasons(pair.reasons)}\n[a]ccept, [r]eject, [s]kip, [q]uit? ", markup=False)
        answer = sys.stdin.readline().strip().lower()[:1]
        if answer in ("", "q"):
            return decided
        if answer in ("a", "r"):
            decided.append(linkreview.decide(ws, account, kind=kind, candidate=pair.id,
                                             decision="accept" if answer == "a" else "reject"))
        else:
            skipped.add(pair.id)
