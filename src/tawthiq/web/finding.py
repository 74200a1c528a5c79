"""Links of a search page: the same search with one filter more (a facet value), or one less (an active filter's
"remove" link), and the filters shown above the results. Plain links: no script needed."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

FILTERS = ("type", "actor", "place", "status")  # the facets of the event list, in the order they are shown
KEPT = ("q", *FILTERS, "from", "to")  # what a link to the same search carries (never the page: it starts again)


@dataclass(frozen=True)
class SearchLinks:
    """The current search as query pairs, and links to its variations on ``path``."""

    path: str
    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, path: str, items: list[tuple[str, str]]) -> SearchLinks:
        """From a request's query items; only what a search takes, empty values and repeats dropped."""
        kept: list[tuple[str, str]] = []
        for name, value in items:
            if name in KEPT and value.strip() and (name, value) not in kept:
                kept.append((name, value))
        return cls(path, tuple(kept))

    def query(self) -> str:
        return urlencode(self.pairs)

    def url(self, pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]] | None = None, *,
            path: str | None = None) -> str:
        shown = self.pairs if pairs is None else pairs
        return (path or self.path) + (f"?{urlencode(shown)}" if shown else "")

    def chosen(self, name: str, value: str) -> bool:
        return (name, value) in self.pairs

    def adding(self, name: str, value: str) -> str:
        """This search with ``name=value`` too: another value of a facet already chosen widens it (OR); a value of
        another facet narrows the search (AND). Dates replace the range."""
        if name in ("from", "to", "q"):
            return self.url([p for p in self.pairs if p[0] != name] + [(name, value)])
        return self.url(list(self.pairs) if self.chosen(name, value) else [*self.pairs, (name, value)])

    def removing(self, name: str, value: str) -> str:
        """This search without ``name=value``."""
        return self.url([p for p in self.pairs if p != (name, value)])

    def period(self, key: str, *, path: str = "/events") -> str:
        """The list of a chart's period (``2015-07``, ``2015``, ``2014/2016``) within this search: ``from`` and
        ``to`` replaced by the period's bounds. Dates are matched by overlap, so a coarser date that reaches into the
        period is listed too."""
        first, _, last = key.partition("/")
        kept = [p for p in self.pairs if p[0] not in ("from", "to")]
        return self.url([*kept, ("from", first), ("to", last or first)], path=path)

