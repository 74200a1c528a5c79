"""What a publication may hold: the profile that decides it, and the redacted collection every output is made from.

A :class:`PublicSet` is made once per run by ``services/publishing/collect.py`` from the records a profile admits,
already redacted (fields the profile leaves out are absent, places and dates coarsened, sources by pseudonym and
only with consent to publish). Every output (the static site, the PDF reports, the open data) is rendered from it
and from nothing else, so that no renderer can reach a protected field. What was held back, and why, is in
:attr:`PublicSet.withheld` (coordinators only; never written into a public output).

No I/O here.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from tawthiq.domain.grading import DEFAULT_ADMITTED


class Withheld(StrEnum):
    """Why a record, a field or a file was held back (the withheld log's reason codes)."""

    NOT_PUBLIC = "not-public"  # its confidentiality (or its parent's) is above public
    NOT_VERIFIED = "not-verified"  # its event's status is below the profile's minimum
    DISPUTED = "disputed"  # a disputed or false event, and the profile leaves those out
    NO_CONSENT = "no-consent"  # a source without consent to publish
    SOURCES_OFF = "sources-off"  # the profile publishes no sources
    VICTIMS_UNNAMED = "victims-unnamed"  # the profile does not name victims
    PROTECTED_FIELD = "protected-field"  # a field the profile does not list (or that may never leave)
    PLACE_COARSENED = "place-coarsened"  # the place is published at a coarser level than recorded
    DATE_COARSENED = "date-coarsened"  # the date is published at a coarser precision than recorded
    EVIDENCE_OFF = "evidence-off"  # the profile publishes no evidence
    EVIDENCE_NOT_DERIVED = "evidence-not-derived"  # no publishable derived copy (type cannot be stripped)
    FACES_NOT_BLURRED = "faces-not-blurred"  # the profile asks for blurred faces and that could not be done
    DELETED = "deleted"  # deleted after an earlier publication (the site drops its page)


# The fields that may ever be listed in a profile, per kind; anything else (a source's identity and contact, a
# person's protected notes, free-text notes) can never leave, whatever a profile says.
PUBLISHABLE: Mapping[str, frozenset[str]] = {
    "event": frozenset({"title", "description", "date", "place", "coordinates", "status", "figures"}),
    "act": frozenset({"type", "description", "date", "figures", "perpetrators", "victim_description", "method"}),
    "victim": frozenset({"name", "sex", "age_group"}),
    "source": frozenset({"pseudonym", "kind", "reliability"}),
    "evidence": frozenset({"sha256", "media_type", "description", "captured_at"}),
}
PLACE_LEVELS = ("exact", "village", "subdistrict", "district", "governorate", "country")  # finest first
DATE_LEVELS = ("day", "week", "month", "year")  # finest first


@dataclass(frozen=True)
class Profile:
    """What may leave, as a file or a database record (versioned). See docs/publishing.md for each key."""

    name: str
    version: int = 1
    title_en: str = ""
    title_ar: str = ""
    min_status: str = "corroborated"  # unverified < corroborated < verified
    include_disputed: bool = False  # publish disputed and false events (graded contested / discounted)
    fields: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(PUBLISHABLE))
    sources: str = "pseudonyms"  # "none" or "pseudonyms" (only sources with consent to publish)
    victims_named: bool = False
    place_level: str = "exact"  # the finest place level published
    sensitive_types: frozenset[str] = frozenset()  # violation-type slugs whose events get sensitive_place_level
    sensitive_place_level: str = "district"
    date_level: str = "day"  # the finest date precision published (never finer than recorded)
    evidence: str = "none"  # "none", "stripped" (metadata removed) or "blurred" (and faces blurred)
    admitted_grades: tuple[str, ...] = tuple(g.value for g in DEFAULT_ADMITTED)  # counted in headline totals


@dataclass(frozen=True)
class PublicPlace:
    id: str
    name: str
    name_ar: str | None
    feature: str  # the level published (after coarsening): village, district, governorate, …
    admin: tuple[tuple[str, str, str | None], ...] = ()  # (feature, name, name_ar), country first
    alt_names: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str = "region"  # exact, near, region, country: never finer than recorded


