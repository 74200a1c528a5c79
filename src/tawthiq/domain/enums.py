"""Fixed scales that are rules of the system, not editable vocabularies."""

from __future__ import annotations

from enum import StrEnum


class Confidentiality(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"


class VerificationStatus(StrEnum):
    UNVERIFIED = "unverified"
    CORROBORATED = "corroborated"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    FALSE = "false"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class GeoPrecision(StrEnum):
    EXACT = "exact"
    NEAR = "near"
    REGION = "region"
    COUNTRY = "country"


class InformationRelation(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class Language(StrEnum):
    ARABIC = "ar"
    ENGLISH = "en"
    OTHER = "other"
