"""Sealing of protected fields as records are written: every write path goes through ``Writer``, which calls this.

Only the organisation's public key is needed, so anyone who may write a source can store an identity
without being able to read one back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tawthiq.crypto.envelope import is_sealed, seal
from tawthiq.db.protection import OrganisationKey
from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.services.records.kinds import KindSpec


def organisation_public_key(session: Session) -> str | None:
    return session.scalar(select(OrganisationKey.public_key).where(OrganisationKey.id == 1))


class Sealer:
    """Seals the plain protected values of rows about to be written, within one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._public_key: str | None = None

    def seal(self, spec: KindSpec, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` with every plain protected value sealed; values already sealed pass through.

        Raises InvalidInput when a protected value must be stored and there is no organisation key.
        """
        plain = [k for k in spec.protected if isinstance(values.get(k), str) and values[k] and not is_sealed(values[k])]
        if not plain:
            return values
        if self._public_key is None:
            self._public_key = organisation_public_key(self.session)
            if self._public_key is None:
                raise InvalidInput([Problem(k,
                                            "there is no organisation key to protect it with: run `tawthiq keys init`",
                                            "لا يوجد مفتاح للمنظمة لحمايته: شغّل tawthiq keys init")
                                    for k in sorted(plain)])
        return {**values, **{k: seal(self._public_key, values[k]) for k in plain}}
