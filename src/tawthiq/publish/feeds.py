"""The public site's Atom feed, one per language (``/{lang}/feed.xml``).

Entries are the published incidents, the most recently changed first, each dated by the incident's
``updated_at`` and named by a stable id (``urn:tawthiq:{lang}:event:{id}``), so a reader's feed program shows a
changed incident once, as changed. Links are relative to the feed (the site has no fixed address: a USB stick,
any host). The feed is dated by the set's ``as_of``, never by the clock.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from tawthiq.domain.publication import PublicEvent, PublicSet
from tawthiq.web.i18n import Translator

LIMIT = 500  # entries per feed: feed programs read the latest; every incident stays on the site's lists


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("tawthiq.publish", "templates"), autoescape=select_autoescape(["xml"]),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def stamp(moment: datetime) -> str:
    """An RFC 3339 time in UTC, to the second (a time without zone is taken as UTC)."""
    return _second(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _second(moment: datetime) -> datetime:
    """The moment in UTC to the second, as :func:`stamp` writes it (ordered as its text is)."""
    when = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return when.replace(microsecond=0)


def atom(pset: PublicSet, tr: Translator, *, title: str, when: Callable[[PublicEvent], str] | None = None) -> str:
    """The Atom document of one language (``when``: an event's date as shown, if already written out)."""
    events = heapq.nlargest(LIMIT, pset.events, key=lambda e: (_second(e.updated_at), e.id))
    return _environment().get_template("feed.xml").render(
        tr=tr, _=tr.gettext, lang=tr.language, title=title, profile=pset.profile.name, updated=stamp(pset.as_of),
        events=events, stamp=stamp, when=when or (lambda e: tr.span(e.start, e.end, e.precision)))