@dataclass(frozen=True)
class PublicActor:
    id: str
    name: str
    name_ar: str | None
    parents: tuple[str, ...] = ()  # names of the units it belongs to, nearest first


@dataclass(frozen=True)
class PublicVictim:
    name: str | None  # None unless the profile names victims
    name_ar: str | None
    sex: str  # female, male, unknown
    age_group: str  # child (under 18), adult, unknown


@dataclass(frozen=True)
class Figures:
    """Casualty figures of one category as the accounts give them: never added across categories."""

    min: int
    max: int
    accounts: int


@dataclass(frozen=True)
class PublicAct:
    id: str
    type: str  # violation-type slug
    type_en: str
    type_ar: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    description: str
    start: date | None
    end: date | None
    precision: str
    perpetrators: tuple[PublicActor, ...]
    figures: Mapping[str, int]  # killed, injured, detained, displaced as recorded on the act (absent: not said)
    victims: tuple[PublicVictim, ...] = ()
    victim_description: str = ""


@dataclass(frozen=True)
class PublicSource:
    pseudonym: str
    kind: str | None
    kind_ar: str | None
    reliability: str | None
    reliability_ar: str | None


@dataclass(frozen=True)
class PublicFile:
    """A derived copy of a piece of evidence, fit to publish (the original is never published)."""

    sha256: str  # of the derived copy
    media_type: str
    extension: str
    size: int
    derivation: str  # metadata-stripped, faces-blurred
    description: str = ""
    original_sha256: str | None = None  # only when the profile lists evidence "sha256"
    custody_entries: int = 0


@dataclass(frozen=True)
class HistoryStep:
    """One change to a published record, without who made it (staff are not named in public outputs)."""

    at: datetime
    version: int
    change: str  # create, update, delete, restore


@dataclass(frozen=True)
class PublicEvent:
    id: str
    title: str
    description: str
    start: date | None
    end: date | None
    precision: str  # after coarsening
    place: PublicPlace | None
    place_text: str | None
    status: str
    grade: str
    grade_reason: str
    grade_reason_ar: str
    figures: Mapping[str, Figures]  # per category, min–max over the accounts
    acts: tuple[PublicAct, ...]
    sources: tuple[PublicSource, ...]
    files: tuple[PublicFile, ...]
    updated_at: datetime
    history: tuple[HistoryStep, ...] = ()
    merged: tuple[str, ...] = ()  # other published events merged with this one (the same incident)
    counted: bool = False  # whether its grade is admitted to the headline totals


@dataclass(frozen=True)
class WithheldEntry:
    kind: str
    record_id: str
    reason: Withheld
    field: str | None = None
    event_id: str | None = None  # the published event it belongs to, if any


@dataclass(frozen=True)
class VocabularyTerm:
    slug: str
    label_en: str
    label_ar: str
    parent: str | None = None


@dataclass
class PublicSet:
    """Everything a run may publish, redacted, with the log of what was held back."""

    profile: Profile
    as_of: datetime  # the latest change among the records read: outputs are dated by it, never by the clock
    events: list[PublicEvent]
    withheld: list[WithheldEntry]
    vocabularies: Mapping[str, Sequence[VocabularyTerm]]  # violation-types, source-kinds, reliability, …
    totals: Mapping[str, Figures]  # headline: per category, sums over the counted events (merged counted once)
    read_file: Callable[[str], bytes] = field(repr=False, default=lambda sha: b"")  # a PublicFile's bytes
    organisation: str = ""  # the publisher's name (English; Arabic below): set by the interface from the settings
    organisation_ar: str = ""

    def event(self, ident: str) -> PublicEvent | None:
        return next((e for e in self.events if e.id == ident), None)


def event_digest(event: PublicEvent) -> str:
    """A digest of everything an incident publishes: equal events give equal digests, in any process, however their
    parts are shared (the pickler's memo is off, so no back-reference depends on which objects are shared)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(event)
    return hashlib.sha256(buffer.getvalue()).hexdigest()
