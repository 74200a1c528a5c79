"""What the web makes from the field description (domain/kinds.py): record pages labelled in the reader's language
with references as links, the record forms with their help, and the API's per-kind bodies in the OpenAPI document."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from tawthiq.domain.kinds import describe
from tawthiq.services.records.vocabularies import list_concepts
from tawthiq.services.workspace import Workspace
from tawthiq.web.forms import FORM_KINDS
from tests.web.conftest import Seeded, login


def _headings(page: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', page)


def _in_language(client: TestClient, csrf: str, language: str) -> None:
    client.post("/language", data={"csrf": csrf, "language": language})


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_record_page_labels_its_fields_in_the_readers_language_and_links_its_references(
        app_client: TestClient, language: str) -> None:
    csrf = login(app_client, "coordinator")
    headers = {"X-CSRF-Token": csrf}
    place = app_client.post("/api/v1/records/place", headers=headers, json={"name": "Hajin", "name_ar": "هجين"}).json()
    person = app_client.post("/api/v1/records/person", headers=headers, json={
        "name": "Hasan Ali", "sex": "male", "birth_year": 1980, "other_names": ["Abu Ali"], "origin_place": place["id"],
        "affiliation": "islamic-state"}).json()
    _in_language(app_client, csrf, language)
    page = app_client.get(f"/records/person/{person['id']}").text
    shown = _headings(page)
    labels = {
        "en": ["Name", "Other names", "Sex", "Year of birth", "Place of origin", "Affiliation", "Confidentiality"],
        "ar": ["الاسم", "أسماء أخرى", "الجنس", "سنة الميلاد", "مكان المنشأ", "الانتماء", "السرية"],
    }[language]
    assert [label for label in shown if label in labels] == labels
    assert not {"birth_year", "origin_place_id", "affiliation_id", "created_by"} & set(shown)  # no raw names
    assert f'<a href="/records/place/{place["id"]}">{"هجين" if language == "ar" else "Hajin"}</a>' in page
    assert f'href="/records/actor/{person["affiliation_id"]}"' in page
    assert ("ذكر" in page) is (language == "ar") and "Abu Ali" in page
    assert f"<td>{labels[3]}</td>" in page  # the history names the changed fields by their labels too


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_act_page_names_its_terms_and_links_its_event(app_client: TestClient, web_ws: Workspace, seeded: Seeded,
                                                          language: str) -> None:
    _in_language(app_client, login(app_client, "coordinator"), language)
    page = app_client.get(f"/records/act/{seeded.acts['public']}").text
    term = next(c for c in list_concepts(web_ws, "violation-types") if c["slug"] == "indiscriminate-attack")
    assert term["label_ar" if language == "ar" else "label_en"] in page
    assert f'href="/events/{seeded.events["public"]}"' in page
    assert {"en": "Violation type", "ar": "نوع الانتهاك"}[language] in _headings(page)


@pytest.mark.parametrize("kind", FORM_KINDS)
def test_each_record_form_shows_the_fields_of_its_description_with_their_help(app_client: TestClient,
                                                                              kind: str) -> None:
    csrf = login(app_client, "coordinator")
    described = describe(kind)
    for language in ("en", "ar"):
        _in_language(app_client, csrf, language)
        page = app_client.get(f"/records/{kind}/new").text
        form = re.search(r'<form [^>]*id="record-form">.*?</form>', page, re.DOTALL).group(0)  # type: ignore[union-attr]
        names = re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', form)
        assert names == ["csrf", *(f.name for f in described.form), "confidentiality"]
        for field in described.form:
            assert escape(field.help(language)) in form and escape(field.label(language)) in form, field.name
    assert not any(f'name="{f.name}"' in form for f in described.fields if f.protected)


def _schema(client: TestClient) -> dict[str, Any]:
    schema: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    return schema


def _body_refs(operation: dict[str, Any]) -> set[str]:
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    return {part["$ref"].rsplit("/", 1)[1] for part in schema.get("anyOf", [schema])}


def test_the_api_schema_describes_each_kinds_fields(app_client: TestClient) -> None:
    schema = _schema(app_client)
    models, paths = schema["components"]["schemas"], schema["paths"]
    writable = ("event", "act", "victim", "involvement", "information", "person", "source", "report", "actor", "place",
                "event_link")
    names = {kind: "".join(p.title() for p in kind.split("_")) for kind in writable}
    assert _body_refs(paths["/api/v1/records/{kind}"]["post"]) == {f"{n}In" for n in names.values()}
    assert _body_refs(paths["/api/v1/records/{kind}/{ident}"]["patch"]) == {f"{n}Patch" for n in names.values()}
    assert _body_refs(paths["/api/v1/events"]["post"]) == {"EventIn"} and _body_refs(paths["/api/v1/acts"]["post"]) == {
        "ActIn"}
    for kind in writable:
        described, created, changed = describe(kind), models[f"{names[kind]}In"], models[f"{names[kind]}Patch"]
        open_fields = [f for f in described.settable if not f.protected]
        assert list(created["properties"]) == [f.name for f in open_fields] == list(changed["properties"])
        assert set(created.get("required", [])) == {f.name for f in described.fields if f.required}
        assert "required" not in changed and created["additionalProperties"] is False
        for field in open_fields:
            shown = created["properties"][field.name]
            assert shown["title"] == field.label_en and shown["description"].startswith(field.help_en)
            assert shown["x-label-ar"] == field.label_ar and shown["x-help-ar"] == field.help_ar
    assert not {"identity", "contact"} & set(models["SourceIn"]["properties"])
    assert models["PersonIn"]["properties"]["sex"]["anyOf"][0]["enum"] == ["female", "male", "unknown"]


def test_the_api_takes_only_the_fields_of_the_kind_in_the_path(app_client: TestClient) -> None:
    headers = {"X-CSRF-Token": login(app_client, "coordinator")}
    before = len(app_client.get("/api/v1/records/person").json())
    for body, field in (({"name": "Salma", "pseudonym": "Umm Ahmad"}, "pseudonym"),
                        ({"name": "Salma", "birth_year": "nineteen"}, "birth_year"),
                        ({"name": "Salma", "age": -3}, "age"), ({"sex": "female"}, "name")):
        refused = app_client.post("/api/v1/records/person", headers=headers, json=body)
        assert refused.status_code == 422 and [p["field"] for p in refused.json()["problems"]] == [field], refused.text
    assert len(app_client.get("/api/v1/records/person").json()) == before


def test_null_is_left_out_of_a_new_record_and_empties_a_field_on_a_change(app_client: TestClient) -> None:
    headers = {"X-CSRF-Token": login(app_client, "coordinator")}
    made = app_client.post("/api/v1/records/person", headers=headers, json={"name": "Salma", "age": 30, "sex": None})
    assert made.status_code == 201 and made.json()["sex"] == "unknown" and made.json()["age"] == 30
    changed = app_client.patch(f"/api/v1/records/person/{made.json()['id']}", headers=headers,
                               json={"age": None, "role_title": "nurse"}).json()
    assert changed["age"] is None and changed["role_title"] == "nurse" and changed["name"] == "Salma"
    refused = app_client.patch(f"/api/v1/records/person/{made.json()['id']}", headers=headers, json={"name": None})
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "name"


def test_an_edit_form_left_empty_clears_numbers_and_dates_and_keeps_references(app_client: TestClient) -> None:
    csrf = login(app_client, "coordinator")
    person = app_client.post("/api/v1/records/person", headers={"X-CSRF-Token": csrf}, json={
        "name": "Hasan Ali", "birth_year": 1980, "sex": "male", "affiliation": "islamic-state"}).json()
    saved = app_client.post(f"/records/person/{person['id']}", follow_redirects=False,
                            data={"csrf": csrf, "name": "Hasan Ali", "confidentiality": "internal"})
    assert saved.status_code == 303
    after = app_client.get(f"/api/v1/records/person/{person['id']}").json()
    assert after["birth_year"] is None and after["sex"] == "male"
    assert after["affiliation_id"] == person["affiliation_id"]
