"""Envelope encryption of protected fields.

The organisation key is an X25519 key pair. A protected value is sealed to its public key (an ephemeral key
pair and XSalsa20-Poly1305 per value), so anyone who may write a source can store an identity without being
able to read one back. The private key is kept only wrapped: by a key derived from a passphrase (Argon2id) or
by a random key read from a key file kept outside the data directory.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

SEALED_PREFIX = "tq-sealed:1:"
PASSPHRASE = "passphrase"
KEY_FILE = "key-file"
# libsodium's "interactive" Argon2id cost with twice the passes: about 0.2 s and 64 MiB per unlock.
OPSLIMIT = 4
MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE
MIN_PASSPHRASE = 12


class WrongKey(Exception):
    """The passphrase or key file does not open the organisation key (or the wrapped key was altered)."""


class NotSealed(Exception):
    """A value expected to be sealed is not, or its ciphertext is damaged."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(SEALED_PREFIX)


def seal(public_key: str, plaintext: str) -> str:
    """``plaintext`` sealed to the organisation's public key (base64), as a text value for a column."""
    box = SealedBox(PublicKey(unb64(public_key)))
    return SEALED_PREFIX + b64(box.encrypt(plaintext.encode("utf-8")))


def unseal(private_key: PrivateKey, value: str) -> str:
    """The plaintext of a sealed value. Raises NotSealed for a value that is not, or cannot be, opened."""
    if not is_sealed(value):
        raise NotSealed()
    try:
        return SealedBox(private_key).decrypt(unb64(value[len(SEALED_PREFIX):])).decode("utf-8")
    except (nacl.exceptions.CryptoError, ValueError):
        raise NotSealed() from None


@dataclass(frozen=True)
class WrappedKey:
    """The organisation key as stored: the public key in clear, the private key wrapped."""

    method: str  # PASSPHRASE or KEY_FILE
    public_key: str
    wrapped: str
    salt: str = ""
    opslimit: int = 0
    memlimit: int = 0


def new_key_pair() -> PrivateKey:
    return PrivateKey.generate()


def new_file_key() -> bytes:
    """32 random bytes: the content of a new key file (stored base64-encoded, one line)."""
    return nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)


def _passphrase_key(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return bytes(nacl.pwhash.argon2id.kdf(nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt,
                                          opslimit=opslimit, memlimit=memlimit))


def wrap_with_passphrase(private_key: PrivateKey, passphrase: str, *, opslimit: int = OPSLIMIT,
                         memlimit: int = MEMLIMIT) -> WrappedKey:
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box = nacl.secret.SecretBox(_passphrase_key(passphrase, salt, opslimit, memlimit))
    return WrappedKey(PASSPHRASE, b64(bytes(private_key.public_key)), b64(box.encrypt(bytes(private_key))), b64(salt),
                      opslimit, memlimit)


def wrap_with_file_key(private_key: PrivateKey, file_key: bytes) -> WrappedKey:
    box = nacl.secret.SecretBox(file_key)
    return WrappedKey(KEY_FILE, b64(bytes(private_key.public_key)), b64(box.encrypt(bytes(private_key))))


def unwrap(wrapped: WrappedKey, *, passphrase: str | None = None, file_key: bytes | None = None) -> PrivateKey:
    """The organisation's private key. Raises WrongKey when the secret given does not open it."""
    if wrapped.method == PASSPHRASE:
        if passphrase is None:
            raise WrongKey()
        key = _passphrase_key(passphrase, unb64(wrapped.salt), wrapped.opslimit, wrapped.memlimit)
    else:
        if file_key is None or len(file_key) != nacl.secret.SecretBox.KEY_SIZE:
            raise WrongKey()
        key = file_key
    try:
        private_key = PrivateKey(nacl.secret.SecretBox(key).decrypt(unb64(wrapped.wrapped)))
    except (nacl.exceptions.CryptoError, ValueError):
        raise WrongKey() from None
    if b64(bytes(private_key.public_key)) != wrapped.public_key:
        raise WrongKey()
    return private_key
