"""The vocabularies the extraction steps match against: actors and their aliases, violation triggers, cues.

Built once (from the shipped files, or from the database's actor list) and shared by every extraction; the
indexes the steps need are computed here so that extracting one report does no set-up work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from tawthiq.extract.spans import WORD, Word, norm_word, particle_forms
from tawthiq.text import match_key, script

GAP_SHORT = "~"  # up to 3 other words
GAP_LONG = "~~"  # up to 12 other words
FUZZY_MIN = 4
_PARENTHESIS = re.compile(r"\s*\([^)]*\)\s*")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class ActorEntry:
    """One actor: its slug, canonical English name and aliases in both scripts."""

    slug: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    """A phrase of a trigger lexicon, compiled: normalised words, ``word*`` prefixes and gaps."""

    phrase: str
    parts: tuple[str, ...]
    language: str
    slug: str = ""  # the violation type (empty for cues)
    context: str | None = None  # name of the context set that must stand near it


class PatternSet:
    """Patterns indexed by their first word, to find every pattern that starts at a given word quickly."""

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = list(patterns)
        self._exact: dict[str, list[Pattern]] = {}
        self._prefix: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            first = pattern.parts[0]
            if first.endswith("*"):
                self._prefix.setdefault(first[:-1], []).append(pattern)
            else:
                self._exact.setdefault(first, []).append(pattern)
        self._prefix_sizes = sorted({len(stem) for stem in self._prefix if stem})
        # a word's forms -> the patterns that may start at it, each with the parts after its first word;
        # most words start no pattern, and reports repeat their words, so each is looked up once
        self._candidates: dict[tuple[str, ...], tuple[tuple[Pattern, tuple[str, ...]], ...]] = {}

    def starting_at(self, words: Sequence[Word], i: int, limit: int) -> Iterator[tuple[Pattern, int]]:
        """Each pattern that matches from ``words[i]`` within ``words[:limit]``, with the index after its match."""
        forms = words[i].forms
        candidates = self._candidates.get(forms)
        if candidates is None:
            candidates = self._candidates_for(forms)
        if not candidates or i >= limit:
            return _NOTHING
        return self._matches(words, i, limit, candidates)

    def _candidates_for(self, forms: tuple[str, ...]) -> tuple[tuple[Pattern, tuple[str, ...]], ...]:
        # in the order the forms and their prefixes find them, each pattern once (by identity: two equal
        # phrases are two patterns); the first word of each matches by construction
        found: dict[int, tuple[Pattern, tuple[str, ...]]] = {}
        for form in forms:
            for pattern in self._exact.get(form, ()):
                found.setdefault(id(pattern), (pattern, pattern.parts[1:]))
            for size in self._prefix_sizes:
                if size > len(form):
                    break
                for pattern in self._prefix.get(form[:size], ()):
                    found.setdefault(id(pattern), (pattern, pattern.parts[1:]))
        candidates = tuple(found.values())
        if len(self._candidates) >= _CANDIDATES_KEPT:  # a long-running server reads many words: keep it bounded
            self._candidates.clear()
        self._candidates[forms] = candidates
        return candidates

    @staticmethod
    def _matches(words: Sequence[Word], i: int, limit: int,
                 candidates: tuple[tuple[Pattern, tuple[str, ...]], ...]) -> Iterator[tuple[Pattern, int]]:
        for pattern, rest in candidates:
            end = match_at(words, i + 1, limit, rest)
            if end is not None:
                yield pattern, end


_NOTHING: Iterator[tuple[Pattern, int]] = iter(())
_CANDIDATES_KEPT = 100_000


def word_matches(word: Word, part: str) -> bool:
    """Whether one word matches one pattern word (exact, or ``prefix*``), in any of its particle forms."""
    if part.endswith("*"):
        stem = part[:-1]
        return any(form.startswith(stem) for form in word.forms)
    return part in word.forms


def match_at(words: Sequence[Word], i: int, limit: int, parts: tuple[str, ...]) -> int | None:
    """The index after a match of ``parts`` starting at ``words[i]`` (gaps take as few words as they can)."""
    if not parts:
        return i
    part = parts[0]
    if part in (GAP_SHORT, GAP_LONG):
        widest = 3 if part == GAP_SHORT else 12
        for skip in range(0, widest + 1):
            if i + skip >= limit:
                break
            end = match_at(words, i + skip, limit, parts[1:])
            if end is not None:
                return end
        return None
    if i >= limit or not word_matches(words[i], part):
        return None
    return match_at(words, i + 1, limit, parts[1:])


@dataclass(frozen=True)
class ActorIndex:
    """Alias lookup for the actors step, in three tiers from strict to lenient.

    ``surface``: acronyms, exactly as written. ``light``: the words normalised (case, diacritics, Arabic
    letter variants; the first word of the text may carry و ف ب ل ك). ``fuzzy``: tawthiq.text.match_key, for
    Latin transliteration variants, only for keys of at least FUZZY_MIN letters (a skeleton as short as
    "Amshat"'s is also "much"'s). Arabic script has no fuzzy tier: without its long vowels, the skeleton of
    "مقتل عشرات" ("killing of dozens") is that of "مقاتلو العشائر" ("tribal fighters").
    """

    surface: dict[str, tuple[str, ...]]
    light: dict[str, tuple[str, ...]]  # the alias's normalised words joined by spaces
    fuzzy: dict[str, tuple[str, ...]]
    fuzzy_words: dict[str, int]  # the most words an alias of that key has
    first_surfaces: frozenset[str]
    first_light: frozenset[str]
    first_fuzzy: frozenset[str]
    max_words: int
    all_keys: frozenset[str]  # match keys of every alias (3 letters or more): persons must not be actors


@dataclass(frozen=True, repr=False)
class Lexicon:
    """Everything the steps match against. Build it with :meth:`shipped` or :meth:`from_actors`.

    ``violations`` are the trigger phrases of data/violation_triggers.json (``slug`` is the violation type),
    ``contexts`` the named phrase sets some triggers need nearby, ``negations`` and ``hypotheticals`` the
    cues of data/context_cues.json, ``count_kinds`` the phrases of data/counts.json (``slug`` is the kind).
    ``agents``, ``not_agents_before``, ``not_agents_after`` and ``anaphora`` (also from data/context_cues.json) tell
    tawthiq.extract.agents which actor of a sentence committed its violation.
    """

    actors: list[ActorEntry]
    violations: list[Pattern]
    violation_types: dict[str, str | None]  # slug -> parent slug, from violation-types.json
    contexts: dict[str, list[Pattern]] = field(default_factory=dict)
    negations: list[Pattern] = field(default_factory=list)
    hypotheticals: list[Pattern] = field(default_factory=list)
    denials: list[Pattern] = field(default_factory=list)  # negations that reach back a whole clause
    warnings: list[Pattern] = field(default_factory=list)  # hypotheticals that reach back a whole clause
    not_negations: list[Pattern] = field(default_factory=list)  # "not only", "لا يزال" (still)
    # Cues that mark an actor mention as the agent of a violation ("by X") or as no agent ("against X", "X-held").
    agents: list[Pattern] = field(default_factory=list)
    not_agents_before: list[Pattern] = field(default_factory=list)
    not_agents_after: list[Pattern] = field(default_factory=list)
    anaphora: list[Pattern] = field(default_factory=list)  # "the group", "التنظيم": an actor named before
    count_kinds: list[Pattern] = field(default_factory=list)
    # Types that make others redundant, in the same "sentence" or anywhere in the "report"
    # (data/violation_triggers.json).
    supersedes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # Periods in which an actor existed, to choose between actors that share an alias ("Syrian government forces").
    periods: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    # Indexes built once from the lists above.
    index: ActorIndex = field(init=False, repr=False, compare=False)
    violation_set: PatternSet = field(init=False, repr=False, compare=False)
    context_sets: dict[str, PatternSet] = field(init=False, repr=False, compare=False)
    negation_set: PatternSet = field(init=False, repr=False, compare=False)
    hypothetical_set: PatternSet = field(init=False, repr=False, compare=False)
    not_negation_set: PatternSet = field(init=False, repr=False, compare=False)
    denial_set: PatternSet = field(init=False, repr=False, compare=False)
    warning_set: PatternSet = field(init=False, repr=False, compare=False)
    agent_set: PatternSet = field(init=False, repr=False, compare=False)
    not_agent_before_set: PatternSet = field(init=False, repr=False, compare=False)
    not_agent_after_set: PatternSet = field(init=False, repr=False, compare=False)
    anaphora_set: PatternSet = field(init=False, repr=False, compare=False)
    # anaphor phrase -> the actors with its head word in an alias ("the group": "Islamic State group", "Wagner Group")
    anaphora_actors: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    count_set: PatternSet = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", _index_actors(self.actors))
        object.__setattr__(self, "violation_set", PatternSet(self.violations))
        object.__setattr__(self, "context_sets", {k: PatternSet(v) for k, v in self.contexts.items()})
        object.__setattr__(self, "negation_set", PatternSet(self.negations))
        object.__setattr__(self, "hypothetical_set", PatternSet(self.hypotheticals))
        object.__setattr__(self, "not_negation_set", PatternSet(self.not_negations))
        object.__setattr__(self, "denial_set", PatternSet(self.denials))
        object.__setattr__(self, "warning_set", PatternSet(self.warnings))
        object.__setattr__(self, "agent_set", PatternSet(self.agents))
        object.__setattr__(self, "not_agent_before_set", PatternSet(self.not_agents_before))
        object.__setattr__(self, "not_agent_after_set", PatternSet(self.not_agents_after))
        object.__setattr__(self, "anaphora_set", PatternSet(self.anaphora))
        object.__setattr__(self, "anaphora_actors", _anaphora_actors(self.anaphora, self.actors))
        object.__setattr__(self, "count_set", PatternSet(self.count_kinds))

    def __repr__(self) -> str:
        # the lists run to thousands of entries: a repr names their sizes, for logs and test reports
        return f"Lexicon({len(self.actors)} actors, {len(self.violations)} violation triggers)"

    @property
    def names(self) -> dict[str, str]:
        """Slug -> canonical name."""
        return {a.slug: a.name for a in self.actors}

    @classmethod
    def shipped(cls) -> Lexicon:
        """The lexicon of the shipped actor list (vocabularies/actors.json) and the extraction data files."""
        data = read_json(resources.files("tawthiq") / "vocabularies" / "actors.json")
        actors = [(a["slug"], a["name"], [a.get("name_ar") or "", *a.get("aliases", [])]) for a in data["actors"]]
        return cls.from_actors(actors)

    @classmethod
    def from_actors(cls, actors: Iterable[tuple[str, str, list[str]]]) -> Lexicon:
        """A lexicon for the given actors ``(slug, canonical name, aliases in any script)``.

        The extra aliases of data/actor_aliases.json are added to the actors whose slugs they name; the
        violation triggers, cues and count words come from the other data files. Raises ValueError when a
        data file names a violation type that violation-types.json does not have.
        """
        extra = data_file("actor_aliases.json")
        blocked = set(extra.get("blocked", []))
        entries: list[ActorEntry] = []
        for slug, name, aliases in actors:
            names = [name, *aliases, *extra["aliases"].get(slug, [])]
            # "Syrian government forces (Assad era)" is written in reports without the parenthesis
            names += [_PARENTHESIS.sub(" ", n).strip() for n in names if "(" in n]
            unique = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip() and n.strip() not in blocked))
            entries.append(ActorEntry(slug, name, unique))
        types = {c["slug"]: c.get("parent") for c in
                 read_json(resources.files("tawthiq") / "vocabularies" / "violation-types.json")["concepts"]}
        triggers = data_file("violation_triggers.json")
        violations: list[Pattern] = []
        for slug, by_language in triggers["triggers"].items():
            if slug not in types:
                raise ValueError(f"violation_triggers.json names {slug!r}, which violation-types.json lacks")
            for language, phrases in by_language.items():
                for item in phrases:
                    phrase, context = (item, None) if isinstance(item, str) else (item["phrase"], item["with"])
                    violations.append(compile_pattern(phrase, language, slug, context))
        cues = data_file("context_cues.json")
        counts = data_file("counts.json")
        return cls(
            actors=entries, violations=violations, violation_types=types,
            contexts={name: _patterns(langs) for name, langs in triggers["context"].items()},
            negations=_patterns(cues["negation"]), hypotheticals=_patterns(cues["hypothetical"]),
            not_negations=_patterns(cues["not_negation"]), denials=_patterns(cues["denial"]),
            warnings=_patterns({k: v for k, v in cues["warning"].items() if k != "about"}),
            agents=_patterns(cues["agent"]), not_agents_before=_patterns(cues["not_agent_before"]),
            not_agents_after=_patterns(cues["not_agent_after"]), anaphora=_patterns(cues["anaphora"]),
            count_kinds=[p for kind, langs in counts["kinds"].items() for p in _patterns(langs, kind)],
            supersedes={scope: triggers["supersedes"][scope]
                        for scope in ("phrase", "sentence", "report", "uncounted", "named")},
            periods={slug: (_day(p.get("from")), _day(p.get("until"))) for slug, p in extra.get("periods", {}).items()},
        )


def _patterns(by_language: dict[str, list[str]], slug: str = "") -> list[Pattern]:
    return [compile_pattern(p, language, slug) for language, phrases in by_language.items() for p in phrases]


@cache
def data_file(name: str) -> dict[str, Any]:
    """One of the extraction data files (extract/data/*.json), parsed once per process."""
    return read_json(resources.files("tawthiq.extract") / "data" / name)


@cache
def context_cue_set(key: str, languages: tuple[str, ...] = ("en", "ar")) -> PatternSet:
    """The phrases of data/context_cues.json under ``key``, in ``languages``, as one pattern set."""
    data = data_file("context_cues.json")[key]
    return PatternSet(compile_pattern(p, lang) for lang in languages for p in data[lang])


def read_json(path: Any) -> dict[str, Any]:
    """A JSON object read from a path or an importlib.resources traversable."""
    value: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return value


def compile_pattern(phrase: str, language: str, slug: str = "", context: str | None = None) -> Pattern:
    """Normalise a lexicon phrase word by word, keeping its ``*`` prefixes and ``~`` gaps."""
    parts: list[str] = []
    for raw in phrase.split():
        if raw in (GAP_SHORT, GAP_LONG):
            parts.append(raw)
            continue
        prefix = raw.endswith("*")
        words = norm_word(raw.rstrip("*")).split()
        if not words:
            continue
        if prefix:
            words[-1] += "*"
        parts.extend(words)
    if not parts or parts[0] in (GAP_SHORT, GAP_LONG) or parts[-1] in (GAP_SHORT, GAP_LONG):
        raise ValueError(f"lexicon phrase {phrase!r} is empty or starts or ends with a gap")
    return Pattern(phrase, tuple(parts), language, slug, context)


def is_acronym(alias: str) -> bool:
    """Short or upper-case Latin aliases ("IS", "YPG", "SyAAF") match only as written, never as "is"."""
    if not _LATIN.search(alias) or " " in alias.strip():
        return False
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 3 or any(c.isupper() for c in letters[1:])


def _index_actors(actors: list[ActorEntry]) -> ActorIndex:
    surface: dict[str, list[str]] = {}
    light: dict[str, list[str]] = {}
    fuzzy: dict[str, list[str]] = {}
    fuzzy_words: dict[str, int] = {}
    first_surfaces: set[str] = set()
    first_light: set[str] = set()
    first_fuzzy: set[str] = set()
    max_words = 1
    all_keys: set[str] = set()
    for actor in actors:
        for alias in actor.aliases:
            words = WORD.findall(alias)
            if not words:
                continue
            max_words = max(max_words, len(words))
            if is_acronym(alias):
                surface.setdefault(" ".join(alias.split()), []).append(actor.slug)
                first_surfaces.add(words[0])
                continue
            norms = [norm_word(w) for w in words]
            light.setdefault(" ".join(norms), []).append(actor.slug)
            first_light.add(norms[0])
            key = match_key(alias)
            if len(key) >= 3:
                all_keys.add(key)
            if len(key) >= FUZZY_MIN and script(alias) == "latin" and not _loses_acronym(words):
                fuzzy.setdefault(key, []).append(actor.slug)
                fuzzy_words[key] = max(fuzzy_words.get(key, 0), len(words))
                first_fuzzy.add(match_key(words[0]))
    return ActorIndex(
        surface={k: tuple(dict.fromkeys(v)) for k, v in surface.items()},
        light={k: tuple(dict.fromkeys(v)) for k, v in light.items()},
        fuzzy={k: tuple(dict.fromkeys(v)) for k, v in fuzzy.items()}, fuzzy_words=fuzzy_words,
        first_surfaces=frozenset(first_surfaces), first_light=frozenset(first_light),
        first_fuzzy=frozenset(first_fuzzy), max_words=max_words, all_keys=frozenset(all_keys),
    )


def _anaphora_actors(anaphora: list[Pattern], actors: list[ActorEntry]) -> dict[str, frozenset[str]]:
    """The actors an anaphor may stand for: those with its head noun at the head of an alias, which is the last
    word in English ("Islamic State group") and the first in Arabic ("تنظيم الدولة"); a head noun elsewhere
    names something else ("the coalition against the Islamic State organisation")."""
    words: dict[str, set[str]] = {}  # a head word of an alias, in every particle form -> actors
    for actor in actors:
        for alias in actor.aliases:
            found = WORD.findall(alias)
            if not found:
                continue
            head = found[0] if script(alias) == "ar" else found[-1]
            for form in particle_forms(norm_word(head)):
                words.setdefault(form, set()).add(actor.slug)
    out: dict[str, frozenset[str]] = {}
    for pattern in anaphora:
        head = pattern.parts[-1]
        head = head[2:] if head.startswith("ال") and len(head) > 3 else head
        out[pattern.phrase] = frozenset(words.get(head, ()))
    return out


def _loses_acronym(words: list[str]) -> bool:
    """Whether the match key of an alias drops one of its acronyms (an upper-case word the skeleton rules read
    as an article or a vowel): its key would then be that of its common words ("military" for "XX military"),
    and every capitalised "Military" would name the actor."""
    return any(len(w) > 1 and w.isupper() and not match_key(w) for w in words)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
