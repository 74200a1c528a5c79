"""The review page's lines of actors: one per actor named in a report, not one per mention."""

from __future__ import annotations

from typing import Any

from tawthiq.services.coding import reportdesk


def actor_lines(view: reportdesk.ReviewView) -> reportdesk.ReviewView:
    """One line per actor on the review page, not one per mention: an actor named several times, in one role or in
    several ("IS shelled the town … the town, held by IS"), is one line listing its roles, whose mentions are decided
    together (the line's ``joined`` joins their keys with "+", see pages._review_choices). Mentions already decided are
    joined per actor and decision."""
    lines: dict[tuple[str, str], dict[str, Any]] = {}
    for item in view.suggestions.get("actors", []):
        who = str(item.get("slug") or item.get("text") or "").casefold()
        role, label = reportdesk.actor_role(item), item.get("labels", {}).get("role")
        line = lines.get((who, str(item.get("status"))))
        if line is None:
            lines[(who, str(item.get("status")))] = {**item, "keys": [item["key"]], "roles": [(role, label)]}
            continue
        line["keys"].append(item["key"])
        if (role, label) not in line["roles"]:
            line["roles"].append((role, label))
    for line in lines.values():
        line["joined"] = "+".join(line["keys"])
        line["role"] = "perpetrator" if any(r == "perpetrator" for r, _label in line["roles"]) else line["roles"][0][0]
        chosen = [view.choices[key] for key in line["keys"] if key in view.choices]
        if chosen:  # the first mention's decision; the act one of them was proposed or given (a perpetrator's)
            view.choices[line["joined"]] = {**chosen[0], "act": next((c["act"] for c in chosen if c.get("act")), "")}
    if "actors" in view.suggestions:
        view.suggestions["actors"] = list(lines.values())
    return view
