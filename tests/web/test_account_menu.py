"""The header's menu offers each role what the policy lets it use, asked through the policy, never spelled out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tawthiq.domain.policy import Action, Role, allows
from tawthiq.services.accounts.users import Account
from tests.web.conftest import login

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "tawthiq" / "web" / "templates"
# link -> the action that opens it (None: every logged-in account)
MENU = {"/admin/users": Action.MANAGE_USERS, "/admin/sessions": Action.MANAGE_USERS,
        "/admin/audit": Action.READ_AUDIT, "/me/two-factor": None, "/me/password": None}


@pytest.mark.parametrize("role", list(Role))
def test_the_menu_links_what_the_policy_allows_and_each_link_opens(app_client: TestClient, role: Role) -> None:
    login(app_client, role.value)
    page = app_client.get("/me/password").text
    header = page.split("<main>")[0]
    account = Account("id", role.value, role, "en")
    for link, action in MENU.items():
        expected = action is None or allows(account, action)
        assert (f'href="{link}"' in header) is expected, link
        if expected:
            assert app_client.get(link).status_code == 200, link


def test_no_template_spells_out_a_role() -> None:
    """Pages ask the policy (``may``, ``may_see_links``); a user's role named in a template would drift from it.
    (A person's role in a report, victim or witness, is another thing.)"""
    spelled = {t.name for t in TEMPLATES.glob("*.html")
               if re.search(r"\b(account|user|u|me)\.role(\.value)?\s*(==|!=|in)\s*", t.read_text(encoding="utf-8"))}
    assert spelled == set()
