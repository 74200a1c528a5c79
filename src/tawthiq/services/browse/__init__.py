"""Finding records: full-text search and its index, the event page, dashboard, map, timeline and pickers."""
