"""This instance's Ed25519 key (it signs bundles and packages, and opens bundles sent to it), and the instances
it trusts. The key lives in ``keys/instance.key`` in the data directory, readable by its owner only, and
travels in backups."""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from nacl.signing import SigningKey
from sqlalchemy import select

from tawthiq.crypto import signing
from tawthiq.db.protection import TrustedInstance
from tawthiq.domain.errors import InvalidInput
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.audit import AuditChain
from tawthiq.services.workspace import Workspace

KEY_FILE = Path("keys") / "instance.key"


def instance_key(ws: Workspace) -> SigningKey:
    """This instance's signing key, made on first use."""
    path = ws.settings.data_dir / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = signing.new_signing_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made meanwhile by another process: use that one
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(base64.b64encode(bytes(key)).decode("ascii") + "\n")
    return SigningKey(base64.b64decode(path.read_text(encoding="ascii").strip()))


def public_key(ws: Workspace, account: Principal) -> str:
    """This instance's public key, to give other instances out of band (read it aloud, compare it in person).
    Raises Forbidden unless the role exchanges bundles."""
    ensure(account, Action.SYNC, what="(this instance's key)")
    return signing.public_key_text(instance_key(ws))


def fingerprint(key_text: str) -> str:
    """A short form of a public key to compare by eye: groups of its SHA-256."""
    digest = hashlib.sha256(key_text.encode("ascii")).hexdigest()[:20]
    return "-".join(digest[i:i + 4] for i in range(0, 20, 4))


def trust(ws: Workspace, account: Principal, *, key: str, name: str) -> dict[str, str]:
    """Accept bundles signed by ``key`` (an instance's public key), as ``account``. Raises Forbidden unless the
    role may manage instances, InvalidInput for a malformed key."""
    ensure(account, Action.MANAGE_KEYS, what="(trust an instance)")
    try:
        signing.parse_public_key(key)
    except ValueError:
        raise InvalidInput.single("key", "is not an instance public key (base64 of 32 bytes)",
                                  "ليس مفتاحاً عاماً لنسخة (32 بايت بترميز base64)") from None
    if not name.strip():
        raise InvalidInput.single("name", "give the instance a name", "أعط النسخة اسماً")
    key = key.strip()
    with ws.transaction() as session:
        if session.get(TrustedInstance, key) is None:
            session.add(TrustedInstance(public_key=key, name=name.strip(), trusted_at=datetime.now(UTC),
                                        trusted_by=account.username))
            chain = AuditChain(session)
            chain.append(actor=account.username, action="instance-trust",
                         details={"public_key": key, "name": name.strip()})
            chain.flush()
    return {"public_key": key, "name": name.strip(), "fingerprint": fingerprint(key)}


def trusted(ws: Workspace, account: Principal) -> list[dict[str, str]]:
    """The instances whose bundles are accepted here. Raises Forbidden unless the role exchanges bundles."""
    ensure(account, Action.SYNC, what="(trusted instances)")
    with ws.reading() as session:
        rows = session.scalars(select(TrustedInstance).order_by(TrustedInstance.name)).all()
        return [{"name": r.name, "public_key": r.public_key, "fingerprint": fingerprint(r.public_key)} for r in rows]
