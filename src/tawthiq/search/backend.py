"""The full-text part of the index, per backend. Documents live in ``search_documents``; these keep the matcher in step.

Bodies and facets are already normalised, space-separated ASCII tokens, so each backend only splits on spaces
and both match the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from tawthiq.db.search import SearchDocument


class FullText(Protocol):
    def store(self, session: Session, documents: Sequence[tuple[int, str, str]]) -> None:
        """Make (document id, body, facets) findable, replacing what was there for those ids."""
        ...

    def forget(self, session: Session, ids: Sequence[int]) -> None: ...

    def matching(self, groups: Sequence[Sequence[str]], *, ranked: bool = True) -> Select[int, float]:
        """(document id, rank) of documents holding, for every group, at least one of its terms; lower rank is better.
        Unranked, the rank is a constant: counting needs no scoring."""
        ...


class SqliteFullText:
    """An FTS5 table ``search_fts`` whose rowid is the document id."""

    fts = table("search_fts", column("rowid"), column("body"), column("facets"))

    def store(self, session: Session, documents: Sequence[tuple[int, str, str]]) -> None:
        self.forget(session, [d[0] for d in documents])
        if documents:
            session.execute(
                text("INSERT INTO search_fts (rowid, body, facets) VALUES (:id, :body, :facets)"),
                [{"id": i, "body": b, "facets": f} for i, b, f in documents],
            )

    def forget(self, session: Session, ids: Sequence[int]) -> None:
        if ids:
            session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), [{"id": i} for i in ids])

    def matching(self, groups: Sequence[Sequence[str]], *, ranked: bool = True) -> Select[int, float]:
        # terms are [a-z0-9]+ (normalised tokens and facet tokens): quoting is all the escaping they need
        query = " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
        rowid: ColumnElement[int] = literal_column("search_fts.rowid")
        rank: ColumnElement[float] = literal_column("search_fts.rank" if ranked else "0")
        return select(rowid.label("id"), rank.label("rank")).select_from(self.fts).where(
            text("search_fts MATCH :query").bindparams(bindparam("query", query))
        )


class PostgresFullText:
    """A GIN expression index over the documents themselves: nothing to keep in step."""

    def store(self, session: Session, documents: Sequence[tuple[int, str, str]]) -> None:
        return None

    def forget(self, session: Session, ids: Sequence[int]) -> None:
        return None

    def matching(self, groups: Sequence[Sequence[str]], *, ranked: bool = True) -> Select[int, float]:
        vector = func.to_tsvector(literal_column("'simple'"), SearchDocument.body + " " + SearchDocument.facets)
        expression = " & ".join("(" + " | ".join(group) + ")" for group in groups)
        query = func.to_tsquery(literal_column("'simple'"), bindparam("tsquery", expression))
        rank = -func.ts_rank(vector, query) if ranked else literal_column("0")
        return select(SearchDocument.id.label("id"), rank.label("rank")).where(
            and_(vector.op("@@")(query))
        )


def full_text_for(dialect: str) -> FullText:
    return SqliteFullText() if dialect == "sqlite" else PostgresFullText()
