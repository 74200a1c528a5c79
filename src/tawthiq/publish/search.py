"""The public site's search: an inverted index per language, written at publish time as scripts the browser loads.

The site is read from a USB stick (``file://``) as often as from a host, where a page cannot fetch a JSON file; so
every part of the index is a script. A site of 100,000 incidents has an index of tens of megabytes per language,
too much to load for one query: it is split (:class:`Index`). ``search-index.js`` is a small table of shards;
each shard holds the words that begin with its key (one letter, or more where a letter holds many words), each
with the numbers of the documents (incidents, newest first) that contain it; the documents' title, place and date
are in files of a hundred. ``assets/search.js`` loads, as ``<script>`` elements, the shard of each word of a query
and then the documents it shows, and matches words by prefix and typo with MiniSearch over the shard's words.
Arabic is matched through one normaliser, this module's :func:`normalise` for the documents and its twin
``normalise`` in ``static/search.js`` for the queries (tests hold them equal): tashkeel and tatweel dropped, أ إ آ ٱ
written ا, ى written ي, ة written ه, Latin folded to lower case without accents; a word that begins with the
article "ال" also stands without it, so "بوكمال" finds "البوكمال". Place names go in both scripts with their other
spellings ("Abu Kamal", "Al Bukamal").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from tawthiq.domain.publication import PublicEvent, PublicSet
from tawthiq.web.i18n import Translator

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # marks and tatweel
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_SPLIT = re.compile(r"[^\w]+")
# the combining marks of the scripts before Arabic (Latin accents…), dropped after decomposition
_COMBINING = re.compile("[" + "".join(chr(n) for n in range(0x600) if unicodedata.combining(chr(n))) + "]")
GLOBAL = "TAWTHIQ_SEARCH"  # the name the index script assigns (search.js reads it)
SHARD, DOCS = "TAWTHIQ_SEARCH_SHARD", "TAWTHIQ_SEARCH_DOCS"  # what a shard and a chunk of documents call
SHARD_BYTES = 200_000  # a shard larger than this is split by one more letter of its terms…
MAX_KEY = 4  # …up to keys of this many letters
CHUNK = 100  # documents per file: a page of results loads a few of these
PREFIX_FROM = 3  # a query word this long or longer also finds the words it begins (shorter: only itself)


def normalise(text: str) -> str:
    """Text as the index stores it and as a query is matched: see the module's docstring."""
    if text.isascii():
        return text.lower()
    text = _TASHKEEL.sub("", text).translate(_LETTERS)
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed))


@lru_cache(maxsize=1 << 18)  # names, actors, types and dates repeat; titles come twice (both languages)
def terms(text: str) -> tuple[str, ...]:
    """The words of a text after :func:`normalise`, each word with the article followed by its bare form."""
    out: list[str] = []
    for word in _SPLIT.split(normalise(text)):
        if not word or word == "_":
            continue
        out.append(word)
        if word.startswith("ال") and len(word) > 3:
            out.append(word[2:])
    return tuple(out)


def _words(values: Iterable[str | None], seen: dict[str, None] | None = None) -> dict[str, None]:
    """The terms of ``values`` in their first order, each once, after those already ``seen`` (a copy is made)."""
    out = dict(seen) if seen else {}
    for value in values:
        for term in terms(value or ""):
            out.setdefault(term, None)
    return out


def document(event: PublicEvent, tr: Translator, dates: Mapping[str, Mapping[str, str]] | None = None
             ) -> dict[str, str]:
    """One incident as the browser indexes it: what is shown (title, place, date, link) and the words it is found
    by (``text``: title, place names in both scripts with their other spellings and admin levels, perpetrators and
    violation types in both languages, the date as written in both languages)."""
    base = _base(event)
    other = Translator("ar" if tr.language == "en" else "en")
    if dates is None:
        dates = {t.language: {event.id: t.span(event.start, event.end, event.precision)} for t in (tr, other)}
    date_text = dates[tr.language][event.id]
    text = " ".join(_words([date_text, dates[other.language][event.id]], base))
    return {"id": event.id, "title": event.title, "place": _shown_place(event, tr),
            "date": date_text, "url": f"incidents/{event.id}.html", "text": text}


def _base(event: PublicEvent) -> dict[str, None]:
    """An incident's words but its date (the same in both languages): title, place names in both scripts with
    their other spellings and admin levels, perpetrators and violation types in both languages."""
    place = event.place
    names: list[str | None] = [event.place_text]
    if place is not None:
        names += [place.name, place.name_ar, *place.alt_names]
        for _feature, name, name_ar in place.admin:
            names += [name, name_ar]
    actors = [a for act in event.acts for a in act.perpetrators]
    return _words([event.title, *names, *(a.name for a in actors), *(a.name_ar for a in actors),
                   *(act.type_en for act in event.acts), *(act.type_ar for act in event.acts)])


def documents(pset: PublicSet, language: str, dates: Mapping[str, Mapping[str, str]] | None = None
              ) -> list[dict[str, str]]:
    """Every incident's document in one language, newest first (the order results are shown in; ties by id, so
    the same set gives the same bytes). ``dates``: each event's date as shown, per language and event id, when
    already written out."""
    tr = Translator(language)
    return [document(e, tr, dates) for e in newest_first(pset.events)]


