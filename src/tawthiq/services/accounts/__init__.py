"""Accounts: users, logins, sessions and tokens, two-factor authentication, user administration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.accounts.admin import (
        add_user as add_user,
        audit_log as audit_log,
        create_token as create_token,
        enrol_second_factor as enrol_second_factor,
        reset_password as reset_password,
        revoke_sessions as revoke_sessions,
        set_active as set_active,
        set_role as set_role,
    )
    from tawthiq.services.accounts.two_factor import (
        confirm_enrolment as confirm_enrolment,
        start_enrolment as start_enrolment,
    )
    from tawthiq.services.accounts.users import (
        authenticate as authenticate,
        change_password as change_password,
        create_user as create_user,
        end_session as end_session,
        operator_account as operator_account,
        session_account as session_account,
        set_language as set_language,
        start_session as start_session,
    )

__getattr__, __all__ = lazy(__name__, {
    "add_user": "admin", "audit_log": "admin", "authenticate": "users", "change_password": "users",
    "confirm_enrolment": "two_factor", "reset_password": "admin",
    "create_token": "admin", "create_user": "users", "end_session": "users", "enrol_second_factor": "admin",
    "operator_account": "users", "revoke_sessions": "admin", "session_account": "users", "set_active": "admin",
    "set_language": "users", "set_role": "admin", "start_enrolment": "two_factor", "start_session": "users",

})
