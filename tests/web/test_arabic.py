"""Arabic as a reader meets it: counts in CLDR's plural forms, the month names of the reader's choice (the Levantine
ones by default), Latin text isolated inside right-to-left pages, and an Arabic entry for every string shown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tawthiq.db.accounts import User
from tawthiq.services.workspace import Workspace
from tawthiq.web.i18n import PLURAL_CATEGORIES, translator
from tests.web.conftest import Seeded, login

WEB = Path(__file__).resolve().parents[2] / "src" / "tawthiq" / "web"
CATALOG = WEB / "locales" / "ar.json"
TEMPLATES = WEB / "templates"


@pytest.mark.parametrize(("count", "english", "arabic"), [
    (0, "0 events", "لا أحداث"),
    (1, "1 event", "حدث واحد"),
    (2, "2 events", "حدثان"),
    (3, "3 events", "3 أحداث"),
    (11, "11 events", "11 حدثاً"),
    (100, "100 events", "100 حدث"),
])
def test_counts_take_the_plural_form_of_their_number(count: int, english: str, arabic: str) -> None:
    assert translator("en").ngettext("{count} event", "{count} events", count) == english
    assert translator("ar").ngettext("{count} event", "{count} events", count) == arabic


def _arabic(client: TestClient, csrf: str, **more: str) -> None:
    answer = client.post("/language", data={"csrf": csrf, "language": "ar", **more}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def test_a_count_on_a_page_is_never_one_noun_for_every_number(app_client: TestClient, seeded: Seeded) -> None:
    csrf = login(app_client, "coordinator")
    _arabic(app_client, csrf)
    page = app_client.get(f"/evidence/{seeded.evidence['public']}").text
    size = len("Notes of the public witness")  # 27: CLDR's "many", with the accusative noun
    assert f"{size} بايتاً" in page and f"{size} بايت<" not in page
    audit = login(app_client, "admin")
    _arabic(app_client, audit)
    entries = app_client.get("/admin/audit").text
    assert "حدثاً" not in entries and re.search(r"\d+ إدخال(اً|ات)?</p>|إدخال واحد|إدخالان", entries)


def test_dates_use_the_levantine_month_names_until_the_reader_chooses_the_others(
        app_client: TestClient, seeded: Seeded, web_ws: Workspace) -> None:
    csrf = login(app_client, "documenter")
    _arabic(app_client, csrf)
    page = app_client.get(f"/events/{seeded.events['public']}").text  # the seeded event is on 2015-07-14
    assert "تموز" in page and "يوليو" not in page
    assert 'name="month_names"' in page  # chosen beside the language
    _arabic(app_client, csrf, month_names="transliterated")
    page = app_client.get(f"/events/{seeded.events['public']}").text
    assert "يوليو" in page and "تموز" not in page
    with web_ws.reading() as session:  # kept with the account, as the language is
        assert session.scalar(select(User.month_names).where(User.username == "documenter")) == "transliterated"
    _arabic(app_client, csrf, month_names="levantine")
    assert "تموز" in app_client.get(f"/events/{seeded.events['public']}").text


def test_an_unknown_set_of_month_names_is_refused_by_name_and_changes_nothing(
        app_client: TestClient, web_ws: Workspace) -> None:
    csrf = login(app_client, "documenter")
    answer = app_client.post("/language", data={"csrf": csrf, "language": "ar", "month_names": "hijri"})
    assert answer.status_code == 422 and "month_names" in answer.text and "levantine" in answer.text
    with web_ws.reading() as session:
        user = session.scalars(select(User).where(User.username == "documenter")).one()
        assert (user.language, user.month_names) == ("en", "levantine")


def test_latin_names_inside_an_arabic_page_are_isolated(app_client: TestClient, seeded: Seeded) -> None:
    csrf = login(app_client, "coordinator")
    _arabic(app_client, csrf)
    page = app_client.get(f"/evidence/{seeded.evidence['public']}").text
    assert 'dir="rtl"' in page
    assert '<h1 dir="auto">public-notes.txt</h1>' in page  # a file name: "notes.txt." would not swap its dot
    assert "<bdi>coordinator</bdi>" in page  # the user in the header and in the chain of custody
    assert re.search(r'<code dir="ltr">[0-9a-f]{64}</code>', page)
    admin = login(app_client, "admin")
    _arabic(app_client, admin)
    audit = app_client.get("/admin/audit").text
    assert "<td><bdi>tester</bdi></td>" in audit or "<td><bdi>admin</bdi></td>" in audit


def test_audit_actions_are_shown_in_words_of_the_language(app_client: TestClient) -> None:
    csrf = login(app_client, "admin")
    _arabic(app_client, csrf)
    audit = app_client.get("/admin/audit?action=user-create").text
    assert '<span title="user-create">إنشاء مستخدم</span>' in audit


def test_every_string_the_templates_count_with_has_each_arabic_plural_form() -> None:
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    plurals = set()
    for template in TEMPLATES.glob("*.html"):
        plurals |= set(re.findall(r'_n\("[^"]+", "([^"]+)"', template.read_text(encoding="utf-8")))
    assert len(plurals) >= 8
    missing = sorted(f"{p}|{c}" for p in plurals for c in PLURAL_CATEGORIES if f"{p}|{c}" not in catalog)
    assert missing == []
    # and no count is left to the one-form catalog entries that made "1 حدثاً"
    for template in TEMPLATES.glob("*.html"):
        assert '_("{count} events"' not in template.read_text(encoding="utf-8"), template.name
