"""Roles of the people who use Tawthiq, and the highest confidentiality each may read. No I/O."""

from __future__ import annotations

from enum import StrEnum

from tawthiq.domain.enums import Confidentiality


class Role(StrEnum):
    ADMIN = "admin"  # users, vocabularies, settings, and everything a coordinator may do
    COORDINATOR = "coordinator"  # all records
    DOCUMENTER = "documenter"  # creates and edits own records, reads internal ones
    ANALYST = "analyst"  # reads internal records, never protected source identities
    VIEWER = "viewer"  # public records only


CLEARANCE: dict[Role, Confidentiality] = {
    Role.ADMIN: Confidentiality.RESTRICTED,
    Role.COORDINATOR: Confidentiality.RESTRICTED,
    Role.DOCUMENTER: Confidentiality.INTERNAL,
    Role.ANALYST: Confidentiality.INTERNAL,
    Role.VIEWER: Confidentiality.PUBLIC,
}
