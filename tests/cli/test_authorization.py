"""The authorization walk through the command line: each role, as TAWTHIQ_USER, runs the reading and writing
commands on records at every confidentiality level. The exit codes are those the policy implies (0 allowed, 3 for a
record above the clearance, answered exactly as a missing one, 4 for a role that may not), and no word planted in a
record above a role's clearance appears in anything that role is shown."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tawthiq.cli import context
from tawthiq.cli.app import build_app
from tawthiq.config import Settings
from tawthiq.domain.policy import Action, Channel, Role, Target, allows, may_read_level
from tawthiq.services.accounts import users as accounts
from tawthiq.services.evidence.store import add_evidence
from tawthiq.services.records.setup import init_workspace
from tawthiq.services.records.store import create_record, update_record
from tawthiq.services.records.transfer import export_records
from tawthiq.services.workspace import open_workspace
from tests.support import OWNER

LEVELS = ("public", "internal", "restricted")
PASSWORD = "a long secret phrase"
SEEDER = "tester"  # who created the seeded records (the data directory's first operator, an admin)
# One word per record that must stay within its level, and where it is planted.
PLANTED = {
    "internal": ("zqinternalevent", "zqinternalact", "zqinternalreport", "zqinternalfile"),
    "restricted": ("zqrestrictedevent", "zqrestrictedact", "zqrestrictedactor", "zqrestrictedperson",
                   "zqrestrictedreport", "zqrestrictedsource", "zqrestrictedfile"),
}

UNINDEXED = ("zqinternalfile", "zqrestrictedfile", "zqrestrictedsource")  # search covers neither evidence nor sources


@dataclass
class Seeded:
    data: Path
    events: dict[str, str]  # by level
    acts: dict[str, str]  # public act of the public event; internal and restricted acts of the internal event
    reports: dict[str, str]
    evidence: dict[str, str]  # an item per level, attached to the event of that level
    persons: list[str]  # two public persons, to merge
    export: Path  # an export of everything, to import again


@dataclass(frozen=True)
class Operator:
    """The policy's view of a role acting through the command line (for the exit codes it implies)."""

    username: str
    role: Role
    channel: Channel = Channel.CLI


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """A data directory with an account per role and records at each level, made once and copied for each role."""
    root = tmp_path_factory.mktemp("cli-walk")
    ws = open_workspace(Settings(data_dir=root / "data", user=SEEDER))
    try:
        init_workspace(ws)
        for role in Role:
            accounts.create_user(ws, username=role.value, role=role.value, password=PASSWORD)

        def record(kind: str, **data: Any) -> str:
            return str(create_record(ws, kind=kind, data=data)["id"])

        events = {"public": record("event", title="Shelling of the market", confidentiality="public"),
                  "internal": record("event", title="Zqinternalevent raid", confidentiality="internal"),
                  "restricted": record("event", title="Zqrestrictedevent raid", confidentiality="restricted")}
        acts = {"public": record("act", event=events["public"], type="killing", description="public act",
                                 confidentiality="public"),
                "internal": record("act", event=events["internal"], type="killing", description="zqinternalact",
                                   confidentiality="internal"),
                "restricted": record("act", event=events["internal"], type="killing", description="zqrestrictedact",
                                     confidentiality="restricted")}
        actor = record("actor", slug="zqrestrictedactor", name="Zqrestrictedactor brigade",
                       confidentiality="restricted")
        record("involvement", act=acts["public"], actor=actor, degree="carried-out", confidentiality="public")
        hidden = record("person", name="Zqrestrictedperson", confidentiality="restricted")
        record("victim", act=acts["public"], person=hidden, confidentiality="public")
        persons = [record("person", name="Ahmad al-Hasan", confidentiality="public"),
                   record("person", name="أحمد الحسن", confidentiality="public")]
        reports = {level: record("report", title=f"{word or 'Public'} report", text="Shelling of the market.",
                                 confidentiality=level)
                   for level, word in (("public", ""), ("internal", "Zqinternalreport"),
                                       ("restricted", "Zqrestrictedreport"))}
        source = record("source", pseudonym="Zqrestrictedsource", confidentiality="restricted")
        record("information", source=source, event=events["public"], confidentiality="restricted")
        evidence = {}
        for level, name in (("public", "public-photo.txt"), ("internal", "zqinternalfile.txt"),
                            ("restricted", "zqrestrictedfile.txt")):
            file = root / name
            file.write_text(f"notes of the {level} witness", encoding="utf-8")
            item = add_evidence(ws, OWNER, paths=[file], event=events[level])[0]
            evidence[level] = update_record(ws, kind="evidence", ident=item.evidence_id,
                                            data={"confidentiality": level})["id"]
        export = root / "everything.jsonl"
        export_records(ws, OWNER, out=export, fmt="jsonl")
    finally:
        ws.close()
    return Seeded(root / "data", events, acts, reports, evidence, persons, export)


