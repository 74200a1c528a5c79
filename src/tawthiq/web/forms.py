"""The create and edit forms of the record kinds other than events and acts: which fields each form shows, with
which widget, and how the submitted form becomes the values the services take.

A form never shows or takes a protected field of a source (identity, contact): a source is written here by its
pseudonym only. References to actors, persons and places are type-ahead pickers; vocabulary values are
hierarchical selects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tawthiq.domain.enums import Sex
from tawthiq.geo.sources import FEATURES


@dataclass(frozen=True)
class Field:
    name: str  # the user field name the services take (``actor`` for ``actor_id``)
    label: str  # English; translated in the template
    widget: str  # text, textarea, lines, number, decimal, checkbox, date, vocab, pick, ref, choice
    target: str = ""  # the vocabulary (vocab), kind (pick, ref) or choices separated by spaces (choice)
    required: bool = False


FORMS: dict[str, tuple[Field, ...]] = {
    "person": (
        Field("name", "Name", "text", required=True), Field("name_ar", "Name in Arabic", "text"),
        Field("other_names", "Other names (one a line)", "lines"),
        Field("sex", "Sex", "choice", " ".join(s.value for s in Sex)),
        Field("birth_year", "Year of birth", "number"), Field("age", "Age", "number"),
        Field("origin_place", "Place of origin", "pick", "place"), Field("affiliation", "Affiliation", "pick", "actor"),
        Field("role_title", "Role or title", "text"), Field("description", "Description", "textarea"),
    ),
    "actor": (
        Field("name", "Name", "text", required=True), Field("name_ar", "Name in Arabic", "text"),
        Field("aliases", "Other names (one a line)", "lines"), Field("kind", "Kind", "vocab", "actor-kinds"),
        Field("parent", "Part of", "pick", "actor"), Field("description", "Description", "textarea"),
    ),
    "place": (
        Field("name", "Name", "text", required=True), Field("name_ar", "Name in Arabic", "text"),
        Field("alt_names", "Other names (one a line)", "lines"),
        Field("feature", "Kind of place", "choice", " ".join(sorted(FEATURES))),
        Field("parent", "Lies in", "pick", "place"), Field("country_code", "Country code", "text"),
        Field("latitude", "Latitude", "decimal"), Field("longitude", "Longitude", "decimal"),
    ),
    "source": (
        Field("pseudonym", "Pseudonym", "text", required=True), Field("kind", "Kind", "vocab", "source-kinds"),
        Field("reliability", "Reliability", "vocab", "reliability"),
        Field("consent_use", "Consents to use", "checkbox"), Field("consent_share", "Consents to sharing", "checkbox"),
        Field("consent_publish", "Consents to publication", "checkbox"), Field("notes", "Notes", "textarea"),
    ),
    "report": (
        Field("title", "Title", "text", required=True), Field("text", "Text", "textarea"),
        Field("language", "Language", "choice", "ar en other"), Field("received_on", "Received on", "date"),
        Field("published_on", "Published on", "date"), Field("source", "Source", "ref", "source"),
        Field("url", "Address (URL)", "text"),
    ),
    "involvement": (
        Field("act", "Act", "ref", "act", required=True), Field("actor", "Actor", "pick", "actor"),
        Field("person", "Person", "pick", "person"),
        Field("degree", "Degree of involvement", "vocab", "involvement-degrees", required=True),
        Field("note", "Note", "textarea"),
    ),
    "victim": (
        Field("act", "Act", "ref", "act", required=True), Field("person", "Person", "pick", "person", required=True),
        Field("harm", "Group or harm", "vocab", "victim-groups"), Field("note", "Note", "textarea"),
    ),
}


def vocabularies(kind: str) -> list[str]:
    return [f.target for f in FORMS[kind] if f.widget == "vocab"]


def values_from_form(kind: str, form: dict[str, Any], *, editing: bool) -> dict[str, Any]:
    """The values of a submitted form, as the services take them.

    An empty field is left out of a new record; on an edit it clears the value (a checkbox not ticked is false).
    """
    out: dict[str, Any] = {}
    for f in FORMS[kind]:
        raw = str(form.get(f.name) or "").strip()
        if f.widget == "checkbox":
            out[f.name] = bool(raw)
        elif f.widget == "lines":
            if raw or editing:
                out[f.name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif raw:
            out[f.name] = raw
        elif editing and not f.required:
            out[f.name] = None if f.widget in ("number", "decimal", "date", "vocab", "pick", "ref", "choice") else ""
    level = str(form.get("confidentiality") or "").strip()
    if level:
        out["confidentiality"] = level
    return out


def values_for_form(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as the form shows it: references and vocabulary values by their user field name."""
    out: dict[str, Any] = {"confidentiality": record.get("confidentiality")}
    for f in FORMS[kind]:
        value = record.get(f.name, record.get(f"{f.name}_id"))
        if f.widget == "vocab" and isinstance(value, str):
            value = value.split(":", 1)[-1]  # the slug: what the select's options carry
        elif f.widget == "lines":
            value = "\n".join(value or [])
        out[f.name] = value
    return out