def newest_first(events: Iterable[PublicEvent]) -> list[PublicEvent]:
    """Incidents by date, the latest first (undated ones by their last change), then by id."""
    return sorted(events, key=lambda e: (e.start is not None, e.start or e.updated_at.date(), e.id), reverse=True)


def _key_file(key: str) -> str:
    return f"t-{key.encode('utf-8').hex()}.js"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


_GAPS = [_base36(n) for n in range(36 * 36)]  # most gaps between documents of a word are small: looked up


def _postings(numbers: list[int]) -> str:
    """Document numbers (ascending) as gaps in base 36: "0,3,1f" is 0, 3 and 54."""
    out, last = [], 0
    for number in numbers:
        gap = number - last
        out.append(_GAPS[gap] if gap < len(_GAPS) else _base36(gap))
        last = number
    return ",".join(out)


def _split(terms: dict[str, list[int]], key: str, out: dict[str, dict[str, list[int]]]) -> None:
    """Put ``terms`` (all starting with ``key``) in one shard, or, past SHARD_BYTES and while the key may grow, the
    terms equal to the key in its own shard and the others in shards of a letter more."""
    size = sum(len(term) + 3 * len(numbers) for term, numbers in terms.items())
    if size <= SHARD_BYTES or len(key) >= MAX_KEY:
        out[key] = terms
        return
    longer: dict[str, dict[str, list[int]]] = {}
    for term, numbers in terms.items():
        if len(term) == len(key):
            out.setdefault(key, {})[term] = numbers
        else:
            longer.setdefault(term[:len(key) + 1], {})[term] = numbers
    for child, found in longer.items():
        _split(found, child, out)


def index_files(pset: PublicSet, language: str, dates: Mapping[str, Mapping[str, str]] | None = None,
                *, ordered: Sequence[PublicEvent] | None = None) -> dict[str, str]:
    """The search index of one language as scripts (see :class:`Index`)."""
    return Index(newest_first(pset.events) if ordered is None else ordered, dates).files(language)


class Index:
    """The search index of a set, as scripts by path under a language's folder: ``search-index.js`` (the small
    table of shards, loaded by ``search.html``), ``search/t-HEX.js`` (the terms starting with a key, HEX its UTF-8
    bytes, each with the numbers of the documents that hold it) and ``search/d-N.js`` (documents N*CHUNK onwards:
    id, title, place, date). A query loads the table, the shard of each of its words and the documents it shows: a
    few hundred kilobytes, however many incidents the site holds.

    A document's words (:func:`document`'s ``text``) hold its date in both languages, so they are the same in both:
    the shards are made once, and only the documents' files differ by language (``ordered``: the incidents newest
    first, the documents' numbers; ``dates``: each incident's date as shown, by language and id)."""

    def __init__(self, ordered: Sequence[PublicEvent], dates: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.events = ordered
        if dates is None:
            dates = {lang: {e.id: Translator(lang).span(e.start, e.end, e.precision) for e in ordered}
                     for lang in ("en", "ar")}
        self.dates = dates
        english, arabic = dates["en"], dates["ar"]
        postings: dict[str, list[int]] = {}
        for number, event in enumerate(ordered):
            for term in _words([english[event.id], arabic[event.id]], _base(event)):
                postings.setdefault(term, []).append(number)
        by_letter: dict[str, dict[str, list[int]]] = {}
        for term in sorted(postings):
            by_letter.setdefault(term[0], {})[term] = postings[term]
        shards: dict[str, dict[str, list[int]]] = {}
        for letter, found in by_letter.items():
            _split(found, letter, shards)
        self.shards = {f"search/{_key_file(key)}": f"{SHARD}({_json([key, _encoded(found)])});\n"
                       for key, found in shards.items()}
        self.table = {"format": 2, "documents": len(ordered), "chunk": CHUNK, "prefix_from": PREFIX_FROM,
                      "shards": {key: _key_file(key) for key in sorted(shards)}}

    def files(self, language: str) -> dict[str, str]:
        """The index's files for the pages of ``language``."""
        tr, shown = Translator(language), self.dates[language]
        files = dict(self.shards)
        for start in range(0, len(self.events), CHUNK):
            rows = [[e.id, e.title, _shown_place(e, tr), shown[e.id]] for e in self.events[start:start + CHUNK]]
            files[f"search/d-{start // CHUNK}.js"] = f"{DOCS}({_json([start // CHUNK, rows])});\n"
        files["search-index.js"] = f"window.{GLOBAL} = {_json(self.table)};\n"
        return files


def _encoded(terms: dict[str, list[int]]) -> dict[str, str]:
    return {term: _postings(numbers) for term, numbers in sorted(terms.items())}


def _shown_place(event: PublicEvent, tr: Translator) -> str:
    place = event.place
    shown = "" if place is None else tr.pick(place.name, place.name_ar)
    return shown or (event.place_text or "")


def _json(value: object) -> str:
    # inside a script: "</" is written "<\/" so no title can close the element
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
