"""Pure types and rules of Tawthiq: no I/O, no database, no files."""
