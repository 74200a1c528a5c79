"""The optional name model: its names join the rules' and pass the same checks; when it is missing, the rules work
alone and the result says so."""

from __future__ import annotations

import importlib.util

import pytest

from tawthiq.extract import Lexicon, NullPlaces, extract
from tawthiq.extract.names import SpacyNames, load_spacy_names
from tawthiq.services.coding.extraction import Extractor
from tawthiq.services.workspace import Workspace

TEXT = "Jiyan Brusk was taken by Islamic State fighters at the Hajin checkpoint."


class Spans:
    """A model that sees the names it is given (as a recogniser would): a stand-in for a trained pipeline."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def person_spans(self, text: str, language: str) -> list[tuple[int, int]]:
        return [(text.index(n), text.index(n) + len(n)) for n in self.names if n in text]


def _persons(lexicon: Lexicon, names: Spans | None) -> list[str]:
    return [p["text"] for p in extract(TEXT, language="en", published_on=None, lexicon=lexicon, places=NullPlaces(),
                                       names=names)["persons"]]


def test_a_models_names_join_the_rules_but_never_an_actor(lexicon: Lexicon) -> None:
    assert _persons(lexicon, None) == []  # no cue the rules know: only a model finds her
    assert _persons(lexicon, Spans("Jiyan Brusk", "Islamic State")) == ["Jiyan Brusk"]


def test_a_missing_model_leaves_the_rules_at_work_and_says_so(ws: Workspace) -> None:
    ws.settings = ws.settings.model_copy(update={"spacy_model": "no_such_pipeline_xx"})
    extractor = Extractor.for_workspace(ws)
    result = extractor.extract("The emir Abu Muhammad al-Adnani spoke.", language="en", published_on=None)
    assert [p["name"] for p in result["persons"]] == ["Abu Muhammad al-Adnani"]
    assert any("no_such_pipeline_xx" in w and "rules only" in w for w in result["warnings"])
    assert load_spacy_names("no_such_pipeline_xx")[0] is None


# spaCy is an optional extra, never installed by `make test` (the project keeps heavy NLP out of the required set);
# the two tests above cover the hook without it, and this one runs wherever a team installs `.[nlp]`.
@pytest.mark.skipif(importlib.util.find_spec("spacy") is None, reason="spaCy is an optional extra (tawthiq[nlp])")
def test_a_real_spacy_pipeline_is_asked_for_its_person_entities(lexicon: Lexicon) -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Jiyan Brusk"},
                                                {"label": "ORG", "pattern": "Islamic State"}])
    assert SpacyNames(nlp).person_spans(TEXT, "en") == [(0, 11)]
