"""The workspace of the current command, built from the environment on first use."""

from __future__ import annotations

from tawthiq.config import Settings
from tawthiq.db import schema
from tawthiq.domain.errors import TawthiqError
from tawthiq.services.accounts.users import Account, operator_account
from tawthiq.services.workspace import Workspace, open_workspace

_current: list[Workspace] = []


class NotInitialised(TawthiqError):
    def __str__(self) -> str:
        return "the data directory is not initialised: run `tawthiq init` / مجلد البيانات غير مهيأ: شغّل tawthiq init"


def workspace(*, initialised: bool = True) -> Workspace:
    """The workspace named by the environment (TAWTHIQ_DATA_DIR…), opened once per process.

    With ``initialised``, refuses (NotInitialised) a database that is not at the current schema.
    """
    if not _current:
        _current.append(open_workspace(Settings()))
    ws = _current[0]
    if initialised and schema.current_revision(ws.engine) != schema.head_revision():
        raise NotInitialised()
    return ws


def operator() -> Account:
    """The account this command acts as (``TAWTHIQ_USER``), in the initialised workspace. Raises NoOperator."""
    return operator_account(workspace())


def reset() -> None:
    """Forget the open workspace (tests run several commands in one process)."""
    while _current:
        _current.pop().close()
