"""Who may do what: the one authorization policy of Tawthiq. No I/O.

Every permission is a named :class:`Action` mapped here to the roles that may take it. Services call
:func:`ensure` (or :func:`allows`, to decide what to show); routes, commands and templates never test a role
themselves. Reading is decided by clearance: a record may be read when its effective confidentiality (its own
level, raised to the level of whatever it belongs to; see ``services/records/levels.py``) is at or below the
reader's clearance. A record above it is reported exactly as a missing one.

Where a new capability needs a permission, add an action here, give it its roles, and call ``ensure`` from the
service that owns the use case.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from tawthiq.domain.enums import Confidentiality
from tawthiq.domain.errors import TawthiqError


class Role(StrEnum):
    ADMIN = "admin"  # users, keys, instances, settings, and everything a coordinator may do
    COORDINATOR = "coordinator"  # every record; reviews, merges, conflicts, packages, exports
    DOCUMENTER = "documenter"  # creates records, edits and deletes their own, reads internal ones
    ANALYST = "analyst"  # reads internal records and the linkage review, changes nothing
    VIEWER = "viewer"  # public records only


class Channel(StrEnum):
    """How a principal reaches the services: some things are entered from the command line only."""

    WEB = "web"
    CLI = "cli"


CLEARANCE: dict[Role, Confidentiality] = {
    Role.ADMIN: Confidentiality.RESTRICTED,
    Role.COORDINATOR: Confidentiality.RESTRICTED,
    Role.DOCUMENTER: Confidentiality.INTERNAL,
    Role.ANALYST: Confidentiality.INTERNAL,
    Role.VIEWER: Confidentiality.PUBLIC,
}
LEVELS = list(Confidentiality)


class Action(StrEnum):
    READ = "read a record"  # record-bound: its level within the clearance
    CREATE = "create records"
    EDIT = "edit a record"  # record-bound: documenters their own
    DELETE = "delete a record"  # record-bound, as edit
    RESTORE = "restore a record"  # record-bound, as edit
    ENTER_PROTECTED = "enter protected fields"  # a source's identity: from the command line only
    REVEAL = "see protected identities"
    SEE_LINKS = "see record linkage"
    DECIDE_LINKS = "decide on record linkage"
    SEE_CONFLICTS = "review sync conflicts"
    RESOLVE_CONFLICTS = "resolve sync conflicts"
    MANAGE_USERS = "manage users"
    READ_AUDIT = "read the audit log"
    EXPORT = "export or import every record"
    PACKAGE = "make evidence packages"
    VERIFY = "verify the whole data directory"
    GAZETTEER = "load or import gazetteers"
    SYNC = "exchange bundles with other instances"
    MANAGE_KEYS = "manage keys, instances and backups"
    MAINTAIN = "maintain the data directory"
    PUBLISH = "publish"
    CAPTURE = "capture online sources"


_EVERYONE = frozenset(Role)
_EDITORS = frozenset({Role.ADMIN, Role.COORDINATOR, Role.DOCUMENTER})
_OFFICE = frozenset({Role.ADMIN, Role.COORDINATOR})
_ADMINS = frozenset({Role.ADMIN})

RULES: dict[Action, frozenset[Role]] = {
    Action.READ: _EVERYONE,
    Action.CREATE: _EDITORS,
    Action.EDIT: _EDITORS,
    Action.DELETE: _EDITORS,
    Action.RESTORE: _EDITORS,
    Action.ENTER_PROTECTED: _EDITORS,
    Action.REVEAL: _OFFICE,
    Action.SEE_LINKS: _OFFICE | {Role.ANALYST},
    Action.DECIDE_LINKS: _OFFICE,
    Action.SEE_CONFLICTS: _OFFICE,
    Action.RESOLVE_CONFLICTS: _OFFICE,
    Action.MANAGE_USERS: _ADMINS,
    Action.READ_AUDIT: _ADMINS,
    Action.EXPORT: _OFFICE,
    Action.PACKAGE: _OFFICE,
    Action.VERIFY: _OFFICE,
    Action.GAZETTEER: _OFFICE,
    Action.SYNC: _OFFICE,
    Action.MANAGE_KEYS: _ADMINS,
    Action.MAINTAIN: _ADMINS,
    Action.PUBLISH: _OFFICE,
    Action.CAPTURE: _EDITORS,
}
# Record-bound actions that every role in RULES may take on any record it can read, except these roles, who
# may take them only on records they created themselves.
OWN_RECORDS_ONLY: dict[Action, frozenset[Role]] = {
    Action.EDIT: frozenset({Role.DOCUMENTER}),
    Action.DELETE: frozenset({Role.DOCUMENTER}),
    Action.RESTORE: frozenset({Role.DOCUMENTER}),
}
CHANNELS: dict[Action, frozenset[Channel]] = {Action.ENTER_PROTECTED: frozenset({Channel.CLI})}


class Principal(Protocol):
    """Whoever acts: a web user or the command line's operator."""

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> Role: ...

    @property
    def channel(self) -> Channel: ...


@dataclass(frozen=True)
class Target:
    """What a record-bound action is taken on: its effective confidentiality and who created it."""

    level: str
    created_by: str | None = None


@dataclass
class Forbidden(TawthiqError):
    """The principal's role does not allow this action."""

    action: str

    def __str__(self) -> str:
        return f"your role does not allow: {self.action} / دورك لا يسمح بهذا الإجراء"


def clearance(principal: Principal) -> Confidentiality:
    return CLEARANCE[principal.role]


def readable_levels(principal: Principal) -> list[str]:
    """The confidentiality levels the principal may read, lowest first."""
    return [level.value for level in LEVELS[: LEVELS.index(clearance(principal)) + 1]]


def may_read_level(principal: Principal, level: str) -> bool:
    return LEVELS.index(Confidentiality(level)) <= LEVELS.index(clearance(principal))


def allows(principal: Principal, action: Action, target: Target | None = None) -> bool:
    """Whether ``principal`` may take ``action`` (on ``target``, for record-bound actions)."""
    if principal.role not in RULES[action]:
        return False
    if action in CHANNELS and principal.channel not in CHANNELS[action]:
        return False
    if target is None:
        return True
    if not may_read_level(principal, target.level):
        return False
    return principal.role not in OWN_RECORDS_ONLY.get(action, frozenset()) or target.created_by == principal.username


def other_channel_only(principal: Principal, action: Action) -> bool:
    """Whether the principal's role may take ``action``, but not through the channel it is using (a source's
    identity typed into the web, say): the interface then names the field and says where to enter it."""
    return principal.role in RULES[action] and action in CHANNELS and principal.channel not in CHANNELS[action]


def ensure(principal: Principal, action: Action, target: Target | None = None, *, what: str = "") -> None:
    """Raise :class:`Forbidden` unless ``principal`` may take ``action`` (on ``target``).

    A target above the principal's clearance must be reported as not found by the caller before it gets here;
    ``ensure`` then only answers for the role.
    """
    if not allows(principal, action, target):
        raise Forbidden(f"{action.value} {what}".strip())
