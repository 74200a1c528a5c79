"""Vocabularies and the starting list of actors, shipped as JSON in the package and loaded into the database."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.db.base import Base
from tawthiq.db.models import Actor, Concept, Vocabulary
from tawthiq.services.records.kinds import KINDS
from tawthiq.services.records.store import Writer
from tawthiq.services.workspace import Workspace

ACTOR_NAMESPACE = uuid.UUID("6f1c4b1e-7a57-4c4e-9d8e-7461777468b1")
# Shipped records carry the release's stamp, not the loading time, so every instance holds identical copies
# and exports from different instances agree. Who loaded them, and when, is in the audit log.
SHIPPED_AT = datetime(2026, 11, 1, tzinfo=UTC)
SHIPPED_BY = "tawthiq"


def _shipped(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "version": 1, "created_at": SHIPPED_AT, "created_by": SHIPPED_BY,
            "updated_at": SHIPPED_AT, "updated_by": SHIPPED_BY}


def shipped_vocabularies() -> list[dict[str, Any]]:
    """Every vocabulary file shipped with the package, parsed."""
    folder = resources.files("tawthiq") / "vocabularies"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json") and f.name != "actors.json"),
                   key=lambda f: f.name)
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def shipped_actors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (resources.files("tawthiq") / "vocabularies" / "actors.json").read_text(encoding="utf-8")
    )
    return data


def actor_id(slug: str) -> str:
    """Actors of the shipped list get the same id on every instance."""
    return str(uuid.uuid5(ACTOR_NAMESPACE, slug))


@dataclass
class LoadResult:
    vocabularies: int = 0
    concepts_added: int = 0
    concepts_updated: int = 0
    actors_added: int = 0


def load_shipped(session: Session, writer: Writer) -> LoadResult:
    """Bring the shipped vocabularies and actors into the database (inside the caller's transaction).

    A vocabulary whose stored version is older is upgraded concept by concept, each change a new version of
    that concept; concepts the users added are left alone, and nothing is deleted. Actors are only added:
    once in the database they belong to the users, who may edit them.
    """
    result = LoadResult()
    for vocab in shipped_vocabularies():
        stored = session.get(Vocabulary, vocab["vocabulary"])
        if stored is not None and stored.version >= vocab["version"]:
            continue
        if stored is None:
            session.add(Vocabulary(slug=vocab["vocabulary"], version=vocab["version"], label_en=vocab["labels"]["en"],
                                   label_ar=vocab["labels"]["ar"], description=vocab.get("description", "")))
            session.flush()
        else:
            stored.version = vocab["version"]
        result.vocabularies += 1
        for concept in vocab["concepts"]:
            _load_concept(session, writer, vocab, concept, result)
    _load_actors(session, writer, result)
    writer.flush()
    return result


def _load_concept(session: Session, writer: Writer, vocab: dict[str, Any], concept: dict[str, Any],
                  result: LoadResult) -> None:
    name = vocab["vocabulary"]
    values = {
        "id": f"{name}:{concept['slug']}",
        "vocabulary": name,
        "slug": concept["slug"],
        "parent_id": f"{name}:{concept['parent']}" if concept.get("parent") else None,
        "label_en": concept["labels"]["en"],
        "label_ar": concept["labels"]["ar"],
        "definition": concept.get("definition", ""),
        "mappings": concept.get("mappings", {}),
        "vocabulary_version": vocab["version"],
    }
    spec = KINDS["concept"]
    existing = session.get(Concept, values["id"])
    if existing is None:
        writer.insert(spec, _shipped(values), keep_bookkeeping=True)
        result.concepts_added += 1
        return
    current = {c.key: getattr(existing, c.key) for c in Base.metadata.tables["concepts"].columns}
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if changed:
        session.expunge(existing)
        writer.change(spec, current, changed, change="vocabulary-upgrade")
        result.concepts_updated += 1


def _load_actors(session: Session, writer: Writer, result: LoadResult) -> None:
    spec = KINDS["actor"]
    for actor in shipped_actors()["actors"]:
        if session.execute(select(Actor.id).where(Actor.slug == actor["slug"])).first():
            continue
        writer.insert(spec, _shipped({
            "id": actor_id(actor["slug"]),
            "slug": actor["slug"],
            "name": actor["name"],
            "name_ar": actor.get("name_ar"),
            "aliases": actor.get("aliases", []),
            "kind_id": f"actor-kinds:{actor['kind']}" if actor.get("kind") else None,
            "parent_id": actor_id(actor["parent"]) if actor.get("parent") else None,
            "description": actor.get("description", ""),
        }), keep_bookkeeping=True)
        result.actors_added += 1


def list_vocabularies(ws: Workspace) -> list[dict[str, Any]]:
    with ws.reading() as session:
        rows = session.execute(select(Vocabulary).order_by(Vocabulary.slug)).scalars().all()
        return [{"slug": v.slug, "version": v.version, "label_en": v.label_en, "label_ar": v.label_ar,
                 "description": v.description} for v in rows]


def list_concepts(ws: Workspace, vocabulary: str) -> list[dict[str, Any]]:
    """The live concepts of one vocabulary, each with its depth in the hierarchy, parents before children."""
    with ws.reading() as session:
        rows = session.execute(
            select(Concept).where(Concept.vocabulary == vocabulary, Concept.deleted_at.is_(None)).order_by(Concept.slug)
        ).scalars().all()
    if not rows:
        from tawthiq.domain.errors import InvalidInput

        raise InvalidInput.single("vocabulary", f"{vocabulary!r} is not a vocabulary",
                                  f"\u200f{vocabulary!r} ليست مفردات معروفة")
    children: dict[str | None, list[Concept]] = {}
    for c in rows:
        children.setdefault(c.parent_id, []).append(c)
    out: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int) -> None:
        for c in children.get(parent, []):
            out.append({"slug": c.slug, "parent": c.parent_id.split(":", 1)[1] if c.parent_id else None, "depth": depth,
                        "label_en": c.label_en, "label_ar": c.label_ar, "definition": c.definition,
                        "mappings": c.mappings})
            walk(c.id, depth + 1)

    walk(None, 0)
    return out
