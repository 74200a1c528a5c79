"""The public site's search: an inverted index per language, written at publish time as scripts the browser loads.

The site is read from a USB stick (``file://``) as often as from a host, where a page cannot fetch a JSON file; so
every part of the index is a script. A site of 100,000 incidents has an index of tens of megabytes per language,
too much to load for one query: it is split (:func:`index_files`). ``search-index.js`` is a small table of shards;
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
from collections.abc import Iterable, Mapping
from functools import lru_cache

from tawthiq.domain.publication import PublicEvent, PublicSet
from tawthiq.web.i18n import Translator

_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # marks and tatweel
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_SPLIT = re.compile(r"[^\w]+")
GLOBAL = "TAWTHIQ_SEARCH"  # the name the index script assigns (search.js reads it)
SHARD, DOCS = "TAWTHIQ_SEARCH_SHARD", "TAWTHIQ_SEARCH_DOCS"  # what a shard and a chunk of documents call
SHARD_BYTES = 200_000  # a shard larger than this is split by one more letter of its terms…
MAX_KEY = 4  # …up to keys of this many letters
CHUNK = 100  # documents per file: a page of results loads a few of these
PREFIX_FROM = 3  # a query word this long or longer also finds the words it begins (shorter: only itself)


def normalise(text: str) -> str:
    """Text as the index stores it and as a query is matched: see the module's docstring."""
    text = _TASHKEEL.sub("", text).translate(_LETTERS)
    decomposed = unicodedata.normalize("NFD", text.lower())
    latin = "".join(c for c in decomposed if not (unicodedata.combining(c) and c < "\u0600"))
    return unicodedata.normalize("NFC", latin)


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


def document(event: PublicEvent, tr: Translator, dates: Mapping[str, Mapping[str, str]] | None = None,
             words: dict[str, dict[str, None]] | None = None) -> dict[str, str]:
    """One incident as the browser indexes it: what is shown (title, place, date, link) and the words it is found
    by (``text``: title, place names in both scripts with their other spellings and admin levels, perpetrators and
    violation types in both languages, the date as written in both languages). ``words``: the terms of each event
    but its dates, by id, filled and reused across the languages of one run."""
    place = event.place
    base = words.get(event.id) if words is not None else None
    if base is None:
        names: list[str | None] = [event.place_text]
        if place is not None:
            names += [place.name, place.name_ar, *place.alt_names]
            for _feature, name, name_ar in place.admin:
                names += [name, name_ar]
        actors = [a for act in event.acts for a in act.perpetrators]
        base = _words([event.title, *names, *(a.name for a in actors), *(a.name_ar for a in actors),
                       *(act.type_en for act in event.acts), *(act.type_ar for act in event.acts)])
        if words is not None:
            words[event.id] = base
    other = Translator("ar" if tr.language == "en" else "en")
    if dates is None:
        dates = {t.language: {event.id: t.span(event.start, event.end, event.precision)} for t in (tr, other)}
    date_text = dates[tr.language][event.id]
    text = " ".join(_words([date_text, dates[other.language][event.id]], base))
    shown_place = "" if place is None else tr.pick(place.name, place.name_ar)
    return {"id": event.id, "title": event.title, "place": shown_place or (event.place_text or ""),
            "date": date_text, "url": f"incidents/{event.id}.html", "text": text}


def documents(pset: PublicSet, language: str, dates: Mapping[str, Mapping[str, str]] | None = None,
              words: dict[str, dict[str, None]] | None = None
              ) -> list[dict[str, str]]:
    """Every incident's document in one language, newest first (the order results are shown in; ties by id, so
    the same set gives the same bytes). ``dates``: each event's date as shown, per language and event id, when
    already written out."""
    tr = Translator(language)
    return [document(e, tr, dates, words) for e in newest_first(pset.events)]


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
                words: dict[str, dict[str, None]] | None = None
                ) -> dict[str, str]:
    """The search index of one language as scripts, by path under the language's folder: ``search-index.js`` (the
    small table of shards, loaded by ``search.html``), ``search/t-HEX.js`` (the terms starting with a key, HEX its
    UTF-8 bytes, each with the numbers of the documents that hold it) and ``search/d-N.js`` (documents N*CHUNK
    onwards: id, title, place, date). A query loads the table, the shard of each of its words and the documents
    it shows: a few hundred kilobytes, however many incidents the site holds."""
    docs = documents(pset, language, dates, words)
    postings: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for term in doc["text"].split():
            postings.setdefault(term, []).append(number)
    shards: dict[str, dict[str, list[int]]] = {}
    by_letter: dict[str, dict[str, list[int]]] = {}
    for term in sorted(postings):
        by_letter.setdefault(term[0], {})[term] = postings[term]
    for letter, terms in by_letter.items():
        _split(terms, letter, shards)
    files: dict[str, str] = {}
    for key, terms in shards.items():
        body = {term: _postings(numbers) for term, numbers in sorted(terms.items())}
        files[f"search/{_key_file(key)}"] = f"{SHARD}({_json([key, body])});\n"
    for start in range(0, len(docs), CHUNK):
        rows = [[d["id"], d["title"], d["place"], d["date"]] for d in docs[start:start + CHUNK]]
        files[f"search/d-{start // CHUNK}.js"] = f"{DOCS}({_json([start // CHUNK, rows])});\n"
    table = {"format": 2, "documents": len(docs), "chunk": CHUNK, "prefix_from": PREFIX_FROM,
             "shards": {key: _key_file(key) for key in sorted(shards)}}
    files["search-index.js"] = f"window.{GLOBAL} = {_json(table)};\n"
    return files


def _json(value: object) -> str:
    # inside a script: "</" is written "<\/" so no title can close the element
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
