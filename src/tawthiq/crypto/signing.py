"""Instance keys: one Ed25519 key pair per instance signs what it sends; its X25519 twin opens what is sent to it."""

from __future__ import annotations

import nacl.exceptions
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from tawthiq.crypto.envelope import b64, unb64


class BadSignature(Exception):
    """The signature does not match the data and the key."""


class NotForUs(Exception):
    """The sealed data cannot be opened with this instance's key (sent to another instance, or damaged)."""


def new_signing_key() -> SigningKey:
    return SigningKey.generate()


def public_key_text(key: SigningKey) -> str:
    """The instance's public key as exchanged out of band: base64 of the Ed25519 verify key."""
    return b64(bytes(key.verify_key))


def parse_public_key(text: str) -> VerifyKey:
    """Raises ValueError for text that is not a base64 Ed25519 public key."""
    raw = unb64(text.strip())
    if len(raw) != 32:
        raise ValueError("an instance public key is 32 bytes")
    return VerifyKey(raw)


def sign(key: SigningKey, data: bytes) -> bytes:
    return bytes(key.sign(data).signature)


def verify(public_key: VerifyKey, data: bytes, signature: bytes) -> None:
    try:
        public_key.verify(data, signature)
    except (nacl.exceptions.BadSignatureError, ValueError):
        raise BadSignature() from None


def seal_to(public_key: VerifyKey, data: bytes) -> bytes:
    """``data`` encrypted so that only the holder of ``public_key``'s private key can read it."""
    return bytes(SealedBox(PublicKey(bytes(public_key.to_curve25519_public_key()))).encrypt(data))


def open_sealed(key: SigningKey, data: bytes) -> bytes:
    try:
        return bytes(SealedBox(PrivateKey(bytes(key.to_curve25519_private_key()))).decrypt(data))
    except (nacl.exceptions.CryptoError, ValueError):
        raise NotForUs() from None
