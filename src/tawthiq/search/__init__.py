"""Full-text search adapters: SQLite FTS5 and PostgreSQL full text behind one small interface."""
