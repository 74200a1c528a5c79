"""Evidence: files stored once under their hash, uploads, working copies, verification, BagIt packages."""
