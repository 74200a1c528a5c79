from datetime import date

from hypothesis import given, strategies as st

from tawthiq.domain.canonical import canonical_hash, canonical_json
from tawthiq.domain.diff import diff_fields


def test_canonical_json_ignores_key_order_and_keeps_arabic() -> None:
    assert canonical_json({"b": 1, "a": "داعش"}) == '{"a":"داعش","b":1}'
    assert canonical_hash({"b": 1, "a": date(2015, 1, 1)}) == canonical_hash({"a": "2015-01-01", "b": 1})


@given(st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.text(max_size=10), st.none()), max_size=6))
def test_any_change_of_a_value_changes_the_hash(data: dict[str, object]) -> None:
    changed = {**data, "__extra__": 1}
    assert canonical_hash(data) != canonical_hash(changed)


def test_diff_reports_changed_fields_and_hides_protected_values() -> None:
    before = {"title": "a", "identity": "real name", "version": 1}
    after = {"title": "b", "identity": "other name", "version": 2}
    changes = diff_fields(before, after, frozenset({"identity"}))
    assert [(c.field, c.before, c.after) for c in changes] == [("identity", "[protected]", "[protected]"),
                                                               ("title", "a", "b")]
