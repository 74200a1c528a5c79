"""Authenticated encryption of a byte stream in constant memory: XSalsa20-Poly1305 chunks of 1 MiB.

Each chunk is a secret box whose nonce is the chunk number and a last-chunk flag, so chunks cannot be
reordered, dropped or appended, and a stream cut short is refused (its last chunk is not marked last).
"""

from __future__ import annotations

import io
import struct
from typing import IO, Any

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


class DecryptingReader(io.RawIOBase):
    """The plaintext of an encrypted stream in a seekable file, decrypted chunk by chunk as it is read: a zip or tar
    archive is read in place and nothing decrypted is written anywhere (a process killed midway leaves no plaintext).

    The stream must be as ``Encryptor`` writes it: every chunk but the last holds exactly CHUNK bytes, so chunk i lies
    at a known offset. Each chunk is authenticated when it is read, with its number and whether it is the last, so a
    read of altered, reordered, dropped or cut-off bytes raises StreamDamaged; the last chunk is checked at once.
    """

    _RECORD = _LENGTH.size + CHUNK + _MAC

    def __init__(self, source: IO[bytes], key: bytes, *, start: int) -> None:
        super().__init__()
        self._source, self._box, self._start = source, nacl.secret.SecretBox(key), start
        total = source.seek(0, io.SEEK_END) - start
        self._chunks = max(1, -(-total // self._RECORD))
        self._last_record = total - (self._chunks - 1) * self._RECORD
        if self._last_record < _LENGTH.size + _MAC:
            raise StreamDamaged()
        self.size = (self._chunks - 1) * CHUNK + self._last_record - _LENGTH.size - _MAC
        self._position = 0
        self._cached: tuple[int, bytes] = (-1, b"")
        self._chunk(self._chunks - 1)  # a stream cut short or run on fails here, before any use

    def _chunk(self, index: int) -> bytes:
        if self._cached[0] == index:
            return self._cached[1]
        last = index == self._chunks - 1
        expected = self._last_record - _LENGTH.size if last else CHUNK + _MAC
        self._source.seek(self._start + index * self._RECORD)
        head = self._source.read(_LENGTH.size)
        sealed = self._source.read(expected)
        if len(head) != _LENGTH.size or _LENGTH.unpack(head)[0] != expected or len(sealed) != expected:
            raise StreamDamaged()
        try:
            plain = self._box.decrypt(sealed, _nonce(index, last))
        except nacl.exceptions.CryptoError:
            raise StreamDamaged() from None
        self._cached = (index, plain)
        return plain

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and self._position < self.size:
            index, within = divmod(self._position, CHUNK)
            part = self._chunk(index)[within:within + len(view) - filled]
            view[filled:filled + len(part)] = part
            filled += len(part)
            self._position += len(part)
        return filled
