"""The workspace of the current command and the account it acts as, built from the environment on first use.

Every command acts as the operator account (``TAWTHIQ_USER``) through the same checked services as the web, and
the policy decides. These act before any account can exist, or touch no data directory, and so take none:

- ``tawthiq init`` on a data directory without accounts (its operator becomes the admin; on one with accounts,
  the operator must be allowed to maintain it);
- ``tawthiq restore`` into an empty data directory;
- ``tawthiq package verify PATH`` (no database);
- ``tawthiq extract PATH`` (stores nothing);
- ``tawthiq serve`` (each web request acts as its logged-in user);
- ``--help``.

Imports are made on first use: a command pays only for what it needs (see bench/cli_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tawthiq.services.accounts.users import Account
    from tawthiq.services.workspace import Workspace

_current: list[Workspace] = []


def workspace(*, initialised: bool = True) -> Workspace:
    """The workspace named by the environment (TAWTHIQ_DATA_DIR…), opened once per process.

    With ``initialised``, refuses (NotInitialised) a database that is not at the current schema.
    """
    from tawthiq.config import Settings
    from tawthiq.services.records.setup import ensure_initialised
    from tawthiq.services.workspace import open_workspace

    if not _current:
        _current.append(open_workspace(Settings()))
    ws = _current[0]
    if initialised:
        ensure_initialised(ws)
    return ws


def operator(*, initialised: bool = True) -> Account:
    """The account this command acts as (``TAWTHIQ_USER``). Raises NoOperator (exit 4) or NotInitialised."""
    from tawthiq.services.accounts.users import operator_account

    return operator_account(workspace(initialised=initialised))


def reset() -> None:
    """Forget the open workspace (tests run several commands in one process)."""
    while _current:
        _current.pop().close()
