"""Review of a report's suggestions: figures keep their kind, persons their role, and a report goes into the event
the reviewer may edit. The texts are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tawthiq.db.models import Person, Source
from tawthiq.domain.errors import InvalidInput, NotFound
from tawthiq.domain.policy import Forbidden, Role
from tawthiq.services.accounts.users import Account
from tawthiq.services.coding import reportdesk
from tawthiq.services.records import access
from tawthiq.services.workspace import Workspace

COORDINATOR = Account("c-id", "coordinator", Role.COORDINATOR, "en")
DOCUMENTER = Account("d-id", "documenter", Role.DOCUMENTER, "en")
ANALYST = Account("a-id", "analyst", Role.ANALYST, "en")

INJURED_AND_KILLED = ("Twenty people were injured and three killed, among them two children, when a shell hit the "
                      "bakery queue in Kafr Batna.")
ROLES = ("Government forces shelled the market in Douma on 3 May 2016, killing Omar Khaled al-Hassan and injuring "
         "14 people. Colonel Suhail al-Hassan ordered the shelling. Yusuf al-Ali, a shopkeeper, said he saw the "
         "shells fall. Abu Khaled, a local activist, told us the toll.")


def _report(ws: Workspace, text: str, account: Account = COORDINATOR, title: str = "Test report") -> str:
    return str(reportdesk.intake_text(ws, account, title=title, text=text)["id"])


def _suggested(ws: Workspace, report: str) -> dict[str, list[dict[str, Any]]]:
    return reportdesk.suggestions(ws, COORDINATOR, report=report).suggestions


def _index(items: list[dict[str, Any]], **wanted: Any) -> int:
    return next(n for n, item in enumerate(items) if all(item.get(k) == v for k, v in wanted.items()))


def _acts(ws: Workspace, event: str) -> dict[str, dict[str, Any]]:
    acts = access.related(ws, COORDINATOR, kind="event", ident=event)["acts"]
    return {str(a["type_id"]).split(":", 1)[1]: a for a in acts}


def test_counts_are_suggested_by_kind_with_breakdowns_of_their_total(ws: Workspace) -> None:
    counts = _suggested(ws, _report(ws, INJURED_AND_KILLED))["counts"]
    figures = [(c["kind"], c["value"], c.get("part_of"), c.get("group")) for c in counts]
    killed = _index(counts, kind="killed", value=3)
    assert figures == [("injured", 20, None, None), ("killed", 3, None, None), ("killed", 2, killed, "children")]


def test_accepting_twenty_injured_writes_injured_and_never_killed(ws: Workspace) -> None:
    report = _report(ws, INJURED_AND_KILLED)
    suggested = _suggested(ws, report)
    injury, killing = (_index(suggested["violations"], type=t) for t in ("injury", "killing"))
    injured = _index(suggested["counts"], kind="injured")
    outcome = reportdesk.decide(ws, COORDINATOR, report=report, reject=[],
                                accept=[f"violations:{injury}", f"violations:{killing}", f"counts:{injured}"])
    acts = _acts(ws, outcome.event_id or "")
    assert acts["injury"]["injured"] == 20
    assert all(a["killed"] is None for a in acts.values())  # 20 injured is never a killed figure
    # even put on the killing act, the figure goes to its own kind's column
    other = _report(ws, INJURED_AND_KILLED)
    reportdesk.decide(ws, COORDINATOR, report=other, reject=[], event=outcome.event_id,
                      accept=[f"counts:{injured}"], options={f"counts:{injured}": {"act": acts["killing"]["id"]}})
    killing_act = _acts(ws, outcome.event_id or "")["killing"]
    assert killing_act["killed"] is None and killing_act["injured"] == 20


def test_a_breakdown_goes_with_its_total_as_words_never_as_a_total(ws: Workspace) -> None:
    report = _report(ws, INJURED_AND_KILLED)
    suggested = _suggested(ws, report)
    killing = _index(suggested["violations"], type="killing")
    killed, children = (_index(suggested["counts"], value=v) for v in (3, 2))
    with pytest.raises(InvalidInput) as refused:
        reportdesk.decide(ws, COORDINATOR, report=report, accept=[f"counts:{children}"], reject=[])
    assert refused.value.problems[0].field == f"counts:{children}"
    outcome = reportdesk.decide(ws, COORDINATOR, report=report, reject=[],
                                accept=[f"violations:{killing}", f"counts:{killed}"])
    act = _acts(ws, outcome.event_id or "")["killing"]
    assert act["killed"] == 3  # the total, not 3 + 2 nor 2
    assert "of them children: 2" in act["victim_description"]
    statuses = {c["value"]: c["status"] for c in _suggested(ws, report)["counts"]}
    assert statuses[2] == "accepted"


def test_the_missing_are_kept_as_words_beside_the_act_not_as_a_figure(ws: Workspace) -> None:
    report = _report(ws, "Government forces raided Hamouriyeh and arrested 30 men. Five people remain missing.")
    suggested = _suggested(ws, report)
    detention = _index(suggested["violations"], type="arbitrary-detention")
    missing = _index(suggested["counts"], kind="missing")
    outcome = reportdesk.decide(ws, COORDINATOR, report=report, reject=[],
                                accept=[f"violations:{detention}", f"counts:{missing}"],
                                options={f"counts:{missing}": {"act": f"violations:{detention}"}})
    act = _acts(ws, outcome.event_id or "")["arbitrary-detention"]
    assert act["detained"] is None and act["killed"] is None
    assert "Missing: 5" in act["victim_description"]
    assert suggested["violations"][detention]["method"] == "raid"
    assert act["method_id"] == "methods:raid"


def test_a_figure_never_replaces_the_one_an_act_already_records(ws: Workspace) -> None:
    first = _report(ws, "A shell killed 4 people in Douma.")
    outcome = reportdesk.decide(ws, COORDINATOR, report=first, accept=["violations:0", "counts:0"], reject=[])
    second = _report(ws, "A shell killed 6 people in Douma.")
    act = _acts(ws, outcome.event_id or "")["killing"]
    again = reportdesk.decide(ws, COORDINATOR, report=second, accept=["counts:0"], reject=[],
                              event=outcome.event_id, options={"counts:0": {"act": act["id"]}})
    act = _acts(ws, outcome.event_id or "")["killing"]
    assert act["killed"] == 4 and "Killed: 6" in act["victim_description"] and again.notes


def test_persons_become_what_their_role_says(ws: Workspace) -> None:
    report = _report(ws, ROLES)
    suggested = _suggested(ws, report)
    killing = _index(suggested["violations"], type="killing")
    victim, colonel, witness, source = (_index(suggested["persons"], name=n) for n in (
        "Omar Khaled al-Hassan", "Suhail al-Hassan", "Yusuf al-Ali", "Abu Khaled"))
    options = {f"persons:{victim}": {"role": "victim"},  # the act of its sentence by default
               f"persons:{colonel}": {"role": "perpetrator", "act": f"violations:{killing}"},
               f"persons:{witness}": {"role": "witness"}, f"persons:{source}": {"role": "source"}}
    outcome = reportdesk.decide(ws, COORDINATOR, report=report, reject=[], options=options,
                                accept=[f"violations:{killing}", *options])
    event = access.related(ws, COORDINATOR, kind="event", ident=outcome.event_id or "")
    act = _acts(ws, outcome.event_id or "")["killing"]
    victims = access.related(ws, COORDINATOR, kind="act", ident=act["id"])
    [harmed] = victims["victims"]
    assert access.read_record(ws, COORDINATOR, kind="person", ident=harmed["person_id"])["name"] == \
        "Omar Khaled al-Hassan"
    assert harmed["harm_id"] == "victim-groups:killed"
    perpetrators = [i for i in victims["involvements"] if i["person_id"]]
    assert [access.read_record(ws, COORDINATOR, kind="person", ident=i["person_id"])["name"]
            for i in perpetrators] == ["Suhail al-Hassan"]
    with ws.reading() as session:
        names = set(session.scalars(select(Person.name)))
        sources = {s.pseudonym: s for s in session.scalars(select(Source))}
    assert "Abu Khaled" not in names  # a source is kept by a pseudonym only: its name is not recorded
    assert not any("Abu Khaled" in pseudonym for pseudonym in sources)
    witnesses = [s for s in sources.values() if s.kind_id == "source-kinds:witness"]
    assert len(witnesses) == 1 and witnesses[0].person_id is not None and "Yusuf al-Ali" in names
    connections = {i["connection_id"] for i in event["information"]}
    assert "source-connections:eyewitness" in connections


def test_a_person_without_a_role_or_an_act_is_refused_and_nothing_is_written(ws: Workspace) -> None:
    report = _report(ws, ROLES)
    suggested = _suggested(ws, report)
    colonel = _index(suggested["persons"], name="Suhail al-Hassan")
    killing = _index(suggested["violations"], type="killing")
    # two acts of another sentence than the colonel's: which one he took part in is for the reviewer to say
    with pytest.raises(InvalidInput) as refused:
        reportdesk.decide(ws, COORDINATOR, report=report, reject=[], accept=[
            "violations:0", f"violations:{killing}", "persons:0", f"persons:{colonel}"],
            options={f"persons:{colonel}": {"role": "perpetrator"}})
    assert {p.field for p in refused.value.problems} == {"persons:0.role", f"persons:{colonel}.act"}
    assert _suggested(ws, report)["violations"][0]["status"] == "pending"
    assert access.list_readable(ws, COORDINATOR, kind="event") == []


def test_a_report_goes_into_an_existing_event_only_one_the_reviewer_may_edit(ws: Workspace) -> None:
    mine = access.create(ws, DOCUMENTER, kind="event", data={"title": "Shelling of Kafr Batna", "start": "2016-03"})
    theirs = access.create(ws, COORDINATOR, kind="event", data={"title": "Shelling of Kafr Batna bakery",
                                                                "start": "2016-03"})
    hidden = access.create(ws, COORDINATOR, kind="event", data={"title": "Kafr Batna restricted",
                                                                "confidentiality": "restricted"})
    report = _report(ws, INJURED_AND_KILLED, DOCUMENTER)
    offered = [e["id"] for e in reportdesk.find_events(ws, DOCUMENTER, text="Kafr Batna")]
    assert offered == [mine["id"]]
    assert {e["id"] for e in reportdesk.find_events(ws, COORDINATOR, text="Kafr Batna")} == {
        mine["id"], theirs["id"], hidden["id"]}
    with pytest.raises(Forbidden):
        reportdesk.decide(ws, DOCUMENTER, report=report, accept=["violations:0"], reject=[], event=theirs["id"])
    with pytest.raises(NotFound):
        reportdesk.decide(ws, DOCUMENTER, report=report, accept=["violations:0"], reject=[], event=hidden["id"])
    outcome = reportdesk.decide(ws, DOCUMENTER, report=report, accept=["violations:0"], reject=[], event=mine["id"])
    assert outcome.event_id == mine["id"]
    fed = access.related(ws, DOCUMENTER, kind="event", ident=mine["id"])["information"]
    assert [i["report_id"] for i in fed] == [report]  # the event shows the report that fed it


def test_an_act_of_another_event_is_refused(ws: Workspace) -> None:
    one = access.create(ws, COORDINATOR, kind="event", data={"title": "One"})
    other = access.create(ws, COORDINATOR, kind="event", data={"title": "Other"})
    foreign = access.create(ws, COORDINATOR, kind="act", data={"event": other["id"], "type": "killing"})
    report = _report(ws, "A shell killed 4 people in Douma.")
    with pytest.raises(InvalidInput) as refused:
        reportdesk.decide(ws, COORDINATOR, report=report, accept=["counts:0"], reject=[], event=one["id"],
                          options={"counts:0": {"act": foreign["id"]}})
    assert refused.value.problems[0].field == "counts:0.act"
    assert _acts(ws, other["id"])["killing"]["killed"] is None


def test_a_half_done_review_keeps_its_choices_and_an_analyst_cannot_keep_any(ws: Workspace) -> None:
    report = _report(ws, ROLES)
    mine = access.create(ws, COORDINATOR, kind="event", data={"title": "Douma market"})
    choices = {"persons:0": {"decision": "accept", "role": "victim"}, "violations:0": {"decision": "reject"},
               "nothing:9": {"decision": "accept"}}
    reportdesk.keep_choices(ws, COORDINATOR, report=report, choices=choices, event=mine["id"])
    view = reportdesk.review_view(ws, COORDINATOR, report=report)
    assert view.choices["persons:0"]["decision"] == "accept" and view.choices["persons:0"]["role"] == "victim"
    assert view.choices["violations:0"]["decision"] == "reject" and "nothing:9" not in view.choices
    assert view.event is not None and view.event["id"] == mine["id"]
    outcome = reportdesk.decide(ws, COORDINATOR, report=report, accept=["violations:1"], reject=[],
                                event=mine["id"], draft={"persons:0": choices["persons:0"]})
    view = reportdesk.review_view(ws, COORDINATOR, report=report)
    assert outcome.event_id == mine["id"] and view.choices["persons:0"]["role"] == "victim"
    assert view.choices["violations:0"]["decision"] == ""  # what was not kept again is proposed afresh
    with pytest.raises(Forbidden):
        reportdesk.keep_choices(ws, ANALYST, report=report, choices=choices, event=None)


def test_the_review_page_names_types_methods_and_kinds_in_both_languages(ws: Workspace) -> None:
    report = _report(ws, "Regime helicopters dropped barrel bombs on the market in Darayya, killing 9 civilians.")
    view = reportdesk.review_view(ws, COORDINATOR, report=report)
    killing = next(v for v in view.suggestions["violations"] if v["type"] == "killing")
    assert killing["labels"]["type"] == ("Killing", "القتل")
    assert killing["labels"]["method"] == ("Barrel bomb", "البراميل المتفجرة")
    assert view.suggestions["counts"][0]["labels"]["kind"] == ("Killed", "القتلى")
    assert view.choices[killing["key"]]["method"] == "barrel-bomb"
