"""Records and their history: kinds and fields, checked reads and writes, import and export, vocabularies, set-up."""
