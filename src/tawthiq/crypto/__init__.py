"""Cryptography of Tawthiq, no I/O: sealed protected fields, wrapped organisation keys, instance signatures.

Everything goes through libsodium (PyNaCl): X25519 sealed boxes, XSalsa20-Poly1305 secret boxes, Argon2id
and Ed25519. Nothing here reads files or the database; services/protection/keys.py and sync/archive.py do.
"""