@dataclass
class Walk:
    """Runs commands as one role on its own copy of the seeded data directory; keeps every output and mismatch."""

    data: Path
    user: str
    runner: CliRunner = field(default_factory=CliRunner)
    app: Any = field(default_factory=build_app)
    outputs: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    def run(self, *args: str, expect: int, stdin: str | None = None) -> str:
        context.reset()
        env = {"TAWTHIQ_DATA_DIR": str(self.data), "TAWTHIQ_USER": self.user}
        result = self.runner.invoke(self.app, list(args), env=env, input=stdin)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        output = result.output + result.stderr  # output: stdout and stderr as a terminal shows them
        self.outputs.append(output)
        if result.exit_code != expect:
            self.mismatches.append(f"{' '.join(args)}: exit {result.exit_code}, expected {expect}: {output[-300:]}")
        return result.stdout


@pytest.fixture
def walk_for(template: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("TAWTHIQ_DATABASE_URL", "TAWTHIQ_PASSPHRASE", "TAWTHIQ_KEY_FILE", "TAWTHIQ_EVIDENCE_URL"):
        monkeypatch.delenv(name, raising=False)
    shutil.copytree(template.data, tmp_path / "data")
    shutil.copy(template.data.with_name("data.key"), tmp_path / "data.key")
    yield lambda user: Walk(tmp_path / "data", user)
    context.reset()


def _codes(role: Role) -> tuple[Any, Any]:
    """The exit codes the policy implies for ``role``: for an action, and for an action on a record."""
    who = Operator(role.value, role)

    def action(name: Action) -> int:
        return 0 if allows(who, name) else 4

    def on_record(name: Action, level: str, created_by: str = SEEDER) -> int:
        if not may_read_level(who, level):
            return 3
        return 0 if allows(who, name, Target(level, created_by)) else 4

    return action, on_record


def _readable(role: Role) -> list[str]:
    return [level for level in LEVELS if may_read_level(Operator(role.value, role), level)]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_from_the_command_line_what_the_policy_allows_and_nothing_above_its_clearance(
        role: Role, template: Seeded, walk_for: Any, tmp_path: Path) -> None:
    walk: Walk = walk_for(role.value)
    action, on_record = _codes(role)
    run = walk.run
    readable = _readable(role)
    missing = str(uuid.uuid4())

    # reading
    for kind in ("event", "act", "actor", "person", "report", "source", "evidence"):
        run(kind, "list", "--json", expect=0)
    for kind, ids in (("event", template.events), ("act", template.acts), ("report", template.reports)):
        for level, ident in ids.items():
            run(kind, "show", ident, "--json", expect=on_record(Action.READ, level))
            run(kind, "show", ident, expect=on_record(Action.READ, level))
    for level, ident in template.events.items():
        run("history", "event", ident, "--json", expect=on_record(Action.READ, level))
        run("link", "corroboration", ident, "--json", expect=on_record(Action.READ, level))
    for level, ident in template.evidence.items():
        run("evidence", "show", ident, "--json", expect=on_record(Action.READ, level))
    status = run("status", "--json", expect=0)
    assert f'"events": {len(readable)}' in status  # counted within the clearance
    for word in (*PLANTED["internal"], *PLANTED["restricted"]):
        found = run("search", word, "--json", expect=0)
        if role is Role.ADMIN and word not in UNINDEXED:
            assert '"total": 0' not in found, word  # the search would find each word where it may be read
    run("search", "zqrestrictedevent", "--clearance", "restricted", expect=0 if "restricted" in readable else 2)
    run("search", "zqinternalevent", "--clearance", "public", "--json", expect=0)
    run("gazetteer", "resolve", "Shelling in Albu Kamal", expect=0)
    run("link", "review", "--json", expect=action(Action.SEE_LINKS))
    run("verify", "--json", expect=action(Action.VERIFY))
    run("user", "list", "--json", expect=action(Action.MANAGE_USERS))
    run("bundle", "conflicts", "--json", expect=action(Action.SEE_CONFLICTS))
    run("instance", "list", "--json", expect=action(Action.SYNC))
    run("profile", "list", "--json", expect=action(Action.PUBLISH))
    run("publication-log", "--json", expect=action(Action.PUBLISH))
    site = tmp_path / "site"
    run("publish", "--out", str(site), "--json", expect=action(Action.PUBLISH))
    assert site.exists() == allows(Operator(role.value, role), Action.PUBLISH)
    published = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    for word in (*PLANTED["internal"], *PLANTED["restricted"]):
        assert word.encode() not in published, word  # the public site holds nothing above public
    out = tmp_path / "export.jsonl"
    run("export", "--format", "jsonl", "--out", str(out), expect=action(Action.EXPORT))
    assert out.exists() == allows(Operator(role.value, role), Action.EXPORT)
    run("import", str(template.export), expect=action(Action.EXPORT))  # every record already here: none written

    # a hidden record answers exactly as a missing one
    for level in set(LEVELS) - set(readable):
        for command in (("event", "show"), ("history", "event"), ("link", "corroboration")):
            run(*command, template.events[level], expect=3)
            hidden = walk.outputs[-1].replace(template.events[level], "ID")
            run(*command, missing, expect=3)
            assert hidden == walk.outputs[-1].replace(missing, "ID"), command
        run("evidence", "show", template.evidence[level], expect=3)
        hidden = walk.outputs[-1].replace(template.evidence[level], "ID")
        run("evidence", "show", missing, expect=3)
        assert hidden == walk.outputs[-1].replace(missing, "ID")

    # writing
    own = run("event", "add", "--title", f"Raid seen by the {role.value}", "--json", expect=action(Action.CREATE))
    if action(Action.CREATE) == 0:
        own_id = json.loads(own)["id"]
        run("act", "add", "--event", own_id, "--type", "killing", expect=0)
        run("event", "update", own_id, "--status", "corroborated", expect=0)
        run("event", "delete", own_id, "--reason", "entered twice", expect=0)
    for level, ident in template.events.items():
        creating = action(Action.CREATE) if on_record(Action.READ, level) == 0 else 3
        run("act", "add", "--event", ident, "--type", "killing", expect=creating or on_record(Action.EDIT, level))
        run("event", "update", ident, "--status", "corroborated", expect=on_record(Action.EDIT, level))
    run("gazetteer", "import", str(tmp_path / "no-such.csv"), "--format", "cod-ab",
        expect=2 if action(Action.GAZETTEER) == 0 else 4)  # allowed: then the missing file is refused
    run("link", "merge", *template.persons, expect=action(Action.SEE_LINKS) or action(Action.DECIDE_LINKS))
    run("keys", "init", expect=action(Action.MANAGE_KEYS))
    run("token", "create", "viewer", expect=action(Action.MANAGE_USERS))
    run("user", "add", f"new-{role.value}", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n",
        expect=action(Action.MANAGE_USERS))
    run("user", "revoke-sessions", "viewer", expect=action(Action.MANAGE_USERS))
    for level, ident in template.events.items():
        run("event", "delete", ident, "--reason", "checked", expect=on_record(Action.DELETE, level))

    assert not walk.mismatches, "\n".join(walk.mismatches)
    shown = "\n".join(walk.outputs).lower()
    above = [w for level in LEVELS if level not in readable for w in PLANTED.get(level, ())]
    assert [w for w in above if w in shown] == []
    if role is Role.ADMIN:  # the words do reach the outputs of a role that may read them
        assert [w for words in PLANTED.values() for w in words if w not in shown] == []
