"""Authenticated encryption of a byte stream in constant memory: XSalsa20-Poly1305 chunks of 1 MiB.

Each chunk is a secret box whose nonce is the chunk number and a last-chunk flag, so chunks cannot be
reordered, dropped or appended, and a stream cut short is refused (its last chunk is not marked last).
"""

from __future__ import annotations

import struct
from typing import IO

import nacl.exceptions
import nacl.secret

CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")
_MAC = nacl.secret.SecretBox.MACBYTES


class StreamDamaged(Exception):
    """The stream was altered, truncated or encrypted with another key."""


def _nonce(counter: int, last: bool) -> bytes:
    return struct.pack(">QB", counter, 1 if last else 0).ljust(nacl.secret.SecretBox.NONCE_SIZE, b"\0")


class Encryptor:
    """A writable file: what is written goes out to ``target`` as encrypted chunks; ``close`` marks the last one."""

    def __init__(self, target: IO[bytes], key: bytes) -> None:
        self._target, self._box = target, nacl.secret.SecretBox(key)
        self._buffer = bytearray()
        self._counter = 0
        self.written = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back: only close knows which chunk is last
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        self.written += len(data)
        return len(data)

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        sealed = self._box.encrypt(chunk, _nonce(self._counter, last)).ciphertext
        self._target.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True

    def __enter__(self) -> Encryptor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def decrypt_stream(source: IO[bytes], target: IO[bytes], key: bytes, *, limit: int | None = None) -> int:
    """Decrypt ``source`` into ``target``. Raises StreamDamaged (then ``target`` holds a part to be thrown away).

    ``limit`` bounds the plaintext: a stream that would write more is refused.
    """
    box = nacl.secret.SecretBox(key)
    total, counter = 0, 0
    while True:
        head = source.read(_LENGTH.size)
        if len(head) != _LENGTH.size:
            raise StreamDamaged()
        (length,) = _LENGTH.unpack(head)
        if length < _MAC or length > CHUNK + _MAC:
            raise StreamDamaged()
        sealed = source.read(length)
        if len(sealed) != length:
            raise StreamDamaged()
        for last in (False, True):
            try:
                plain = box.decrypt(sealed, _nonce(counter, last))
                break
            except nacl.exceptions.CryptoError:
                continue
        else:
            raise StreamDamaged()
        total += len(plain)
        if limit is not None and total > limit:
            raise StreamDamaged()
        target.write(plain)
        if last:
            if source.read(1):
                raise StreamDamaged()  # bytes after the last chunk
            return total
        counter += 1
