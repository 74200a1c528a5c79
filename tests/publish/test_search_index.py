"""The site's search index, made once for both languages, is the index of each language's documents: every word a
document's text holds lists that document, in both languages, dates included."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from tawthiq.domain.publication import PublicSet
from tawthiq.publish import search
from tests.publish.sample import sample_set


def _varied(count: int) -> PublicSet:
    """The sample set and ``count`` more incidents, with dates of every precision and titles in both scripts."""
    pset = sample_set()
    market, checkpoint = pset.events
    precisions = ("day", "week", "month", "year")
    for n in range(count):
        start = date(2013, 1, 1) + timedelta(days=7 * n)
        base = market if n % 2 else checkpoint
        title = f"Shelling number {n} in May" if n % 3 else f"قصف رقم {n} في أيار 2015"
        pset.events.append(dataclasses.replace(base, id=f"event-{n:04d}", title=title, start=start, end=start,
                                               precision=precisions[n % 4]))
    return pset


def _reference(pset: PublicSet, language: str) -> dict[str, str]:
    """The index as the documents' text defines it: each word of a document's text lists the document."""
    docs = search.documents(pset, language)
    postings: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        for term in doc["text"].split():
            postings.setdefault(term, []).append(number)
    by_letter: dict[str, dict[str, list[int]]] = {}
    for term in sorted(postings):
        by_letter.setdefault(term[0], {})[term] = postings[term]
    shards: dict[str, dict[str, list[int]]] = {}
    for letter, terms in by_letter.items():
        search._split(terms, letter, shards)
    files = {}
    for key, terms in shards.items():
        body = {term: search._postings(numbers) for term, numbers in sorted(terms.items())}
        files[f"search/{search._key_file(key)}"] = f"{search.SHARD}({search._json([key, body])});\n"
    for start in range(0, len(docs), search.CHUNK):
        rows = [[d["id"], d["title"], d["place"], d["date"]] for d in docs[start:start + search.CHUNK]]
        number = start // search.CHUNK
        files[f"search/d-{number}.js"] = f"{search.DOCS}({search._json([number, rows])});\n"
    table = {"format": 2, "documents": len(docs), "chunk": search.CHUNK, "prefix_from": search.PREFIX_FROM,
             "shards": {key: search._key_file(key) for key in sorted(shards)}}
    files["search-index.js"] = f"window.{search.GLOBAL} = {search._json(table)};\n"
    return files


@pytest.mark.parametrize("shard_bytes", [300, search.SHARD_BYTES])
def test_the_index_of_both_languages_is_each_languages_documents_index(monkeypatch: pytest.MonkeyPatch,
                                                                        shard_bytes: int) -> None:
    monkeypatch.setattr(search, "SHARD_BYTES", shard_bytes)
    pset = _varied(240)
    index = search.Index(search.newest_first(pset.events))
    for language in ("en", "ar"):
        files = index.files(language)
        assert files == _reference(pset, language)
        assert files == search.index_files(pset, language)
    english, arabic = index.files("en"), index.files("ar")
    assert english["search/d-0.js"] != arabic["search/d-0.js"]  # each shows the date in its own words


def test_a_date_word_that_is_also_a_title_word_lists_each_document_once() -> None:
    pset = _varied(12)
    pset.events[0] = dataclasses.replace(pset.events[0], title="Shelling in July 2015")  # July 2015: its date too
    files = search.index_files(pset, "en")
    assert files == _reference(pset, "en")
