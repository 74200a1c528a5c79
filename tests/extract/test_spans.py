from __future__ import annotations

from hypothesis import given, strategies as st

from tawthiq.extract.spans import Document, clitic_forms, fold, split_words


def _sentences(text: str) -> list[str]:
    doc = Document(text, "en", None)
    return [text[s.start : s.end] for s in doc.sentences]


def test_sentences_end_at_stops_quotes_and_headings_but_not_abbreviations() -> None:
    text = ("IS cuts the internet\n\nDr. Ahmad said the U.S. strike hit at 5 p.m. on the town. “They left.” "
            "He added: no one knew?\nThe end")
    assert _sentences(text) == ["IS cuts the internet", "Dr. Ahmad said the U.S. strike hit at 5 p.m. on the town.",
                                "“They left.”", "He added: no one knew?", "The end"]


def test_a_hard_wrapped_long_line_does_not_end_a_sentence() -> None:
    line = "The shelling of the eastern neighbourhoods went on through the night and into the morning hours"
    assert _sentences(f"{line}\nwhen the rescuers arrived.") == [f"{line}\nwhen the rescuers arrived."]


def test_arabic_sentences_and_words_keep_their_marks() -> None:
    text = "قُتل ثلاثة مدنيين؟ وأصيب آخرون."
    assert _sentences(text) == ["قُتل ثلاثة مدنيين؟", "وأصيب آخرون."]
    assert [w.surface for w in split_words(text)][:2] == ["قُتل", "ثلاثة"]
    assert split_words(text)[0].norm == "قتل"


def test_words_split_digits_from_letters_and_keep_apostrophes() -> None:
    assert [w.surface for w in split_words("و20 جريحاً, Hay'at and the SDF's 1,200")] == [
        "و", "20", "جريحاً", "Hay'at", "and", "the", "SDF", "s", "1,200"]


def test_attached_particles_give_the_bare_forms() -> None:
    assert {"بالدوله", "الدوله"} <= set(clitic_forms("وبالدوله"))
    assert "الدوله" in clitic_forms("للدوله")
    assert "لم" in clitic_forms("ولم")
    assert clitic_forms("killed") == ("killed",)


@given(st.text())
def test_folding_keeps_the_way_back_to_every_original_offset(text: str) -> None:
    folded = fold(text)
    assert len(folded.offsets) == len(folded.text) + 1
    for i in range(len(folded.text)):
        start, end = folded.span(i, i + 1)
        assert 0 <= start < end <= len(text)
        assert folded.at(start) == i
