"""The person model: victim-list rows → comparable columns, and how Splink compares them.

Columns (``None`` when unknown): ``given``, ``family``, ``father``, ``mother``, ``kunya`` and
``name_sorted`` (match keys, see :mod:`tawthiq.linkage.names`), ``given_sp``… (spelling keys within a
script), ``given_w``… (:func:`cross_key`: the match key for comparing across scripts and for blocking),
``script``, ``source`` (the list), ``given_n``/``given_sp_n``… (how often each key and spelling
occur in the collection), ``given_x``/``father_x``/``mother_x`` (the spelling's group across scripts, see
:mod:`tawthiq.linkage.transliterations`) and ``block0``… (the size of each blocking rule's block), ``sex``,
``birth_year``, ``death_day`` (days since 1970) and ``death_year``, and ``place0``/``place1``/``place2``: the place
and the two admin levels above it (locality, district, governorate), so that the distance in the
admin hierarchy is a comparison level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import splink.comparison_level_library as cll
from splink import block_on
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from tawthiq.linkage.dates import parse_date, parse_year
from tawthiq.linkage.engine import Field, Model
from tawthiq.linkage.names import parse_name, spelling
from tawthiq.linkage.transliterations import ANCHORS, name_classes
from tawthiq.text import match_key

__all__ = ["PERSON_COLUMNS", "PERSON_MODEL", "PlaceResolver", "blocking_coverage", "cross_key", "person_table"]

#: place text → (place, district, governorate) keys, any of them "" when unknown; None if not found.
PlaceResolver = Callable[[str], "tuple[str, ...] | None"]

_NAME_PARTS = ("given", "family", "father", "mother")
PERSON_COLUMNS = ("unique_id", *_NAME_PARTS, *(f"{p}_sp" for p in _NAME_PARTS), "script", "kunya", "source",
                  "name_sorted", "sex", "birth_year", "death_day", "death_year", "place0", "place1", "place2",
                  *(f"{p}{s}_n" for p in _NAME_PARTS for s in ("", "_sp")))  # and block0… (see BLOCKS)
#: A spelling at least this many times rarer than the other is taken for a typo of it…
TYPO_RATIO = 20
#: …and so is a spelling seen at most this often: a typo of a rare name cannot be 20 times rarer than it.
TYPO_COUNT = 2
TF_ACROSS = 0.5
#: m of the given name's "different" levels: two different given names are never one person by score alone.
#: Small enough that no agreement of the other fields (brothers agree on all of them) outweighs it, so the
#: pair's evidence stays against one person and the clustering keeps it apart (``engine.apart_condition``).
NEVER = 1e-12
#: m of the given name's "swapped with the family name" level (fixed, with the given name's other m).
SWAPPED_M = 0.5
#: m of the family name's "the other's father" level (a name of two words: given and father's name). EM cannot
#: train it (its training block has equal family names), so this is the share of such names in the lists.
CROSSED_M = 0.03
_SEX = {"male": "m", "m": "m", "ذكر": "m", "man": "m", "boy": "m", "female": "f", "f": "f", "انثى": "f", "أنثى": "f",
        "woman": "f", "girl": "f"}


def _cell(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return str(value).strip() if value is not None else ""


def person_features(row: Mapping[str, Any], resolve: PlaceResolver | None = None) -> dict[str, Any]:
    """One listing as model columns. Never raises; unreadable cells become ``None``."""
    name = parse_name(_cell(row, "full_name"), given=_cell(row, "given_name") or None,
                      family=_cell(row, "family_name") or None, father=_cell(row, "father_name") or None)
    death = parse_date(_cell(row, "death_date"))
    birth_year = parse_year(_cell(row, "birth_year")) or parse_date(_cell(row, "birth_date")).year
    place = _cell(row, "place")
    levels: tuple[str, ...] | None = (resolve(place) if resolve else None) if place else None
    if place and not levels:
        levels = (match_key(place), "", "")
    place0, place1, place2 = ((levels or ()) + ("", "", ""))[:3]
    mother = _cell(row, "mother_name")
    given_sp, family_sp, father_sp = name.spellings
    return {
        "given": name.given or None, "family": name.family or None, "father": name.father or None,
        "mother": match_key(mother) or None, "given_sp": given_sp or None, "family_sp": family_sp or None,
        "father_sp": father_sp or None, "mother_sp": spelling(mother) or None, "script": name.script or None,
        "kunya": name.kunya or None, "source": _cell(row, "source") or None,
        "name_sorted": name.sorted_key or None, "sex": _SEX.get(_cell(row, "sex").lower()),
        "birth_year": birth_year, "death_day": death.day_number, "death_year": death.year,
        "place0": place0 or None, "place1": place1 or None, "place2": place2 or None,
    }


def person_table(rows: Iterable[tuple[str, Mapping[str, Any]]],
                 resolve: PlaceResolver | None = None) -> dict[str, list[Any]]:
    """Columnar table for :func:`tawthiq.linkage.engine.run_linkage` from (unique id, listing row) pairs.

    Besides each row's features, every name part gets how often its key and its spelling occur in the
    whole table (``given_n``, ``given_sp_n``…): the typo levels need to know which spelling is rare.
    """
    table: dict[str, list[Any]] = {c: [] for c in PERSON_COLUMNS if not c.endswith("_n") and not c.startswith("block")}
    for ident, row in rows:
        table["unique_id"].append(ident)
        for key, value in person_features(row, resolve).items():
            table[key].append(value)
    for part in ("given", "family", "father"):
        # The key's first consonants: a typo later in the name keeps them (blocking only).
        table[f"{part}_p"] = [v[:2] if v else None for v in table[part]]
        table[f"{part}_s"] = [v[-2:] if v else None for v in table[part]]
    for part in _NAME_PARTS:
        table[f"{part}_w"] = [cross_key(v) for v in table[part]]
        for column in (part, f"{part}_sp"):
            counts = Counter(v for v in table[column] if v is not None)
            table[f"{column}_n"] = [counts[v] if v is not None else 0 for v in table[column]]
    table.update(name_classes(table))
    _block_sizes(table)
    return table


def cross_key(key: str | None) -> str | None:
    """The consonant key for comparing across scripts: one final weak letter (h, y, w) dropped.

    Arabic writes a final long vowel or ه that a transliteration leaves out, or the reverse:
    يحيى is ``h`` and "Yahya" ``hy``, طه ``t`` and "Taha" ``th``, فتحي ``fth`` and "Fathi" ``ft``.
    """
    return key[:-1] if key and len(key) > 1 and key[-1] in "hyw" else key


def _rare(left: str, right: str) -> str:
    # A typo is much rarer than the name it spoils: two spellings that are both common are two names.
    least, greatest = f"least({left}_l, {right}_r)", f"greatest({left}_l, {right}_r)"
    return f"({least} <= {TYPO_COUNT} or {least} * {TYPO_RATIO} <= {greatest})"


def _name_levels(column: str, *, tf: bool) -> list[tuple[str, Any]]:
    """Levels of one name part, best first.

    Same spelling in one script; the same name across scripts (only the consonant key can say);
    a typo (within a script: one edit or other vowels; across scripts: one consonant), where one of
    the two spellings is rare. Two common spellings with the same consonants (Mohammad, Mahmoud; محمد,
    محمود) are two names, often brothers: a level of its own, after the others.
    """
    spelt, count, spelt_count = f"{column}_sp", f"{column}_n", f"{column}_sp_n"
    same = f"{column}_w_l = {column}_w_r and script_l <> script_r"
    if column in ANCHORS:
        # Unless the collection shows the two spellings to be two names (محمود against "Mohammad").
        same += f" and ({column}_x_l is null or {column}_x_r is null or {column}_x_l = {column}_x_r)"
    across: ComparisonLevelCreator = cll.CustomLevel(same)
    if tf:
        # A reduced weight: the consonant key lumps names together (Mohammad and Mahmoud), so its
        # frequency overstates how common the name is.
        across = across.configure(tf_adjustment_column=column, tf_adjustment_weight=TF_ACROSS)
    same_script = cll.CustomLevel(f"script_l = script_r and {_rare(spelt_count, spelt_count)}")
    return [
        ("same spelling", cll.ExactMatchLevel(spelt, term_frequency_adjustments=tf)),
        ("same name, other script", across),
        ("a typo", cll.And(same_script, cll.Or(cll.ExactMatchLevel(column), cll.DamerauLevenshteinLevel(spelt, 1)))),
        # Rare by its key, or by its spelling: a typo of أحمد (امد) has the key of the common Latin "Imad".
        ("a typo across scripts", cll.And(cll.DamerauLevenshteinLevel(column, 1), cll.CustomLevel(
            f"script_l <> script_r and ({_rare(count, count)} or {_rare(spelt_count, spelt_count)})"))),
        ("another name with the same consonants", cll.ExactMatchLevel(column)),
    ]


def _crossed(name: str, other: str) -> str:
    # "Aisha Ahmad" (given and father) read as given + family, against "Aisha Ahmad Hariri": the record without
    # a father's name has as its family name the other's father's name (cross-script keys).
    return (f"({name}_w_l = {other}_w_r and {other}_l is null) or "
            f"({name}_w_r = {other}_w_l and {other}_r is null)")


def _name_field(name: str, *, swapped_with: str | None = None, crossed_with: str | None = None, tf: bool = False,
                fixed: bool = False,
                m: tuple[float, ...] = (0.45, 0.4, 0.05, 0.03, 0.01, 0.06),
                u: tuple[float, ...] = (0.02, 0.01, 0.001, 0.001, 0.01, 0.958)) -> Field:
    levels = _name_levels(name, tf=tf)
    if swapped_with:
        levels.append(("swapped with " + swapped_with, cll.ColumnsReversedLevel(name, swapped_with, symmetrical=True)))
        # A name written family first agrees on both parts, but the other part's field reads "different":
        # this level carries the evidence of both (an m well above the share of swapped names).
        m, u = (*m[:-1], SWAPPED_M, m[-1]), (*u[:-1], 0.0005, u[-1])
    if crossed_with:
        levels.append((f"the other's {crossed_with}", cll.CustomLevel(_crossed(name, crossed_with))))
        m, u = (*m[:-1], CROSSED_M, m[-1]), (*u[:-1], 0.001, u[-1])
    return Field(name, tuple(levels), cll.NullLevel(name), m, fixed, u)


#: Candidate pairs share all the keys of one of these. Together they find pairs with a typo in any one
#: name part, a shifted date or no date; ``("given", "family", "swapped")`` is a name written family first.
BLOCKS: tuple[tuple[str, ...], ...] = (
    ("given_w", "family_w"), ("name_sorted",), ("given_w", "father_w", "family_w"), ("given_w", "death_day"),
    ("family_w", "death_day"), ("father_w", "death_day"), ("given_w", "family_w", "birth_year"),
    ("given_w", "father_w", "death_year"), ("family_w", "father_w", "place1"), ("death_day", "place0"),
    ("given_w", "birth_year", "place2"), ("given_w", "mother_w", "place1"), ("family_w", "birth_year", "death_year"),
    ("given_w", "death_year", "place1"), ("birth_year", "death_day"), ("family_w", "mother_w", "place2"),
    ("given_w", "family_w", "swapped"), ("kunya", "death_year"),
    # Added in the third pass (a typo in the one name part two sparse records share, no date): the other
    # name parts, or a name and the first or last two consonants of the other (``_p``, ``_s``).
    ("given_w", "father_w", "place1"), ("family_w", "father_w", "birth_year"), ("given_w", "birth_year"),
    ("given_w", "father_w"), ("family_w", "father_w"),
    ("given_w", "family_p"), ("given_w", "family_s"), ("given_p", "family_w"), ("given_s", "family_w"),
    # Added in the seventh pass: a name of two words that are the given and the father's name ("Aisha Ahmad"),
    # read as given + family, against the full name ("Aisha Ahmad Hariri"): (given, family) of one record is
    # (given, father) of the other, either way round (``"crossed"``; blocks by the two rules' sizes).
    ("given_w", "family_w", "father_w", "crossed"), ("given_w", "father_w", "family_w", "crossed"),
)
#: A block of more records than this is skipped by its rule (the others still see its pairs): thousands
#: of "Mohammad Al-Ahmad" without a date say nothing, and such blocks would square the work at scale.
MAX_BLOCK = 150


def _rule(index: int, keys: tuple[str, ...]) -> str:
    if keys[-1] == "swapped":
        (left, right), size = keys[:2], f"block{BLOCKS.index(keys[:2])}"
        join = f"l.{left} = r.{right} and l.{right} = r.{left}"
    elif keys[-1] == "crossed":
        shared, mine, theirs = keys[:3]
        mine_size, theirs_size = f"block{BLOCKS.index((shared, mine))}", f"block{BLOCKS.index((shared, theirs))}"
        return (f"l.{shared} = r.{shared} and l.{mine} = r.{theirs} and l.{mine_size} <= {MAX_BLOCK} "
                f"and r.{theirs_size} <= {MAX_BLOCK}")
    else:
        join, size = " and ".join(f"l.{k} = r.{k}" for k in keys), f"block{index}"
    return f"{join} and l.{size} <= {MAX_BLOCK} and r.{size} <= {MAX_BLOCK}"


def _block_sizes(table: dict[str, list[Any]]) -> None:
    """Per record and rule, how many records share its keys (0 where a key is missing: no block)."""
    for index, keys in enumerate(BLOCKS):
        if keys[-1] in ("swapped", "crossed"):
            continue  # sized by the rules they pair
        rows = list(zip(*(table[k] for k in keys), strict=True))
        counts = Counter(r for r in rows if None not in r)
        table[f"block{index}"] = [counts[r] if None not in r else 0 for r in rows]


def _diff(column: str, limit: int) -> Any:
    return cll.AbsoluteDifferenceLevel(column, limit)


# The m priors are what a documenter would guess: EM refines them where the data allow, and a field
# EM cannot train (too few records, a level never seen) keeps its guess instead of failing the run.
PERSON_MODEL = Model(
    fields=(
        # The given name is what tells siblings apart (same father, family, day and village): its m is fixed,
        # because EM on any block takes brothers killed together for duplicates and learns that given names
        # often differ (tried: a block on birth year and day of death learns m(different) = 0.2).
        _name_field("given", swapped_with="family", tf=True, fixed=True, m=(0.4, 0.45, 0.06, 0.05, NEVER, NEVER)),
        _name_field("family", crossed_with="father", tf=True, m=(0.45, 0.42, 0.05, 0.04, 0.01, 0.03)),
        _name_field("father"),
        _name_field("mother"),
        Field("kunya", (("same", cll.ExactMatchLevel("kunya")),), cll.NullLevel("kunya"), (0.9, 0.1), u=(0.02, 0.98)),
        # A list seldom names one person twice: a pair from one list is less likely to be one person.
        Field("list", (("same list", cll.ExactMatchLevel("source")),), cll.NullLevel("source"), (0.05, 0.95),
              u=(0.2, 0.8)),
        Field("sex", (("same", cll.ExactMatchLevel("sex")),), cll.NullLevel("sex"), (0.97, 0.03), u=(0.5, 0.5)),
        Field("birth_year", (("same", cll.ExactMatchLevel("birth_year")), ("within 1 year", _diff("birth_year", 1)),
                             ("within 3 years", _diff("birth_year", 3))), cll.NullLevel("birth_year"),
              (0.6, 0.3, 0.05, 0.05), u=(0.02, 0.04, 0.08, 0.86)),
        Field("death_date", (
            ("same day", cll.ExactMatchLevel("death_day")),
            ("within 2 days", _diff("death_day", 2)),
            ("within a month", _diff("death_day", 31)),
            ("same year", cll.ExactMatchLevel("death_year")),
        ), cll.NullLevel("death_year"), (0.75, 0.15, 0.04, 0.03, 0.03), u=(0.002, 0.005, 0.03, 0.12, 0.843)),
        Field("place", (
            ("same place", cll.ExactMatchLevel("place0")),
            ("same district", cll.ExactMatchLevel("place1")),
            ("same governorate", cll.ExactMatchLevel("place2")),
        ), cll.NullLevel("place0"), (0.7, 0.2, 0.06, 0.04), u=(0.02, 0.05, 0.1, 0.83)),
    ),
    blocking=tuple(_rule(index, keys) for index, keys in enumerate(BLOCKS)),
    # Same name: trains dates, places and parents. The given name's m stays as guessed (see above).
    training=(block_on("given", "family"),),
    deterministic=("l.given = r.given and l.family = r.family and l.death_day = r.death_day",),
    # Lists often lack the day of death or spell a name otherwise: the rule finds about a third of matches.
    deterministic_recall=0.35,
)


def blocking_coverage(table: Mapping[str, list[Any]], entity: list[Any]) -> dict[str, Any]:
    """How many true pairs the blocking rules make candidates of, and how many comparisons they cost.

    Args:
        table: A :func:`person_table`.
        entity: The true entity of each row, in the table's order.

    Returns:
        ``true_pairs``, ``covered`` (true pairs that share all keys of at least one rule, within
        :data:`MAX_BLOCK`), ``recall``, ``comparisons`` (distinct candidate pairs), ``by_rule`` (true pairs
        each rule finds), and ``missed``: the row-index pairs no rule finds.
    """
    rows = len(entity)
    members: dict[Any, list[int]] = {}
    for index, value in enumerate(entity):
        members.setdefault(value, []).append(index)
    true_pairs = {(a, b) for group in members.values() for i, a in enumerate(group) for b in group[i + 1:]}
    found: set[tuple[int, int]] = set()
    by_rule: dict[str, int] = {}
    for index, keys in enumerate(BLOCKS):
        if keys[-1] in ("swapped", "crossed"):
            # swapped: (a, b) of one record is (b, a) of the other; crossed: (a, b) of one is (a, c) of the other.
            mine, theirs = (keys[:2], keys[1::-1]) if keys[-1] == "swapped" else (keys[:2], (keys[0], keys[2]))
            ours: dict[Any, list[int]] = {}
            other: dict[Any, list[int]] = {}
            for columns, found_in in ((mine, ours), (theirs, other)):
                size = table[f"block{BLOCKS.index(tuple(sorted(columns, key=keys.index)))}"]
                for row in range(rows):
                    if 0 < size[row] <= MAX_BLOCK:
                        found_in.setdefault(tuple(table[c][row] for c in columns), []).append(row)
            pairs = {(min(a, b), max(a, b)) for key, group in ours.items() for a in group for b in other.get(key, ())
                     if a != b}
        else:
            size = table[f"block{index}"]
            groups: dict[Any, list[int]] = {}
            for row in range(rows):
                if 0 < size[row] <= MAX_BLOCK:
                    groups.setdefault(tuple(table[k][row] for k in keys), []).append(row)
            pairs = {(a, b) for group in groups.values() for i, a in enumerate(group) for b in group[i + 1:]}
        found |= pairs
        by_rule["+".join(keys)] = len(pairs & true_pairs)
    covered = true_pairs & found
    return {"true_pairs": len(true_pairs), "covered": len(covered),
            "recall": len(covered) / len(true_pairs) if true_pairs else 1.0, "comparisons": len(found),
            "by_rule": by_rule, "missed": sorted(true_pairs - found)}
