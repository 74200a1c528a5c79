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

# ranking scores the most recently indexed matches up to this many; older ones are counted, not listed
RANK_WINDOW = 10_000


class FullText(Protocol):
    def store(self, session: Session, documents: Sequence[tuple[int, str, str]]) -> None:
        """Make (document id, body, facets) findable, replacing what was there for those ids."""
        ...

    def forget(self, session: Session, ids: Sequence[int]) -> None: ...

    def matching(self, groups: Sequence[Sequence[str]], *, ranked: bool = True) -> Select[int, float]:
        """(document id, rank) of documents holding, for every group, at least one of its terms; lower rank is better.
        Unranked, the rank is a constant: counting needs no scoring."""
        ...

    def best(self, groups: Sequence[Sequence[str]], limit: int, *, ranked: bool) -> Select[int]:
        """Ids of up to ``limit`` matching documents: best first when ranked, else the most recently indexed first.
        Ranking scores the RANK_WINDOW most recently indexed matches: its cost is bounded however common the words."""
        ...

    def count(self, groups: Sequence[Sequence[str]], cap: int) -> Select[int]:
        """How many documents match, counting no further than ``cap``."""
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

    rowid: ColumnElement[int] = literal_column("search_fts.rowid")

    def matching(self, groups: Sequence[Sequence[str]], *, ranked: bool = True) -> Select[int, float]:
        rank: ColumnElement[float] = literal_column("search_fts.rank" if ranked else "0")
        return select(self.rowid.label("id"), rank.label("rank")).select_from(self.fts).where(self._match(groups))

    def best(self, groups: Sequence[Sequence[str]], limit: int, *, ranked: bool) -> Select[int]:
        # FTS5 walks the matches newest first (ORDER BY rowid DESC) and scores only those the window lets through
        recent = (select(self.rowid.label("id")).select_from(self.fts).where(self._match(groups))
                  .order_by(self.rowid.desc()))
        if not ranked:
            return recent.limit(limit)
        window = recent.add_columns(literal_column("search_fts.rank").label("rank")).limit(RANK_WINDOW).subquery()
        return select(window.c.id).order_by(window.c.rank, window.c.id.desc()).limit(limit)

    def count(self, groups: Sequence[Sequence[str]], cap: int) -> Select[int]:
        found = select(self.rowid).select_from(self.fts).where(self._match(groups)).limit(cap).subquery()
        return select(func.count()).select_from(found)

    @staticmethod
    def _match(groups: Sequence[Sequence[str]]) -> ColumnElement[bool]:
        # terms are [a-z0-9]+ (normalised tokens and facet tokens): quoting is all the escaping they need
        query = " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups)
        return text("search_fts MATCH :query").bindparams(bindparam("query", query))  # type: ignore[return-value]


class PostgresFullText:
    """A GIN expression index over the documents themselves: nothing to keep in step."""

    def store(self, session: Session, documents: Sequence[tuple[int, str, str]]) -> None:
        return None

    def forget(self, session: Session, ids: Sequence[int]) -> None:
        return None

    def matching(self, groups: Sequence[Sequence[str]], *, ranked: bool = True) -> Select[int, float]:
        vector, query = self._vector_query(groups)
        rank = -func.ts_rank(vector, query) if ranked else literal_column("0")
        return select(SearchDocument.id.label("id"), rank.label("rank")).where(and_(vector.op("@@")(query)))

    def best(self, groups: Sequence[Sequence[str]], limit: int, *, ranked: bool) -> Select[int]:
        vector, query = self._vector_query(groups)
        recent = select(SearchDocument.id).where(vector.op("@@")(query)).order_by(SearchDocument.id.desc())
        if not ranked:
            return recent.limit(limit)
        window = recent.add_columns(func.ts_rank(vector, query).label("rank")).limit(RANK_WINDOW).subquery()
        return select(window.c.id).order_by(window.c.rank.desc(), window.c.id.desc()).limit(limit)

    def count(self, groups: Sequence[Sequence[str]], cap: int) -> Select[int]:
        vector, query = self._vector_query(groups)
        found = select(SearchDocument.id).where(vector.op("@@")(query)).limit(cap).subquery()
        return select(func.count()).select_from(found)

    @staticmethod
    def _vector_query(groups: Sequence[Sequence[str]]) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
        vector = func.to_tsvector(literal_column("'simple'"), SearchDocument.body + " " + SearchDocument.facets)
        expression = " & ".join("(" + " | ".join(group) + ")" for group in groups)
        return vector, func.to_tsquery(literal_column("'simple'"), bindparam("tsquery", expression))


def full_text_for(dialect: str) -> FullText:
    return SqliteFullText() if dialect == "sqlite" else PostgresFullText()
